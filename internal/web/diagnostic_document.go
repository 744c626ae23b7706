package web

import (
	"html/template"
	"io"
	"net/url"
	"time"

	"maillage/internal/diagnostic"
	"maillage/internal/place"
	"maillage/internal/territory"
)

// DiagnosticDocument is what the page of a diagnostic is made of when it
// is written as one self-contained file (maillage diagnostic --format
// html): the same templates as /diagnostic/{type}/{code} with its default
// view, the site's style sheet inline, and no link, form or resource of a
// server, so that it prints as the page does.
type DiagnosticDocument struct {
	Report       *diagnostic.Report
	Implantation *diagnostic.Implantation // the recommendation (Picks new places); nil: none
	Picks        int
	Referential  *territory.Referential
	Registry     diagnostic.Registry
	// Places are the published places of the territory the options keep,
	// by name; the first diagPlacesShown are listed.
	Places []*place.Lieu
	Now    time.Time // when it is written
}

// DiagnosticPicks is how many new places the page's recommendation asks
// for by default, for a territory of n communes: 5, never more than its
// communes (a commune's page asks for one).
func DiagnosticPicks(n int) int { return max(1, min(diagDefaultPicks, n)) }

// WriteDiagnosticDocument writes the document.
func WriteDiagnosticDocument(w io.Writer, d DiagnosticDocument) error {
	t, err := parseTemplates()
	if err != nil {
		return err
	}
	css, err := staticFS.ReadFile("static/maillage.css")
	if err != nil {
		return err
	}
	rep, ref := d.Report, d.Referential
	tr := rep.Territory
	p := diagnosticPage{pageMeta: pageMeta{Title: "Diagnostic : " + tr.Name, Nav: "diagnostic",
		Description: "Diagnostic de l'inclusion numérique : " + tr.Name + " — personnes à risque, lieux, accessibilité, où ouvrir."},
		Kind: tr.Kind, KindLabel: diagKindLabels[tr.Kind], Name: tr.Name, Code: tr.Code, Computed: true, Document: true}
	p.Key, p.Notes = rep.Key, rep.Notes
	// A document has no other page: every commune is in its gap table.
	view := diagView{sort: -1, page: 1, k: d.Picks, all: true}
	q := url.Values{}
	diagnosticMap(&p, rep, ref, view, q, "")
	diagGaps(&p, rep, view, q, "")
	p.PlacesTotal = len(d.Places)
	for i, l := range d.Places {
		if i == diagPlacesShown {
			break
		}
		p.Places = append(p.Places, diagPlace{Name: l.Nom, Commune: l.Commune})
	}
	p.PlacesFilter = rep.Options.Service
	if d.Implantation != nil {
		p.Reco = diagRecoOf(rep, d.Implantation, d.Picks)
	}
	p.Sources = diagSources(rep, ref, d.Registry)
	p.Printed = "Diagnostic établi le " + frenchDate(d.Now) + " (maillage diagnostic)."
	p.unlink()
	return t.ExecuteTemplate(w, "diagnostic_document", struct {
		Page diagnosticPage
		CSS  template.CSS
	}{p, template.CSS(css)})
}

// unlink leaves the page without links: a document has no site to go to.
func (p *diagnosticPage) unlink() {
	p.Self, p.Crumbs, p.MapChoices, p.Exports, p.PlacesHref = "", nil, nil, nil, ""
	p.Pager.First, p.Pager.Prev, p.Pager.Next, p.Pager.Last = "", "", "", ""
	for i := range p.Sub {
		p.Sub[i].Href = ""
	}
	for i := range p.Columns {
		p.Columns[i].Href = ""
	}
	for i := range p.Rows {
		p.Rows[i].Href = ""
	}
	for i := range p.Places {
		p.Places[i].Href = ""
	}
	if p.Reco != nil {
		for i := range p.Reco.Picks {
			p.Reco.Picks[i].Href = ""
		}
	}
}
