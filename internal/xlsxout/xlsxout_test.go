package xlsxout

import (
	"bytes"
	"context"
	"io"
	"reflect"
	"testing"

	"maillage/internal/tableur"
)

// What Write writes, the spreadsheet reader reads back as it was.
func TestRoundTrip(t *testing.T) {
	rows := [][]string{
		{"Date", "Commune", "Nombre", "Texte"},
		{"2026-11-20", "01053", "12", "« guillemets » & <balises>\nsur deux lignes"},
		{"2026-11-21", "2A004", "-3", ""},
		{"", "31555", "0", "fin\x00"},
	}
	var b bytes.Buffer
	if err := Write(&b, "Activités: 2026", rows); err != nil {
		t.Fatal(err)
	}
	sh, err := tableur.ReadSheet(context.Background(), &b, "t.xlsx", rows[0], tableur.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if sh.Format != "xlsx" || !reflect.DeepEqual(sh.Header, rows[0]) {
		t.Fatalf("%s %v", sh.Format, sh.Header)
	}
	want := [][]string{rows[1], {"2026-11-21", "2A004", "-3", ""}, {"", "31555", "0", "fin"}}
	for i := 0; ; i++ {
		r, err := sh.Next()
		if err == io.EOF {
			if i != len(want) {
				t.Errorf("%d rows, want %d", i, len(want))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got := append(r.Cells, make([]string, 4-len(r.Cells))...)[:4]
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("row %d = %q, want %q", i, got, want[i])
		}
	}
}

func TestColumn(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := column(i); got != want {
			t.Errorf("column(%d) = %s, want %s", i, got, want)
		}
	}
}
