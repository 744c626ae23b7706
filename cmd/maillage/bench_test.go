package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/standard/standardtest"
)

// BenchmarkValidate runs `maillage validate` on 20 000 generated records
// (scripts/bench-validate.sh compares the whole command with the ANCT
// library on 100 000).
func BenchmarkValidate(b *testing.B) {
	path := filepath.Join(b.TempDir(), "lieux.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := standardtest.WriteCSV(f, 20000, 1); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		err := run(context.Background(), []string{"validate", path}, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
	}
}
