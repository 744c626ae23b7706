package tableur

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"maillage/internal/standard"
)

func seedFiles(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// checkOutput checks what Convert wrote: a JSON array that the standard's
// reader reads to its end, with as many records as elements.
func checkOutput(t *testing.T, out []byte, ds []standard.Diagnostic) {
	t.Helper()
	var elems []map[string]any
	if err := json.Unmarshal(out, &elems); err != nil {
		t.Fatalf("output is not a JSON array of objects: %v\n%s", err, out)
	}
	for _, d := range ds {
		if d.Message == "" || d.Rule == "" || d.File == "" {
			t.Fatalf("diagnostic without file, message or rule: %+v", d)
		}
	}
	if len(elems) == 0 {
		return
	}
	sc, err := standard.NewScanner(bytes.NewReader(out), "converti.json")
	if err != nil {
		t.Fatalf("the standard's reader refuses the output: %v\n%s", err, out)
	}
	n := 0
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("the standard's reader stops: %v\n%s", err, out)
	}
	if n != len(elems) {
		t.Fatalf("%d records read, %d written", n, len(elems))
	}
}

// FuzzConvertCSV converts any bytes as a CSV spreadsheet with the hub's
// correspondence and with France Services'.
func FuzzConvertCSV(f *testing.F) {
	seedFiles(f, "france-services.csv", "hub-cp1252.csv")
	f.Add([]byte("Code;Nom du lieu\n\"a\nb\";c\n"))
	hub := hubCorrespondence(&testing.T{})
	fs, err := Builtin("france-services")
	if err != nil {
		f.Fatal(err)
	}
	fs.FileDate = fsDate
	small := Limits{File: 1 << 20, Field: 4 << 10, Cells: 10_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range []*Correspondence{hub, fs} {
			var out bytes.Buffer
			res, err := convert(context.Background(), bytes.NewReader(data), "fuzz.csv", c, &out, small)
			if err != nil {
				continue
			}
			checkOutput(t, out.Bytes(), res.Diagnostics)
		}
	})
}

// FuzzParseCorrespondence reads any bytes as a correspondence file; what
// it accepts converts a spreadsheet without failing on its own account.
func FuzzParseCorrespondence(f *testing.F) {
	seedFiles(f, "hub.yaml", "../builtin/france-services.yaml")
	f.Add([]byte(minimal))
	f.Add([]byte(`{"champs": {"id": "a", "nom": "b", "commune": "c", "code_postal": "d", "adresse": "e", "date_maj": "f"}}`))
	f.Add([]byte("a: &x [*x]\n"))
	sheet, err := os.ReadFile(filepath.Join("testdata", "france-services.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCorrespondence(data, "fuzz.yaml")
		if err != nil {
			return
		}
		c.FileDate = fsDate
		var out bytes.Buffer
		res, err := convert(context.Background(), bytes.NewReader(sheet), "fs.csv", c, &out, DefaultLimits)
		if err != nil {
			return // columns the sheet lacks
		}
		checkOutput(t, out.Bytes(), res.Diagnostics)
	})
}
