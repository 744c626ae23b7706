package access

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/failure"
)

// The longest id and name of a candidate site, in characters: they are
// written back in the answers (CSV, JSON, text).
const (
	maxCandidateID   = 100
	maxCandidateName = 300
)

// textFault checks the id and the name of a row: not too long, no
// control character (a terminal or a spreadsheet would act on it). It
// returns the column, value and rule of the first fault, rule "" if none.
func textFault(header []string, cID int, id string, maxID int, cName int, name string, maxName int) (column, value, rule string) {
	for _, f := range []struct {
		col      int
		v        string
		max      int
		what     string
		fallback string
	}{{cID, id, maxID, "un identifiant", "id"}, {cName, name, maxName, "un nom", "nom"}} {
		if f.v == "" {
			continue
		}
		column = f.fallback
		if f.col >= 0 && f.col < len(header) {
			column = header[f.col]
		}
		if n := utf8.RuneCountInString(f.v); n > f.max {
			return column, f.v, fmt.Sprintf("%s de %d caractères au plus est attendu (%d lus)", f.what, f.max, n)
		}
		if strings.IndexFunc(f.v, forbidden) >= 0 {
			return column, f.v, "caractère de contrôle (tabulation, échappement…) interdit"
		}
	}
	return "", "", ""
}

// candidateCSVError says in French why a line of CSV cannot be read.
func candidateCSVError(file string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		if errors.Is(err, errTooBig) {
			return failure.Errorf(failure.Invalid, "%s : fichier trop grand", file)
		}
		return failure.Errorf(failure.Invalid, "%s : lecture impossible", file)
	}
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		// Where the quote opened; Go's column is where the reading stopped.
		return failure.Errorf(failure.Invalid, "%s, ligne %d : CSV illisible : guillemet en trop ou jamais refermé dans un champ entre guillemets", file, pe.StartLine)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return failure.Errorf(failure.Invalid, "%s, ligne %d, caractère %d : CSV illisible : guillemet isolé dans un champ sans guillemets (entourez le champ de guillemets et doublez ceux qu'il contient)", file, pe.Line, pe.Column)
	case errors.Is(pe.Err, errTooBig):
		return failure.Errorf(failure.Invalid, "%s : fichier trop grand", file)
	}
	return failure.Errorf(failure.Invalid, "%s, ligne %d : CSV illisible", file, pe.Line)
}

// errTooBig stops the reading of a file past its bound.
var errTooBig = errors.New("fichier trop grand")

// limitedReader reads at most left bytes, then fails with errTooBig and
// says so in over.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a file of exactly the bound from a longer one.
		var one [1]byte
		if n, _ := io.ReadFull(l.r, one[:]); n > 0 {
			l.over = true
			return 0, errTooBig
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// forbidden are the characters an id or a name may not hold: controls
// but the line feed of a name written on two lines.
func forbidden(r rune) bool { return unicode.IsControl(r) && r != '\n' }
