package standard

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"maillage/internal/standard/standardtest"
)

func scanEntries(t *testing.T, data []byte, workers int) ([]Entry, Summary, error) {
	t.Helper()
	sc, err := NewScannerOptions(bytes.NewReader(data), "f", Options{Limits: DefaultLimits, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	var es []Entry
	for sc.Scan() {
		es = append(es, *sc.Entry())
	}
	return es, sc.Summary, sc.Err()
}

// Workers change nothing of what a scan gives, nor its order.
func TestParallelScanIsTheSame(t *testing.T) {
	var gen bytes.Buffer
	if err := standardtest.WriteCSV(&gen, 3000, 7); err != nil {
		t.Fatal(err)
	}
	// duplicates across batches, a JSON key appearing late, a file cut short
	dup := append(append([]byte{}, gen.Bytes()...), bytes.SplitAfterN(gen.Bytes(), []byte("\n"), 3)[1]...)
	late := []byte(`[{"id":"a","nom":"A","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"}` +
		strings.Repeat(`,{"id":"b","nom":"B","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"}`, 300) +
		`,{"id":"c","nom":"C","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01","maison":"x"}, {"id": `)
	inputs := map[string][]byte{"generated": gen.Bytes(), "duplicates": dup, "late key, cut": late}
	for _, f := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	for name, data := range inputs {
		one, sum1, err1 := scanEntries(t, data, 1)
		four, sum4, err4 := scanEntries(t, data, 4)
		if !reflect.DeepEqual(one, four) || sum1 != sum4 || (err1 == nil) != (err4 == nil) || err1 != nil && err1.Error() != err4.Error() {
			t.Errorf("%s: %d entries %s %v, with 4 workers %d %s %v", name, len(one), sum1, err1, len(four), sum4, err4)
		}
	}
}

// A scan left before its end stops its workers when closed.
func TestParallelScanClose(t *testing.T) {
	var gen bytes.Buffer
	if err := standardtest.WriteCSV(&gen, 5000, 1); err != nil {
		t.Fatal(err)
	}
	sc, err := NewScannerOptions(bytes.NewReader(gen.Bytes()), "f", Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	sc.Scan()
	sc.Close()
	sc.Close()
}
