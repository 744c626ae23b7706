package tableur

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/standard"
)

// The XLSX fixtures were written by other programs than ours: the France
// Services one by XlsxWriter (shared strings), the hub's by openpyxl
// (inline strings, dates, booleans, a title line, a blank row, a sparse
// row, two sheets).

// TestXLSXSameAsCSV: the France Services list saved as XLSX converts to
// the same places as its CSV.
func TestXLSXSameAsCSV(t *testing.T) {
	fromCSV, _ := convertFile(t, "france-services.csv", franceServices(t))
	fromXLSX, ds := convertFile(t, "france-services.xlsx", franceServices(t))
	if !bytes.Equal(fromCSV, fromXLSX) {
		t.Errorf("XLSX and CSV differ:\n%s\n---\n%s", fromXLSX, fromCSV)
	}
	golden(t, "france-services-xlsx.diagnostics.txt", diagnosticsText(ds))
}

func TestXLSXHub(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "hub-classeur.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCorrespondence(data, "hub-classeur.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, ds := convertFile(t, "hub.xlsx", c)
	golden(t, "hub-xlsx.json", out)
	// The header is found without ligne_entete: the row naming the columns.
	c.HeaderLine = 0
	if again, _ := convertFile(t, "hub.xlsx", c); !bytes.Equal(again, out) {
		t.Errorf("without ligne_entete:\n%s", again)
	}
	got := scan(t, out)
	tests := []struct {
		id, field, want string
	}{
		{"1", "nom", "Médiathèque de Bourg-Exemple"},
		{"1", "code_postal", "09000"},   // a number in the sheet: the standard puts its zero back
		{"1", "date_maj", "2024-02-01"}, // a date cell
		{"1", "horaires", "Mo 09:00-12:00; Tu 14:00-17:00"},
		{"1", "presentation_detail", "Ligne 1\nLigne 2"},
		{"2", "date_maj", "2024-02-01"}, // a date serial without a date format
		{"2", "horaires", "Tu 09:00-12:00"},
		{"3", "date_maj", "2024-03-05"}, // a date and time
		{"3", "code_postal", "81000"},
	}
	for _, tt := range tests {
		l := got[tt.id]
		if v := l.Value(place.FieldIndex[tt.field]); v != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.id, tt.field, v, tt.want)
		}
	}
	if a, b := got["1"].Provenance.Original["accessible"], got["2"].Provenance.Original["accessible"]; a != "VRAI" || b != "FAUX" {
		t.Errorf("kept booleans = %q, %q, want VRAI, FAUX", a, b)
	}
	lines := map[string]int{}
	for _, d := range ds {
		lines[d.RecordID] = d.Line
	}
	if lines["2"] != 6 || lines["3"] != 7 {
		t.Errorf("diagnostics' lines = %v, want the sheet's rows (2 on row 6, 3 on row 7)", lines)
	}
}

// zipOf builds an archive of the given parts, in order.
func zipOf(t testing.TB, parts ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const workbookXML = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>`
const relsXML = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`

func sheetXML(rows string) string {
	return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`
}

// minimalSheet has the columns of the minimal correspondence.
const headerRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c><c r="B1" t="inlineStr"><is><t>nom</t></is></c><c r="C1" t="inlineStr"><is><t>ville</t></is></c><c r="D1" t="inlineStr"><is><t>cp</t></is></c><c r="E1" t="inlineStr"><is><t>adresse</t></is></c><c r="F1" t="inlineStr"><is><t>maj</t></is></c></row>`

func minimalCorrespondence(t testing.TB) *Correspondence {
	c, err := ParseCorrespondence([]byte(minimal), "min.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestXLSXCells(t *testing.T) {
	book := zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML,
		"xl/sharedStrings.xml", `<sst><si><t>Mairie</t></si><si><r><t>de </t></r><r><t>Castel</t></r><rPh><t>ignored</t></rPh></si></sst>`,
		"xl/worksheets/sheet1.xml", sheetXML(headerRow+
			// Cells without references, a formula's text, shared strings
			// made of runs, a number in E notation.
			`<row r="2"><c t="str"><f>A1</f><v>x1</v></c><c t="s"><v>1</v></c><c t="s"><v>0</v></c><c><v>3.1E+4</v></c><c t="inlineStr"><is><r><t>1 </t></r><r><t>rue</t></r></is></c><c t="d"><v>2024-02-01T00:00:00</v></c></row>`+
			// A shared string that does not exist: the row is refused.
			`<row r="4"><c r="A4" t="s"><v>7</v></c></row>`))
	var out bytes.Buffer
	ds, err := Convert(context.Background(), bytes.NewReader(book), "t.xlsx", minimalCorrespondence(t), &out)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"x1","nom":"de Castel","commune":"Mairie","code_postal":"31000","adresse":"1 rue","date_maj":"2024-02-01"}`
	if !strings.Contains(out.String(), want) || strings.Count(out.String(), "{") != 1 {
		t.Errorf("output = %s, want %s alone", out.String(), want)
	}
	if len(ds) != 1 || ds[0].Line != 4 || ds[0].Severity != place.Error || !strings.Contains(ds[0].Message, "colonne A") {
		t.Errorf("diagnostics = %v, want row 4 refused", ds)
	}
}

func TestXLSXRefused(t *testing.T) {
	big := strings.Repeat("<row><c><v>1</v></c></row>", 2000)
	tests := []struct {
		name string
		data []byte
		lim  Limits
		msg  string
	}{
		{"not a zip", append([]byte("PK\x03\x04"), "garbage"...), DefaultLimits, "archive ZIP illisible"},
		{"ods", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>"), DefaultLimits, "OpenDocument (ODS) : non pris en charge"},
		{"no workbook", zipOf(t, "word/document.xml", "<x/>"), DefaultLimits, "sans classeur Excel"},
		{"no sheet", zipOf(t, "xl/workbook.xml", `<workbook><sheets/></workbook>`), DefaultLimits, "classeur sans feuille"},
		{"bad xml", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>"), DefaultLimits, "classeur XLSX illisible"},
		{"rows out of order", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", sheetXML(`<row r="3"/><row r="2"/>`)), DefaultLimits, "lignes dans le désordre"},
		{"bad reference", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", sheetXML(`<row r="1"><c r="1A"/></row>`)), DefaultLimits, "référence de cellule invalide"},
		{"too many cells", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", sheetXML(headerRow+big)), Limits{File: 1 << 20, Field: 1 << 10, Cells: 1000}, "plus de 1000 cellules"},
		{"bad xml after many rows", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", `<worksheet><sheetData>`+headerRow+strings.Repeat(`<row><c><v>1</v></c></row>`, 30)+`<row><c>`), DefaultLimits, "classeur XLSX illisible vers la ligne 32"},
		{"bad xml after the header", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", `<worksheet><sheetData>`+headerRow+`<row r="2"><c><v>1</v></c></row><row r="3"><c>`), DefaultLimits, "classeur XLSX illisible vers la ligne 3"},
		{"inflates too much", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", sheetXML(big)), Limits{File: 20 << 10, Field: 1 << 10, Cells: 1 << 20}, "une fois décompressé"},
		{"file too big", zipOf(t, "xl/workbook.xml", workbookXML), Limits{File: 100, Field: 10, Cells: 10}, "fichier de plus de 100 octets"},
		{"empty sheet", zipOf(t, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", sheetXML("")), DefaultLimits, "feuille « Feuil1 » vide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := convert(context.Background(), bytes.NewReader(tt.data), "t.xlsx", minimalCorrespondence(t), &out, tt.lim)
			var fe *standard.FileError
			if !errors.As(err, &fe) || fe.File != "t.xlsx" || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("error = %v, want a FileError of t.xlsx saying %q", err, tt.msg)
			}
		})
	}
}

// TestXLSXZipBomb: a small archive whose sheet inflates to far more than
// the limit stops at the limit, whatever its declared size says.
func TestXLSXZipBomb(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range [][2]string{{"xl/workbook.xml", workbookXML}, {"xl/_rels/workbook.xml.rels", relsXML}} {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprint(w, p[1])
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(w, `<worksheet><sheetData><row><c t="inlineStr"><is><t>`)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < 64; i++ { // 64 MB of text, about 64 KB compressed
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Fprint(w, `</t></is></c></row></sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes", b.Len())
	}
	var out bytes.Buffer
	_, err = convert(context.Background(), &b, "bombe.xlsx", minimalCorrespondence(t), &out, Limits{File: 8 << 20, Field: 64 << 10, Cells: 1000})
	var fe *standard.FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "8 Mo une fois décompressé") {
		t.Errorf("error = %v, want the inflation limit", err)
	}
}

func TestFormatKind(t *testing.T) {
	tests := []struct {
		id   int
		code string
		want dateKind
	}{
		{0, "", notDate},
		{2, "", notDate},
		{14, "", dateOnly},
		{20, "", timeOnly},
		{22, "", dateTime},
		{164, "DD/MM/YYYY", dateOnly},
		{164, "yyyy-mm-dd hh:mm", dateTime},
		{164, "[h]:mm", timeOnly},
		{164, "hh:mm;@", timeOnly},
		{164, `0.00" jours"`, notDate},
		{164, `#,##0 "d"`, notDate},
		{164, `[Red]0.00`, notDate},
		{164, `[$-40C]dddd d mmmm yyyy`, dateOnly},
		{164, "mmm", dateOnly},
	}
	for _, tt := range tests {
		if got := formatKind(tt.id, tt.code); got != tt.want {
			t.Errorf("formatKind(%d, %q) = %d, want %d", tt.id, tt.code, got, tt.want)
		}
	}
}

func TestSerialText(t *testing.T) {
	tests := []struct {
		f        float64
		kind     dateKind
		date1904 bool
		want     string
	}{
		{45323, dateOnly, false, "2024-02-01"},
		{1, dateOnly, false, "1900-01-01"},
		{59, dateOnly, false, "1900-02-28"},
		{61, dateOnly, false, "1900-03-01"},
		{0.375, timeOnly, false, "09:00"},
		{0.5625, timeOnly, false, "13:30"},
		{45356.604166666664, dateTime, false, "2024-03-05 14:30"},
		{43861, dateOnly, true, "2024-02-01"},
	}
	// Excel's 29 February 1900, which never was, and times past a day.
	for _, f := range []float64{60, 60.5, -1, 1.5} {
		if got, ok := serialText(f, timeOnly, false); ok && f != 60 && f != 60.5 || f == 60 && ok {
			t.Errorf("serialText(%v) = %q, want none", f, got)
		}
	}
	for _, tt := range tests {
		got, ok := serialText(tt.f, tt.kind, tt.date1904)
		if !ok || got != tt.want {
			t.Errorf("serialText(%v, %d, %v) = %q, %v, want %q", tt.f, tt.kind, tt.date1904, got, ok, tt.want)
		}
	}
}

func TestColumnRefs(t *testing.T) {
	for ref, want := range map[string]int{"A1": 0, "Z9": 25, "AA10": 26, "AB3": 27, "XFD1": 16383} {
		got, ok := columnOf(ref)
		if !ok || got != want {
			t.Errorf("columnOf(%s) = %d, %v, want %d", ref, got, ok, want)
		}
		if name := columnName(want); name+ref[len(name):] != ref {
			t.Errorf("columnName(%d) = %s", want, name)
		}
	}
	for _, bad := range []string{"", "1", "a1", "XFE1", "A1B"} {
		if _, ok := columnOf(bad); ok {
			t.Errorf("columnOf(%q) accepted", bad)
		}
	}
}

// FuzzXLSX reads any archive as a workbook.
func FuzzXLSX(f *testing.F) {
	seedFiles(f, "france-services.xlsx", "hub.xlsx")
	f.Add(zipOf(f, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", sheetXML(headerRow+`<row><c t="s"><v>0</v></c></row>`)))
	fs, err := Builtin("france-services")
	if err != nil {
		f.Fatal(err)
	}
	fs.FileDate = fsDate
	min := minimalCorrespondence(f)
	small := Limits{File: 4 << 20, Field: 4 << 10, Cells: 20_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range []*Correspondence{fs, min} {
			var out bytes.Buffer
			res, err := convert(context.Background(), bytes.NewReader(data), "fuzz.xlsx", c, &out, small)
			if err != nil {
				var fe *standard.FileError
				if !errors.As(err, &fe) {
					t.Fatalf("error is not a FileError: %v", err)
				}
				continue
			}
			checkOutput(t, out.Bytes(), res.Diagnostics)
		}
	})
}
