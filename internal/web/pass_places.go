package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"

	"maillage/internal/account"
	"maillage/internal/standard"
)

// passPlaces says which places' money an account may see (statements,
// the places' dashboards): every place for an administrator (all true),
// else the qualified places it acts for and those it acted for until
// their qualification was withdrawn (store.LieuxPaidTo).
type passPlaces struct {
	all   bool
	lieux []string
}

func (s *Server) passPlacesOf(ctx context.Context, u *account.User) (passPlaces, error) {
	if u.Role == account.Administrateur {
		return passPlaces{all: true}, nil
	}
	ls, err := s.store.LieuxPaidTo(ctx, u.ID)
	return passPlaces{lieux: ls}, err
}

func (p passPlaces) sees(lieu string) bool { return p.all || slices.Contains(p.lieux, lieu) }

func (p passPlaces) none() bool { return !p.all && len(p.lieux) == 0 }

// The CSV files of the Pass numérique are made for French spreadsheets:
// UTF-8 with a byte order mark, « ; » between columns, amounts in euros
// with a decimal comma (« 12,50 »), French column names; a text that
// would start a formula gets a leading apostrophe.
func writePassCSV(w http.ResponseWriter, filename string, header []string, rows [][]string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write(header)
	for _, r := range rows {
		cw.Write(r)
	}
	cw.Flush()
}

// csvText neutralises a text for a spreadsheet (names, references,
// notes come from people).
func csvText(v string) string { return standard.SpreadsheetCell(v) }

// csvEuros writes cents as euros with a decimal comma, no symbol and no
// space between thousands (a spreadsheet reads it as a number): « -1250,50 ».
func csvEuros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d,%02d", sign, cents/100, cents%100)
}
