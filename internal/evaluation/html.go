package evaluation

import (
	"embed"
	"html/template"
	"io"

	"maillage/internal/french"
)

//go:embed templates/report.html
var templates embed.FS

var reportTemplate = template.Must(template.ParseFS(templates, "templates/report.html"))

type htmlFigure struct {
	Figure
	ValueText, PreviousText, ChangeText string
}

type htmlSection struct {
	Code, Title, Note string
	Figures           []htmlFigure
}

// WriteHTML writes the report as one printable A4 page (its style sheet
// inline, no script).
func (r Report) WriteHTML(w io.Writer) error {
	data := struct {
		Year, Previous  int
		Name, Territory string
		GeneratedText   string
		Sections        []htmlSection
	}{Year: r.Year, Previous: r.Year - 1, Name: r.Name, Territory: r.Territory, GeneratedText: french.Date(r.Generated)}
	for _, s := range r.Sections {
		hs := htmlSection{Code: s.Code, Title: s.Title, Note: s.Note}
		for _, f := range s.Figures {
			hf := htmlFigure{Figure: f, ValueText: french.Number(f.Value), PreviousText: "—", ChangeText: "—"}
			if f.HasPrevious {
				hf.PreviousText = french.Number(f.Previous)
				hf.ChangeText = Comparison{Value: f.Value, Previous: f.Previous}.ChangeText()
			}
			hs.Figures = append(hs.Figures, hf)
		}
		data.Sections = append(data.Sections, hs)
	}
	return reportTemplate.Execute(w, data)
}
