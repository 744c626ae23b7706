package web

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

const rdfNS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

// rdfXMLTriples reads RDF/XML in its striped form (node elements and
// property elements alternate; rdf:about, rdf:resource, rdf:datatype,
// xml:lang), written here from the RDF/XML syntax specification, into
// statements written as N-Quads writes them, blank nodes as "_:".
func rdfXMLTriples(t *testing.T, body string) []string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(body))
	var out []string
	type frame struct {
		node              bool
		subject, property string
		object            string // a property's resource or nested node
		datatype, lang    string
		text              strings.Builder
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			iri := tok.Name.Space + tok.Name.Local
			if iri == rdfNS+"RDF" {
				continue
			}
			f := &frame{}
			parent := (*frame)(nil)
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			if parent == nil || !parent.node {
				// A node element.
				f.node, f.subject = true, "_:"
				for _, a := range tok.Attr {
					if a.Name.Space == rdfNS && a.Name.Local == "about" {
						f.subject = "<" + a.Value + ">"
					}
				}
				if iri != rdfNS+"Description" {
					out = append(out, f.subject+" <"+rdfNS+"type> <"+iri+">")
				}
				if parent != nil {
					parent.object = f.subject
				}
			} else {
				f.subject, f.property = parent.subject, iri
				for _, a := range tok.Attr {
					switch {
					case a.Name.Space == rdfNS && a.Name.Local == "resource":
						f.object = "<" + a.Value + ">"
					case a.Name.Space == rdfNS && a.Name.Local == "datatype":
						f.datatype = a.Value
					case a.Name.Local == "lang":
						f.lang = a.Value
					}
				}
			}
			stack = append(stack, f)
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(tok)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.node {
				continue
			}
			object := f.object
			if object == "" {
				object = fmt.Sprintf("%q", f.text.String())
				if f.lang != "" {
					object += "@" + f.lang
				} else if f.datatype != "" {
					object += "^^<" + f.datatype + ">"
				}
			}
			out = append(out, f.subject+" <"+f.property+"> "+object)
		}
	}
	// A graph is a set: a node written twice states nothing twice.
	slices.Sort(out)
	return slices.Compact(out)
}

// The RDF/XML catalogue is the same graph as the JSON-LD one: read with
// a reader of RDF/XML written in this test, and with json-gold.
func TestCatalogueRDFXML(t *testing.T) {
	ts := hubServer(t, Hub{Nom: "Hub d'Occitanie", Identifiant: "13002526500013", Territoire: "Occitanie", Contact: "hub@exemple.fr"}, schemaFixture()...)
	res := ts.get(t, "/catalogue.rdf", "Host", "pirate.example")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/rdf+xml") || strings.Contains(res.Body, "pirate") {
		t.Fatalf("%d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	got := rdfXMLTriples(t, res.Body)
	var want []string
	for _, tr := range catalogueGraph(t, ts.get(t, "/catalogue.jsonld").Body) {
		s, o := tr.s, tr.o
		if strings.HasPrefix(s, "_:") {
			s = "_:"
		}
		if strings.HasPrefix(o, "_:") {
			o = "_:"
		}
		want = append(want, s+" <"+tr.p+"> "+o)
	}
	slices.Sort(want)
	want = slices.Compact(want)
	if !slices.Equal(got, want) {
		t.Errorf("RDF/XML and JSON-LD differ:\nRDF/XML:\n%s\nJSON-LD:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(got) < 50 {
		t.Errorf("only %d statements", len(got))
	}
}
