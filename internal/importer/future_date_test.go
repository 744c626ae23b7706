package importer

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/sqlite"
	"maillage/internal/standard"
)

// A date_maj beyond tomorrow (Europe/Paris) is a warning naming file,
// line and value, and is not trusted: the record is dated by the import.
func TestFutureDateMaj(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC) // 2 December in Paris
	file := csvHeader + "a0,,EPN 0,Albi,81000,1 rue,2099-12-31\n" + "a1,,EPN 1,Albi,81000,2 rue,2026-12-03\n"
	var rep bytes.Buffer
	rw, err := standard.NewReportWriter("text", &rep)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(ctx, db, strings.NewReader(file), "f.csv", Options{Source: "hub", Report: rw, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(rep.String(), "date-maj-future"); n != 1 || res.Summary.Warnings < 1 {
		t.Errorf("%d warnings date-maj-future (%d in all), want 1:\n%s", n, res.Summary.Warnings, rep.String())
	}
	for _, want := range []string{"f.csv", "2", "2099-12-31", "date-maj-future"} {
		if !strings.Contains(rep.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, rep.String())
		}
	}
	for id, want := range map[string]time.Time{
		"a0": time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), // the import's day in Paris
		"a1": time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), // tomorrow: trusted
	} {
		l, err := db.Lieu(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !l.DateMaj.Equal(want) {
			t.Errorf("%s: date_maj %v, want %v", id, l.DateMaj, want)
		}
	}
}
