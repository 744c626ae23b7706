package standard

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"strings"
	"testing"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A gzip-compressed file (or a URL's answer served compressed without
// Content-Encoding) is read decompressed, with a notice, instead of as a
// CSV of its bytes ("guillemet … colonne 214"); what it inflates to is
// bounded by the file limit, as for Content-Encoding.
func TestGzipFile(t *testing.T) {
	plain, err := os.ReadFile("testdata/lieux-v1.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := readAll(t, plain)
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(gzipped(t, plain)), "lieux-v1.csv.gz")
	if err != nil {
		t.Fatalf("gzip file: %v", err)
	}
	noticed := false
	for _, p := range r.FileProblems {
		noticed = noticed || strings.Contains(p.Message, "compressé (gzip)")
	}
	if !noticed {
		t.Errorf("no notice of the decompression: %+v", r.FileProblems)
	}
	got := 0
	for {
		_, err := r.Next()
		if err != nil {
			break
		}
		got++
	}
	if got != want {
		t.Errorf("records: %d, want %d", got, want)
	}

	// A bomb: 64 MB of one line inflated from a few KB, past the limit.
	bomb := gzipped(t, append([]byte("id,nom\n"), bytes.Repeat([]byte("a"), 64<<20)...))
	r, err = NewReaderOptions(bytes.NewReader(bomb), "bomb.csv.gz", Options{Limits: Limits{File: 1 << 20, Record: 1 << 20, Field: 64 << 10}})
	for err == nil {
		_, err = r.Next()
	}
	var le *LimitError
	if !errors.As(err, &le) {
		t.Errorf("a gzip bomb: %v", err)
	}

	// A truncated stream says so in French.
	cut := gzipped(t, plain)
	r, err = NewReader(bytes.NewReader(cut[:len(cut)/2]), "cut.csv.gz")
	for err == nil {
		_, err = r.Next()
	}
	if !strings.Contains(err.Error(), "gzip") || strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("a truncated gzip file: %v", err)
	}
}

func readAll(t *testing.T, b []byte) (int, error) {
	r, err := NewReader(bytes.NewReader(b), "plain.csv")
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		if _, err := r.Next(); err != nil {
			return n, nil
		}
		n++
	}
}
