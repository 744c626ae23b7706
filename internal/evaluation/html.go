package evaluation

import (
	"embed"
	"html/template"
	"io"
	"strings"

	"maillage/internal/french"
)

//go:embed templates/report.html
var templates embed.FS

var reportTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{"number": french.Number[int]}).ParseFS(templates, "templates/report.html"))

type htmlFigure struct {
	Figure
	ValueText, PreviousText, ChangeText string
}

type htmlSection struct {
	Code, Title, Note string
	Figures           []htmlFigure
	Gaps              []Gap
}

type htmlReport struct {
	Year, Previous  int
	Name, Territory string
	GeneratedText   string
	Sections        []htmlSection
}

func (r Report) htmlData() htmlReport {
	data := htmlReport{Year: r.Year, Previous: r.Year - 1, Name: r.Name, Territory: r.Territory, GeneratedText: french.Date(r.Generated)}
	for _, s := range r.Sections {
		hs := htmlSection{Code: s.Code, Title: s.Title, Note: s.Note, Gaps: s.Gaps}
		for _, f := range s.Figures {
			if strings.HasPrefix(f.Indicator, "zone_blanche:") {
				continue // in the table of the gaps
			}
			hf := htmlFigure{Figure: f, ValueText: french.Number(f.Value), PreviousText: "—", ChangeText: "—"}
			if f.HasPrevious {
				hf.PreviousText = french.Number(f.Previous)
				hf.ChangeText = Comparison{Value: f.Value, Previous: f.Previous}.ChangeText()
			}
			hs.Figures = append(hs.Figures, hf)
		}
		data.Sections = append(data.Sections, hs)
	}
	return data
}

// WriteHTML writes the report as one printable A4 page (its style sheet
// inline, no script).
func (r Report) WriteHTML(w io.Writer) error {
	return reportTemplate.Execute(w, r.htmlData())
}

// HTMLParts is the report's HTML for a page of the site: its heading and
// introduction (head), and its sections (an h2 each, its table and note),
// as WriteHTML writes them inside its own page.
func (r Report) HTMLParts() (head, sections template.HTML, err error) {
	data := r.htmlData()
	var b strings.Builder
	if err := reportTemplate.ExecuteTemplate(&b, "head", data); err != nil {
		return "", "", err
	}
	head = template.HTML(b.String())
	b.Reset()
	if err := reportTemplate.ExecuteTemplate(&b, "sections", data); err != nil {
		return "", "", err
	}
	return head, template.HTML(b.String()), nil
}
