package tableur

import (
	"bufio"
	"bytes"
	"context"
	"io"

	"maillage/internal/place"
	"maillage/internal/standard"
)

// table is a spreadsheet read row by row.
type table struct {
	format     string // "csv" or "xlsx"
	header     []string
	headerLine int
	notes      []place.Problem // about the file as a whole (encoding…)
	date1904   bool            // XLSX: dates counted from 1904
	// next returns the next row, or io.EOF.
	next func() (*row, error)
}

// row is one line of a spreadsheet below its header.
type row struct {
	line  int // as the spreadsheet numbers it, from 1
	cells []string
	// err is set when the line could not be read at all (a CSV quote
	// never closed…).
	err string
}

// Limits bound what reading one spreadsheet may cost.
type Limits struct {
	File  int64 // bytes read, and bytes inflated from an XLSX archive
	Field int64 // bytes of one cell
	Cells int   // cells of the sheet read (XLSX: with the shared strings)
}

// DefaultLimits fit the national lists with room to spare: the France
// Services list is 1 MB and 65 000 cells.
var DefaultLimits = Limits{File: standard.DefaultLimits.File, Field: standard.DefaultLimits.Field, Cells: 5_000_000}

// zipMagic starts every XLSX (and ODS) file.
var zipMagic = []byte("PK\x03\x04")

// openTable reads the head of in to tell an XLSX archive from a CSV text.
func openTable(ctx context.Context, in io.Reader, file string, c *Correspondence, lim Limits) (*table, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(len(zipMagic))
	if bytes.Equal(head, zipMagic) {
		return openXLSX(ctx, br, file, c, lim)
	}
	return openCSV(ctx, br, file, c, lim)
}
