package tableur

import (
	"context"
	"io"

	"maillage/internal/standard"
)

// openXLSX reads the sheet of an XLSX workbook.
func openXLSX(ctx context.Context, in io.Reader, file string, c *Correspondence, lim Limits) (*table, error) {
	return nil, &standard.FileError{File: file, Msg: "classeur XLSX : lecture pas encore prise en charge ; enregistrez-le en CSV"}
}
