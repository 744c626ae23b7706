package standard

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"strings"

	"maillage/internal/place"
)

// Text is a text file read the way NewReader reads the standard's files:
// its bytes counted against the limits, the context honoured, converted to
// UTF-8 (Windows-1252, ISO-8859-15, Mac Roman, UTF-16, repeated BOMs) and
// with lone CRs read as LF. Readers of other layouts of CSV (spreadsheets
// with a correspondence, internal/tableur) read through it, so that every
// CSV maillage reads is decoded alike.
type Text struct {
	*bufio.Reader
	// Notes say what was converted (encoding, line endings).
	Notes []place.Problem
	m     *meter
}

// NewText starts reading in as text, within lim.
func NewText(ctx context.Context, in io.Reader, lim Limits) *Text {
	if ctx == nil {
		ctx = context.Background()
	}
	m := &meter{ctx: ctx, r: in, lim: lim}
	br, notes := decode(bufio.NewReaderSize(m, 64<<10))
	br, more := lineEndings(br)
	return &Text{Reader: br, Notes: append(notes, more...), m: m}
}

// StartRecord tells the reader a new record begins: Limits.Record bounds
// the bytes read from here to the next call.
func (t *Text) StartRecord() { t.m.startRecord() }

// Failure turns an error met while reading t (a limit passed, the context
// done, the input failing) into the FileError that stops the file; line
// and where say where reading stood ("enregistrement commençant ligne 12").
func (t *Text) Failure(file string, line int, where string, err error) *FileError {
	return readFailure(file, line, where, err)
}

// DetectSeparator picks the column separator of a header line among ",",
// ";" and tab: the one that splits it into the most names known says,
// then into the most columns.
func DetectSeparator(header string, known func(name string) bool) rune {
	best, bestScore := ',', -1
	for _, sep := range []rune{',', ';', '\t'} {
		names := strings.Split(header, string(sep))
		score := len(names)
		for _, n := range names {
			if known(normaliseName(n)) {
				score += 1000
			}
		}
		if score > bestScore {
			best, bestScore = sep, score
		}
	}
	return best
}

// CSVMessage says in French what encoding/csv found wrong on a line.
func CSVMessage(pe *csv.ParseError) string { return csvMessage(pe) }
