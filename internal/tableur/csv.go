package tableur

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"maillage/internal/place"
	"maillage/internal/standard"
)

// openCSV reads a CSV spreadsheet: any encoding the standard's reader
// takes (internal/standard decodes it), the separator said by the
// correspondence or detected on the header.
func openCSV(ctx context.Context, in io.Reader, file string, c *Correspondence, lim Limits) (*table, error) {
	text := standard.NewText(ctx, in, standard.Limits{File: lim.File, Record: standard.DefaultLimits.Record, Field: lim.Field})
	head, _ := text.Peek(64 << 10)
	used := c.usedKeys()
	headerLine := c.HeaderLine
	if headerLine == 0 {
		headerLine = guessHeaderLine(string(head), used)
	}
	sep := c.Separator
	if sep == 0 {
		sep = standard.DetectSeparator(headerText(string(head), headerLine), func(n string) bool { return used[columnKey(n)] })
	}
	cr := csv.NewReader(text)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	t := &table{format: "csv", notes: text.Notes}
	if sep != ',' {
		t.notes = append(t.notes, place.Problem{Severity: place.Info, Rule: place.RuleFormat,
			Message: fmt.Sprintf("séparateur de colonnes « %s »", sepName(sep))})
	}
	next := 1 // the line where the next record begins, at the earliest
	read := func() ([]string, int, error) {
		text.StartRecord()
		rec, err := cr.Read()
		if err != nil {
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(rec) - 1)
		next = last + strings.Count(rec[len(rec)-1], "\n") + 1
		return rec, line, nil
	}
	fail := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return &standard.FileError{File: file, Line: pe.StartLine, Msg: "en-tête CSV illisible : " + standard.CSVMessage(pe)}
		}
		if err == io.EOF {
			return &standard.FileError{File: file, Msg: "fichier vide : aucun en-tête de colonnes"}
		}
		return text.Failure(file, next, fmt.Sprintf("enregistrement commençant ligne %d", next), err)
	}
	// The header: the line the correspondence names, or the first that
	// is not blank.
	for {
		rec, line, err := read()
		if err != nil {
			if line == 0 && c.HeaderLine > 0 && err == io.EOF {
				return nil, &standard.FileError{File: file, Msg: fmt.Sprintf("le fichier a moins de %d lignes : pas d'en-tête à la ligne %d (ligne_entete de la correspondance)", c.HeaderLine, c.HeaderLine)}
			}
			return nil, fail(err)
		}
		if headerLine > 0 && line < headerLine || headerLine == 0 && blank(rec) {
			continue
		}
		for _, h := range rec {
			if strings.IndexByte(h, 0) >= 0 || !utf8.ValidString(h) {
				return nil, &standard.FileError{File: file, Line: line, Msg: "en-tête illisible (octet nul ou texte non UTF-8) : ce n'est pas un fichier CSV de texte"}
			}
		}
		t.header, t.headerLine = append([]string(nil), rec...), line
		break
	}
	t.next = func() (*row, error) {
		for {
			rec, line, err := read()
			if err == io.EOF {
				return nil, io.EOF
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					next = pe.Line + 1
					return &row{line: pe.StartLine, err: "ligne CSV illisible : " + standard.CSVMessage(pe)}, nil
				}
				return nil, fail(err)
			}
			if blank(rec) {
				continue
			}
			r := &row{line: line, cells: append([]string(nil), rec...)}
			for i, v := range rec {
				if msg := checkCell(v, lim); msg != "" {
					r.err = fmt.Sprintf("colonne %d : %s", i+1, msg)
					break
				}
			}
			return r, nil
		}
	}
	return t, nil
}

// headerText returns the line of head that holds the header: line n, or
// the first that is not blank.
func headerText(head string, n int) string {
	lines := strings.Split(head, "\n")
	for i, l := range lines {
		if n > 0 && i+1 == n || n == 0 && strings.TrimSpace(strings.Trim(l, ",;\t\r")) != "" {
			return strings.TrimSuffix(l, "\r")
		}
	}
	return ""
}

// headerSearch is how many lines that are not blank the header is looked
// for in, when the correspondence does not say where it is.
const headerSearch = 20

// guessHeaderLine finds the header of a CSV text whose first lines may be
// a title: the first of its first lines that names the most columns the
// correspondence reads; 0 when none names any (the first line not blank
// is then the header).
func guessHeaderLine(head string, used map[string]bool) int {
	best, bestScore, seen := 0, 0, 0
	for i, l := range strings.Split(head, "\n") {
		if strings.TrimSpace(strings.Trim(l, ",;\t\r")) == "" {
			continue
		}
		if seen++; seen > headerSearch {
			break
		}
		cells := strings.FieldsFunc(strings.TrimSuffix(l, "\r"), func(r rune) bool { return r == ',' || r == ';' || r == '\t' })
		if n := headerScore(cells, used); n > bestScore {
			best, bestScore = i+1, n
		}
	}
	return best
}

// headerScore counts the cells that name a column the correspondence reads.
func headerScore(cells []string, used map[string]bool) int {
	n := 0
	for _, c := range cells {
		if used[columnKey(strings.Trim(strings.TrimSpace(c), `"`))] {
			n++
		}
	}
	return n
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// CheckCell says why a cell makes its line unreadable ("" when it does
// not): too long for lim, a NUL byte, not UTF-8.
func CheckCell(v string, lim Limits) string { return checkCell(v, lim) }

// checkCell refuses a value too long, holding a NUL byte, or not UTF-8.
func checkCell(v string, lim Limits) string {
	switch {
	case lim.Field > 0 && int64(len(v)) > lim.Field:
		return fmt.Sprintf("valeur de %s : plus que la limite de %s par valeur", standard.FormatSize(int64(len(v))), standard.FormatSize(lim.Field))
	case strings.IndexByte(v, 0) >= 0:
		return "caractère nul (octet 0) : refusé"
	case !utf8.ValidString(v):
		return "valeur non UTF-8 : enregistrez le fichier en « CSV UTF-8 »"
	}
	return ""
}

func sepName(r rune) string {
	if r == '\t' {
		return "tabulation"
	}
	return string(r)
}
