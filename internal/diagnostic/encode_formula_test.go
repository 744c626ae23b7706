package diagnostic

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
)

// formulaCells are the cells of a CSV that a spreadsheet would run as a
// formula: starting with = + - @, a tab or a CR, numbers aside.
func formulaCells(t *testing.T, data []byte) []string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, row := range rows[1:] {
		for _, v := range row {
			if _, err := strconv.ParseFloat(v, 64); v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) && err != nil {
				bad = append(bad, v)
			}
		}
	}
	return bad
}

// The names in a diagnostic's CSV come from outside (a candidates file,
// the referential loaded from a URL): a cell that would start a formula
// gets a leading apostrophe, as in the other CSV files meant for a
// spreadsheet (standard.SpreadsheetCell); numbers stay numbers.
func TestCSVNeutralisesFormulas(t *testing.T) {
	im := &Implantation{Picks: []Pick{
		{Rank: 1, ID: "@SUM(1+1)", Name: `=HYPERLINK("http://example.invalid","clic")`, Covered: 12, Lat: -21.1, Lon: 55.5},
		{Rank: 2, ID: "\tx", Name: "+33 1 00 00 00 00", Code: "97411", Covered: 3, Lat: 45, Lon: -1.5},
		{Rank: 3, ID: "\rcr", Name: "-1+cmd|' /C calc'!A0"},
	}}
	var b bytes.Buffer
	if err := im.CSV(&b); err != nil {
		t.Fatal(err)
	}
	if bad := formulaCells(t, b.Bytes()); len(bad) > 0 {
		t.Errorf("implantation CSV: formulas %q in\n%s", bad, b.String())
	}
	for _, want := range []string{`"'=HYPERLINK(""http://example.invalid"",""clic"")"`, "'@SUM(1+1)", "-21.1", "-1.5"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("implantation CSV lacks %s:\n%s", want, b.String())
		}
	}
	r := &Report{Rows: []Row{
		{Code: "01001", Name: "=1+2", Departement: "@01", EPCI: "-2+3", Population: 10, Fragility: math.NaN(), DistanceKm: math.Inf(1)},
		{Code: "01002", Name: "Bourg", Departement: "01", Population: 20, Fragility: -1.5},
	}}
	b.Reset()
	if err := r.CSV(&b); err != nil {
		t.Fatal(err)
	}
	if bad := formulaCells(t, b.Bytes()); len(bad) > 0 {
		t.Errorf("report CSV: formulas %q in\n%s", bad, b.String())
	}
	if !strings.Contains(b.String(), "01001,'=1+2,'@01,'-2+3,10,") || !strings.Contains(b.String(), ",-1.5,") {
		t.Errorf("report CSV:\n%s", b.String())
	}
}
