package web

import (
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/search"
)

// The DCAT-AP catalogue (/catalogue.jsonld) describes the registry as a
// dataset with one distribution per format of /donnees, so that
// data.gouv.fr and regional portals harvest it. Every address in it is
// built from the configured public address, never from the request.

// SchemaURI is the Table Schema of the standard v1.0.1 the files follow.
const SchemaURI = "https://raw.githubusercontent.com/LaMednum/standard-mediation-num/v1.0.1/schema.json"

// Vocabularies of the catalogue.
const (
	frequencyContinuous = "http://publications.europa.eu/resource/authority/frequency/CONT"
	languageFrench      = "http://publications.europa.eu/resource/authority/language/FRA"
	fileTypes           = "http://publications.europa.eu/resource/authority/file-type/"
	ianaMediaTypes      = "http://www.iana.org/assignments/media-types/"
)

var catalogueContext = map[string]string{
	"dcat":  "http://www.w3.org/ns/dcat#",
	"dct":   "http://purl.org/dc/terms/",
	"foaf":  "http://xmlns.com/foaf/0.1/",
	"vcard": "http://www.w3.org/2006/vcard/ns#",
	"skos":  "http://www.w3.org/2004/02/skos/core#",
	"xsd":   "http://www.w3.org/2001/XMLSchema#",
}

// distributions are the formats of /donnees as the catalogue names them.
var distributions = []struct {
	format, mediaType, fileType, name, label string
}{
	{"csv", "text/csv", "CSV", "CSV", "CSV (32 colonnes du standard, valeurs multiples séparées par « | », UTF-8)"},
	{"json", "application/json", "JSON", "JSON", "JSON (objets plats, comme les outils nationaux)"},
	// fileType is the code of the EU's file-type vocabulary; name is how
	// people write the format.
	{"geojson", "application/geo+json", "GEOJSON", "GeoJSON", "GeoJSON (lieux géolocalisés)"},
}

// node is a JSON-LD node object.
type node = map[string]any

func frText(s string) node { return node{"@value": s, "@language": "fr"} }
func ref(uri string) node  { return node{"@id": uri} }
func typed(v, t string) node {
	return node{"@value": v, "@type": "xsd:" + t}
}

// catalogue answers GET /catalogue.jsonld.
func (s *Server) catalogue(w http.ResponseWriter, r *http.Request) {
	base, ok := s.absoluteURL("")
	if !ok {
		s.error(w, r, failure.Errorf(failure.NotFound, "Le catalogue des données n'est pas publié : l'adresse publique du site n'est pas configurée (--url-publique), et ses liens ne peuvent pas être construits sans elle."))
		return
	}
	ix := s.indexOf(r.Context())
	doc := s.catalogueDocument(base, ix)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		s.error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Content-Type", "application/ld+json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	w.Write(append(b, '\n'))
}

// catalogueDocument is the catalogue of the registry at ix, under base.
func (s *Server) catalogueDocument(base string, ix *search.Index) node {
	hub := s.cfg.Hub
	modified := time.Time{}
	if st := s.stats.Load(); st != nil {
		modified = st.LastChange
	}
	publisher := node{"@id": base + "/#editeur", "@type": "foaf:Agent", "foaf:name": hub.Nom}
	if hub.Identifiant != "" {
		publisher["dct:identifier"] = hub.Identifiant
	}
	licence := node{"@id": hub.Licence, "@type": "dct:LicenseDocument"}
	title := "Lieux de médiation numérique — " + hub.Territoire
	description := "Les lieux où se faire aider pour le numérique (démarches en ligne, usage des outils, accès à internet et au matériel) sur le territoire « " +
		hub.Territoire + " », publiés par " + hub.Nom + " au standard de données des lieux de médiation numérique (version 1.0.1) : adresse, horaires, services, publics, modalités d'accès et d'accompagnement, contacts."
	dataset := node{
		"@id":                    base + "/donnees#lieux",
		"@type":                  "dcat:Dataset",
		"dct:identifier":         base + "/donnees#lieux",
		"dct:title":              frText(title),
		"dct:description":        frText(description),
		"dcat:keyword":           []node{frText("médiation numérique"), frText("inclusion numérique"), frText("lieux"), frText("France services"), frText("aidants numériques")},
		"dct:publisher":          publisher,
		"dct:license":            licence,
		"dct:language":           ref(languageFrench),
		"dct:accrualPeriodicity": ref(frequencyContinuous),
		"dct:conformsTo":         node{"@id": SchemaURI, "@type": "dct:Standard", "dct:title": frText("Standard de données des lieux de médiation numérique v1.0.1")},
		"dct:spatial":            node{"@type": "dct:Location", "skos:prefLabel": frText(hub.Territoire)},
		"dcat:landingPage":       ref(base + "/donnees"),
	}
	if !modified.IsZero() {
		dataset["dct:modified"] = typed(modified.UTC().Format(time.RFC3339), "dateTime")
	}
	if start, end, ok := temporalCoverage(ix); ok {
		dataset["dct:temporal"] = node{"@type": "dct:PeriodOfTime",
			"dcat:startDate": typed(start.Format(place.DateLayout), "date"), "dcat:endDate": typed(end.Format(place.DateLayout), "date")}
	}
	if hub.Contact != "" {
		contact := node{"@type": "vcard:Organization", "vcard:fn": hub.Nom, "vcard:hasEmail": ref("mailto:" + hub.Contact)}
		if hub.contactIsURL() {
			delete(contact, "vcard:hasEmail")
			contact["vcard:hasURL"] = ref(hub.Contact)
		}
		dataset["dcat:contactPoint"] = contact
	}
	var dists []node
	for _, d := range distributions {
		url := base + "/donnees/lieux." + d.format
		dist := node{
			"@id":              url,
			"@type":            "dcat:Distribution",
			"dct:title":        frText("Tous les lieux en " + d.name),
			"dct:description":  frText(d.label),
			"dcat:accessURL":   ref(url),
			"dcat:downloadURL": ref(url),
			"dcat:mediaType":   ref(ianaMediaTypes + d.mediaType),
			"dct:format":       ref(fileTypes + d.fileType),
			"dct:conformsTo":   ref(SchemaURI),
			"dct:license":      ref(hub.Licence),
		}
		if !modified.IsZero() {
			dist["dct:modified"] = typed(modified.UTC().Format(time.RFC3339), "dateTime")
		}
		if size, ok := s.downloadSize(d.format, ix.Rev); ok {
			dist["dcat:byteSize"] = typed(size, "nonNegativeInteger")
		}
		dists = append(dists, dist)
	}
	dataset["dcat:distribution"] = dists
	catalog := node{
		"@context":        catalogueContext,
		"@id":             base + "/catalogue.jsonld",
		"@type":           "dcat:Catalog",
		"dct:title":       frText("Catalogue des données ouvertes — " + hub.Nom),
		"dct:description": frText("Les données ouvertes publiées par " + hub.Nom + " : le registre des lieux de médiation numérique de son territoire."),
		"dct:publisher":   publisher,
		"dct:language":    ref(languageFrench),
		"dct:license":     ref(hub.Licence),
		"foaf:homepage":   ref(base + "/"),
		"dcat:dataset":    dataset,
	}
	if !modified.IsZero() {
		catalog["dct:modified"] = typed(modified.UTC().Format(time.RFC3339), "dateTime")
	}
	return catalog
}

// temporalCoverage is the span of the places' date_maj.
func temporalCoverage(ix *search.Index) (start, end time.Time, ok bool) {
	ix.Each(func(l *place.Lieu) {
		if l.DateMaj.IsZero() {
			return
		}
		if !ok || l.DateMaj.Before(start) {
			start = l.DateMaj
		}
		if !ok || l.DateMaj.After(end) {
			end = l.DateMaj
		}
		ok = true
	})
	return start, end, ok
}

// downloadSize is the size of the file of a format at revision rev, when
// it was already written (the catalogue does not write it).
func (s *Server) downloadSize(format string, rev int64) (string, bool) {
	d := &s.downloads
	if !d.mu.TryLock() {
		return "", false // a file is being written: its size is not known yet
	}
	f := d.files[format]
	d.mu.Unlock()
	if f == nil || f.rev != rev {
		return "", false
	}
	st, err := os.Stat(f.path)
	if err != nil {
		return "", false
	}
	return strconv.FormatInt(st.Size(), 10), true
}
