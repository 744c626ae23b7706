package standard

import (
	"bytes"
	"fmt"
	"testing"

	"maillage/internal/standard/standardtest"
)

// BenchmarkScanCSV measures parse + validate + normalise of generated v1
// records (target: ≥ 150 000 records/s on one core: go test -bench ScanCSV -cpu 1).
func BenchmarkScanCSV(b *testing.B) {
	var buf bytes.Buffer
	const n = 20000
	if err := standardtest.WriteCSV(&buf, n, 1); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	records := 0
	for i := 0; i < b.N; i++ {
		sc, err := NewScanner(bytes.NewReader(data), "bench.csv")
		if err != nil {
			b.Fatal(err)
		}
		for sc.Scan() {
			records++
		}
		if sc.Summary.Accepted != n {
			b.Fatalf("%s", sc.Summary)
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkJSONManyKeys reads one JSON object of 50 000 distinct keys (a
// hostile file: the standard has 32): linear, where it was quadratic.
func BenchmarkJSONManyKeys(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString(`[{"id":"a","nom":"EPN","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"`)
	for i := range 50000 {
		fmt.Fprintf(&buf, `,"k%d":1`, i)
	}
	buf.WriteString("}]")
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sc, err := NewScanner(bytes.NewReader(data), "bench.json")
		if err != nil {
			b.Fatal(err)
		}
		for sc.Scan() {
		}
		if sc.Err() != nil || sc.Summary.Accepted != 1 {
			b.Fatal(sc.Err(), sc.Summary)
		}
	}
}
