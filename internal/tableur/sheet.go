package tableur

import (
	"context"
	"io"
	"strconv"
	"strings"

	"maillage/internal/place"
)

// Sheet is a spreadsheet read row by row for a reader other than the
// standard's (such as the Coop's activity exports): CSV in any encoding or
// XLSX, the header found among the first lines by the columns expected.
type Sheet struct {
	Format     string // "csv" or "xlsx"
	Header     []string
	HeaderLine int
	// Date1904: an XLSX workbook that counts dates from 1904 (SerialDate).
	Date1904 bool
	// Notes are about the file as a whole (an encoding converted…).
	Notes []place.Problem
	t     *table
}

// SheetRow is one line below the header: its number as the spreadsheet
// numbers it (from 1) and its cells (XLSX dates as YYYY-MM-DD); Err says
// why a line could not be read at all.
type SheetRow struct {
	Line  int
	Cells []string
	Err   string
}

// ReadSheet opens in (named file in messages) and finds its header: the
// first of its first lines that names the most of columns. The error is a
// *standard.FileError when the file cannot be read as a spreadsheet.
func ReadSheet(ctx context.Context, in io.Reader, file string, columns []string, lim Limits) (*Sheet, error) {
	t, err := openTable(ctx, in, file, &Correspondence{Keep: columns}, lim)
	if err != nil {
		return nil, err
	}
	return &Sheet{Format: t.format, Header: t.header, HeaderLine: t.headerLine, Date1904: t.date1904, Notes: t.notes, t: t}, nil
}

// Next returns the next row, or io.EOF after the last.
func (s *Sheet) Next() (SheetRow, error) {
	r, err := s.t.next()
	if err != nil {
		return SheetRow{}, err
	}
	return SheetRow{Line: r.line, Cells: r.cells, Err: r.err}, nil
}

// ColumnKey is how column names compare: case, accents, apostrophes and
// spaces aside.
func ColumnKey(s string) string { return columnKey(s) }

// SerialDate reads an XLSX date serial written as a plain number (a cell
// without a date format: 46280 is 2026-09-15) as YYYY-MM-DD, for a serial
// of min to max days (whole numbers only); date1904 is the workbook's
// (Sheet.Date1904).
func SerialDate(v string, min, max int, date1904 bool) (string, bool) {
	v = strings.TrimSuffix(v, ".0")
	if !allDigits(v) || len(v) > 7 {
		return "", false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return "", false
	}
	return serialText(float64(n), dateOnly, date1904)
}
