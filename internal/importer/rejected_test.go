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

// A record the source still lists but that fails validation is not
// absent: its last valid version stays published, it is not withdrawn,
// it does not count toward the mass-loss guard, and the report says why
// it was rejected.
func TestRejectedRecordIsKept(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Import(ctx, db, strings.NewReader(lines(3, "EPN")), "f.csv", Options{Source: "hub"}); err != nil {
		t.Fatal(err)
	}
	// a1 loses its name (rejected); one of three is more than 30 %.
	file := strings.Replace(lines(3, "Changé"), "a1,,Changé 1,", "a1,,,", 1)
	var rep bytes.Buffer
	rw, err := standard.NewReportWriter("text", &rep)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(ctx, db, strings.NewReader(file), "g.csv", Options{Source: "hub", Withdraw: true, MaxLoss: 0.3, Report: rw})
	var le *LossError
	if errors.As(err, &le) {
		t.Fatalf("a rejected record counted as lost: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Withdrawn != 0 || res.Counts.Rejected != 1 || res.Counts.Updated != 2 {
		t.Errorf("counts %+v, want 2 updated, 1 rejected, none withdrawn", res.Counts)
	}
	l, err := db.Lieu(ctx, "a1")
	if err != nil {
		t.Fatalf("the rejected record's place is no longer published: %v", err)
	}
	if l.Nom != "EPN 1" {
		t.Errorf("a1: nom %q, want its last valid version's", l.Nom)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.String(), "nom") || !strings.Contains(rep.String(), "a1") {
		t.Errorf("the report does not say why a1 was rejected:\n%s", rep.String())
	}
}
