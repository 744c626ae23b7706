package web

import (
	"bytes"
	"encoding/xml"
	"maps"
	"net/http"
	"slices"
	"strings"

	"maillage/internal/failure"
)

// /catalogue.rdf is the DCAT-AP catalogue in RDF/XML, for the harvesters
// that read only that: the same graph as /catalogue.jsonld, written from
// the same document.

func (s *Server) catalogueRDF(w http.ResponseWriter, r *http.Request) {
	base, ok := s.absoluteURL("")
	if !ok {
		s.error(w, r, failure.Errorf(failure.NotFound, "Le catalogue des données n'est pas publié : l'adresse publique du site n'est pas configurée (--url-publique), et ses liens ne peuvent pas être construits sans elle."))
		return
	}
	doc := s.catalogueDocument(base, s.indexOf(r.Context()))
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"`)
	for _, prefix := range slices.Sorted(maps.Keys(catalogueContext)) {
		b.WriteString("\n    xmlns:" + prefix + `="`)
		xmlText(&b, catalogueContext[prefix])
		b.WriteString(`"`)
	}
	b.WriteString(">\n")
	writeRDFNode(&b, doc, 1)
	b.WriteString("</rdf:RDF>\n")
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Content-Type", "application/rdf+xml; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	w.Write(b.Bytes())
}

func xmlText(b *bytes.Buffer, s string) {
	xml.EscapeText(b, []byte(s))
}

// writeRDFNode writes a node object as a typed element (rdf:Description
// without a type), its properties in name order.
func writeRDFNode(b *bytes.Buffer, n node, depth int) {
	indent := strings.Repeat("  ", depth)
	name := "rdf:Description"
	if t, ok := n["@type"].(string); ok {
		name = t
	}
	b.WriteString(indent + "<" + name)
	if id, ok := n["@id"].(string); ok {
		b.WriteString(` rdf:about="`)
		xmlText(b, id)
		b.WriteString(`"`)
	}
	b.WriteString(">\n")
	var props []string
	for k := range n {
		if !strings.HasPrefix(k, "@") {
			props = append(props, k)
		}
	}
	slices.Sort(props)
	for _, p := range props {
		switch v := n[p].(type) {
		case []node:
			for _, item := range v {
				writeRDFProperty(b, p, item, depth+1)
			}
		default:
			writeRDFProperty(b, p, v, depth+1)
		}
	}
	b.WriteString(indent + "</" + name + ">\n")
}

// writeRDFProperty writes one statement: a literal (with its language or
// datatype), a reference, or a nested node.
func writeRDFProperty(b *bytes.Buffer, prop string, v any, depth int) {
	indent := strings.Repeat("  ", depth)
	switch v := v.(type) {
	case string:
		b.WriteString(indent + "<" + prop + ">")
		xmlText(b, v)
		b.WriteString("</" + prop + ">\n")
	case node:
		if value, ok := v["@value"].(string); ok {
			b.WriteString(indent + "<" + prop)
			if lang, ok := v["@language"].(string); ok {
				b.WriteString(` xml:lang="` + lang + `"`)
			}
			if t, ok := v["@type"].(string); ok {
				b.WriteString(` rdf:datatype="`)
				xmlText(b, expandIRI(t))
				b.WriteString(`"`)
			}
			b.WriteString(">")
			xmlText(b, value)
			b.WriteString("</" + prop + ">\n")
			return
		}
		if id, ok := v["@id"].(string); ok && len(v) == 1 {
			b.WriteString(indent + "<" + prop + ` rdf:resource="`)
			xmlText(b, id)
			b.WriteString("\"/>\n")
			return
		}
		b.WriteString(indent + "<" + prop + ">\n")
		writeRDFNode(b, v, depth+1)
		b.WriteString(indent + "</" + prop + ">\n")
	}
}

// expandIRI writes a prefixed name of the catalogue's context in full.
func expandIRI(s string) string {
	if prefix, local, ok := strings.Cut(s, ":"); ok {
		if ns, ok := catalogueContext[prefix]; ok {
			return ns + local
		}
	}
	return s
}
