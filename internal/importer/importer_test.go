package importer

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/sqlite"
	"maillage/internal/standard"
)

const csvHeader = "id,pivot,nom,commune,code_postal,adresse,date_maj\n"

func TestImport(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	good := csvHeader + "a,,EPN A,Albi,81000,1 rue,2026-01-01\nb,,EPN B,Albi,81000,2 rue,2026-01-01\n"
	withBad := good + "c,,,Albi,81000,3 rue,2026-01-01\n"

	var report bytes.Buffer
	rw, err := standard.NewReportWriter("text", &report)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	res, err := Import(ctx, db, strings.NewReader(withBad), "f.csv", Options{Source: "hub", Report: rw, Progress: func(i int) { n = i }})
	if cerr := rw.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	if err != nil || res.Counts.Created != 2 || res.Counts.Rejected != 1 || n != 3 {
		t.Fatalf("import: %+v %v (progress %d)", res, err, n)
	}
	if !strings.Contains(report.String(), "f.csv, ligne 4 : erreur [id c] champ nom") {
		t.Errorf("report: %s", report.String())
	}
	// Strict: the rejected record cancels the whole file.
	_, err = Import(ctx, db, strings.NewReader(strings.Replace(withBad, "EPN A", "Autre nom", 1)), "f.csv", Options{Source: "hub", Strict: true})
	var se *StrictError
	if !errors.As(err, &se) || se.Rejected != 1 {
		t.Errorf("strict: %v", err)
	}
	if l, err := db.Lieu(ctx, "a"); err != nil || l.Nom != "EPN A" {
		t.Errorf("a strict failure changed the registry: %q", l.Nom)
	}
	// A file that cannot be read keeps nothing of it.
	if _, err := Import(ctx, db, strings.NewReader("nimporte quoi\n"), "g.csv", Options{Source: "autre"}); err == nil {
		t.Errorf("unreadable file imported")
	}
	// Another source with the same id: published under a prefixed id, and said so.
	report.Reset()
	rw, err = standard.NewReportWriter("text", &report)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(ctx, db, strings.NewReader(good), "h.csv", Options{Source: "dept", Report: rw}); err != nil {
		t.Fatal(err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(report.String(), "sous l'identifiant dept-a") {
		t.Errorf("collision not reported: %s", report.String())
	}
	// Each import is journaled.
	entries, err := db.Audit(ctx, "source", "hub")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || !strings.Contains(string(entries[0].After), `"crees":2`) {
		t.Errorf("journal: %+v", entries)
	}
}
