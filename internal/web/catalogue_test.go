package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"
)

// offlineLoader refuses to fetch anything: the catalogue's context is in
// the document, and no test needs the internet.
type offlineLoader struct{}

func (offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	return nil, errors.New("no remote document in tests: " + u)
}

// triple is one statement of the catalogue's RDF graph.
type triple struct{ s, p, o string }

// catalogueGraph reads the catalogue as JSON-LD (json-gold) and returns
// its RDF statements.
func catalogueGraph(t *testing.T, body string) []triple {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = offlineLoader{}
	opts.Format = "application/n-quads"
	opts.ProduceGeneralizedRdf = false
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("not JSON-LD: %v", err)
	}
	var g []triple
	for line := range strings.SplitSeq(strings.TrimSpace(out.(string)), "\n") {
		s, rest, _ := strings.Cut(line, " ")
		p, o, _ := strings.Cut(rest, " ")
		g = append(g, triple{s, strings.Trim(p, "<>"), strings.TrimSuffix(o, " .")})
	}
	return g
}

const (
	rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	dcat    = "http://www.w3.org/ns/dcat#"
	dct     = "http://purl.org/dc/terms/"
	foaf    = "http://xmlns.com/foaf/0.1/"
	vcard   = "http://www.w3.org/2006/vcard/ns#"
)

func objects(g []triple, s, p string) []string {
	var out []string
	for _, tr := range g {
		if tr.s == s && tr.p == p {
			out = append(out, tr.o)
		}
	}
	return out
}

func subjectsOfType(g []triple, class string) []string {
	var out []string
	for _, tr := range g {
		if tr.p == rdfType && tr.o == "<"+class+">" {
			out = append(out, tr.s)
		}
	}
	return out
}

// The catalogue is JSON-LD whose graph has every property DCAT-AP makes
// mandatory, and those the hub's harvesters need, listed here from the
// DCAT-AP specification (not from the code); its addresses come from the
// configured public address, not from the request.
func TestCatalogueDCATAP(t *testing.T) {
	ts := hubServer(t, Hub{Nom: "Hub d'Occitanie", Identifiant: "13002526500013", Territoire: "Occitanie", Contact: "hub@exemple.fr"}, schemaFixture()...)
	// One file already written: its size is known.
	if res := ts.get(t, "/donnees/lieux.csv"); res.StatusCode != 200 {
		t.Fatal(res.Status)
	}
	res := ts.get(t, "/catalogue.jsonld", "Host", "pirate.example", "X-Forwarded-Host", "pirate.example")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/ld+json") {
		t.Fatalf("%d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if strings.Contains(res.Body, "pirate") {
		t.Error("an address built from the request's headers")
	}
	g := catalogueGraph(t, res.Body)
	need := func(what, s string, props ...string) {
		t.Helper()
		for _, p := range props {
			if len(objects(g, s, p)) == 0 {
				t.Errorf("%s %s: no %s", what, s, p)
			}
		}
	}
	catalogs := subjectsOfType(g, dcat+"Catalog")
	if len(catalogs) != 1 {
		t.Fatalf("%d catalogues", len(catalogs))
	}
	need("catalogue", catalogs[0], dct+"title", dct+"description", dct+"publisher", dcat+"dataset")
	datasets := objects(g, catalogs[0], dcat+"dataset")
	if len(datasets) != 1 || !slices.Contains(subjectsOfType(g, dcat+"Dataset"), datasets[0]) {
		t.Fatalf("datasets %v", datasets)
	}
	ds := datasets[0]
	need("dataset", ds, dct+"title", dct+"description", dct+"publisher", dct+"license", dct+"temporal", dct+"accrualPeriodicity",
		dct+"modified", dct+"spatial", dct+"conformsTo", dcat+"contactPoint", dcat+"distribution", dcat+"keyword", dcat+"landingPage")
	for _, p := range []string{dct + "title", dct + "description"} {
		for _, o := range objects(g, ds, p) {
			if !strings.HasSuffix(o, "@fr") {
				t.Errorf("dataset %s not in French: %s", p, o)
			}
		}
	}
	checks := []struct{ s, p, want string }{
		{ds, dct + "license", "<https://www.etalab.gouv.fr/licence-ouverte-open-licence>"},
		{ds, dct + "conformsTo", "<https://raw.githubusercontent.com/LaMednum/standard-mediation-num/v1.0.1/schema.json>"},
		{ds, dct + "accrualPeriodicity", "<http://publications.europa.eu/resource/authority/frequency/CONT>"},
		// The store's clock: the data last changed on 23 November 2026 at 10:00 in Paris.
		{ds, dct + "modified", `"2026-11-23T09:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>`},
	}
	for _, c := range checks {
		if got := objects(g, c.s, c.p); !slices.Contains(got, c.want) {
			t.Errorf("%s %s: %v, want %s", c.s, c.p, got, c.want)
		}
	}
	for _, pub := range objects(g, ds, dct+"publisher") {
		if got := objects(g, pub, foaf+"name"); fmt.Sprint(got) != `["Hub d'Occitanie"]` {
			t.Errorf("publisher's name: %v", got)
		}
	}
	for _, per := range objects(g, ds, dct+"temporal") {
		// date_maj of the fixture: from 15 January 2025 to 1 October 2026.
		if s, e := objects(g, per, dcat+"startDate"), objects(g, per, dcat+"endDate"); fmt.Sprint(s, e) !=
			`["2025-01-15"^^<http://www.w3.org/2001/XMLSchema#date>] ["2026-10-01"^^<http://www.w3.org/2001/XMLSchema#date>]` {
			t.Errorf("temporal coverage: %v %v", s, e)
		}
	}
	for _, sp := range objects(g, ds, dct+"spatial") {
		if got := objects(g, sp, "http://www.w3.org/2004/02/skos/core#prefLabel"); fmt.Sprint(got) != `["Occitanie"@fr]` {
			t.Errorf("spatial: %v", got)
		}
	}
	for _, cp := range objects(g, ds, dcat+"contactPoint") {
		if got := objects(g, cp, vcard+"hasEmail"); fmt.Sprint(got) != "[<mailto:hub@exemple.fr>]" {
			t.Errorf("contact point: %v", got)
		}
	}
	dists := objects(g, ds, dcat+"distribution")
	want := map[string]string{
		"<http://maillage.test/donnees/lieux.csv>":     "text/csv",
		"<http://maillage.test/donnees/lieux.json>":    "application/json",
		"<http://maillage.test/donnees/lieux.geojson>": "application/geo+json",
	}
	titles := map[string]string{
		"<http://maillage.test/donnees/lieux.csv>":     "CSV",
		"<http://maillage.test/donnees/lieux.json>":    "JSON",
		"<http://maillage.test/donnees/lieux.geojson>": "GeoJSON",
	}
	if len(dists) != len(want) {
		t.Errorf("distributions: %v", dists)
	}
	for _, d := range dists {
		need("distribution", d, dcat+"accessURL", dcat+"downloadURL", dcat+"mediaType", dct+"format", dct+"conformsTo", dct+"license")
		download := objects(g, d, dcat+"downloadURL")
		if len(download) != 1 || want[download[0]] == "" {
			t.Errorf("distribution %s: download URL %v", d, download)
			continue
		}
		if mt := objects(g, d, dcat+"mediaType"); fmt.Sprint(mt) != "[<http://www.iana.org/assignments/media-types/"+want[download[0]]+">]" {
			t.Errorf("%s: media type %v", download[0], mt)
		}
		// The format as people write it (the file type's code is GEOJSON).
		if title := fmt.Sprint(objects(g, d, dct+"title")); !strings.Contains(title, `"Tous les lieux en `+titles[download[0]]+`"@fr`) {
			t.Errorf("%s: title %s, want the format written %s", download[0], title, titles[download[0]])
		}
		size := objects(g, d, dcat+"byteSize")
		if download[0] == "<http://maillage.test/donnees/lieux.csv>" {
			csv := ts.get(t, "/donnees/lieux.csv")
			if fmt.Sprint(size) != fmt.Sprintf(`["%d"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>]`, len(csv.Body)) {
				t.Errorf("CSV size %v, the file has %d bytes", size, len(csv.Body))
			}
		}
	}
	for _, agent := range subjectsOfType(g, foaf+"Agent") {
		need("agent", agent, foaf+"name")
	}
}

// Without a public address the catalogue cannot name its files: it says so.
func TestCatalogueNeedsPublicURL(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	cfg := ts.cfg
	cfg.BaseURL = ""
	s, err := NewServer(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts = &testServer{Server: s, h: s.Handler(), store: ts.store}
	res := ts.get(t, "/catalogue.jsonld", "Host", "pirate.example")
	if res.StatusCode != 404 || !strings.Contains(res.Body, "--url-publique") || strings.Contains(res.Body, "pirate") {
		t.Errorf("%d %s", res.StatusCode, res.Body)
	}
}

// /donnees links the catalogue, and every page offers it as an alternate.
func TestCatalogueLinked(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, path := range []string{"/donnees", "/"} {
		body := ts.get(t, path).Body
		if !strings.Contains(body, `<link rel="alternate" type="application/ld+json" href="/catalogue.jsonld"`) {
			t.Errorf("%s: no alternate link to the catalogue", path)
		}
	}
	if body := ts.get(t, "/"); !strings.Contains(body.Body, `<link rel="alternate" type="application/rdf+xml" href="/catalogue.rdf"`) {
		t.Error("no alternate link to the RDF/XML catalogue")
	}
	if !strings.Contains(ts.get(t, "/donnees").Body, `<a href="/catalogue.jsonld">`) {
		t.Error("/donnees does not link the catalogue")
	}
}
