package standard

import (
	"bytes"
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
