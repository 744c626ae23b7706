package harvest

import (
	"context"
	"io"
	"time"

	"maillage/internal/standard"
	"maillage/internal/tableur"
)

// The importer reads what a harvest fetched: for a spreadsheet, the JSON
// it was converted to; for several data.gouv.fr resources, the JSON they
// were combined into. Its diagnostics name elements of that JSON, which
// nobody can open: a relocation makes them name the spreadsheet's line,
// or the resource and its line, as the records' own files do.

// elementOrigin is where an element of a combined file came from.
type elementOrigin struct {
	file        string
	line, index int
}

// relocateTo makes diagnostics on element i of the combined file named
// name name origins[i].
func relocateTo(name string, origins []elementOrigin) func(*standard.Diagnostic) {
	return func(d *standard.Diagnostic) {
		if d.File != name || d.Index < 0 || d.Index >= len(origins) {
			return
		}
		o := origins[d.Index]
		d.File, d.Line, d.Index = o.file, o.line, o.index
		if d.Line > 0 {
			d.Index = -1
		}
	}
}

// convertLocated converts with internal/tableur and gives the relocation
// of the importer's diagnostics to the spreadsheet's lines, and the keys
// under which the output keeps the columns the correspondence reads.
func convertLocated(ctx context.Context, in io.Reader, file, correspondence string, fileDate time.Time, out io.Writer) ([]standard.Diagnostic, func(*standard.Diagnostic), []string, error) {
	c, err := tableur.Open(correspondence)
	if err != nil {
		return nil, nil, nil, err
	}
	c.FileDate = fileDate
	res, err := tableur.ConvertWith(ctx, in, file, c, out, tableur.Options{})
	return res.Diagnostics, func(d *standard.Diagnostic) { res.Relocate(d, file) }, res.Kept, err
}
