package evaluation

import (
	"io"
	"strconv"

	"maillage/internal/xlsxout"
)

// XLSXHeader is the header of the report's workbook: the CSV's columns
// in French words, the two years named.
func (r Report) XLSXHeader() []string {
	return []string{"Rubrique", "Indicateur", "Libellé", strconv.Itoa(r.Year), strconv.Itoa(r.Year - 1), "Source", "Millésime"}
}

// WriteXLSX writes the report as a workbook of one sheet, one line per
// figure as in the CSV (the values as numbers, a figure without a
// previous year's value has that cell empty), the rubric named by its
// title, and each section's note on a line of its own after its figures
// (its indicator cell empty) so that a reader of the workbook learns what
// is absent and why.
func (r Report) WriteXLSX(w io.Writer) error {
	rows := [][]string{r.XLSXHeader()}
	for _, s := range r.Sections {
		for _, f := range s.Figures {
			prev := ""
			if f.HasPrevious {
				prev = strconv.Itoa(f.Previous)
			}
			rows = append(rows, []string{s.Title, f.Indicator, f.Label, strconv.Itoa(f.Value), prev, f.Source, f.Vintage})
		}
		if s.Note != "" {
			rows = append(rows, []string{s.Title, "", "Note : " + s.Note, "", "", "", ""})
		}
	}
	return xlsxout.Write(w, "Rapport "+strconv.Itoa(r.Year), rows)
}
