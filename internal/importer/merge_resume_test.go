package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// failingMerges is a store whose merge runs fail at their last step.
type failingMerges struct{ store.Store }

func (failingMerges) MergeRecords(context.Context, []store.RecordMerge, []store.PendingRecord) ([]store.Merged, error) {
	return nil, errors.New("panne simulée")
}

// TestMergeRunResumes: a merge run that fails (or a process killed after
// the import's commit) leaves its records waiting; the next import, even
// of an unchanged file, merges them.
func TestMergeRunResumes(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	national := csvHeader + "n1,,Médiathèque Jean Moulin,Albi,81000,12 rue Pasteur,2026-01-01\n"
	hub := csvHeader + "h1,,Mediatheque Jean-Moulin,Albi,81000,12 rue Pasteur,2026-02-01\n"
	count := func() int {
		t.Helper()
		n := 0
		for _, err := range db.Lieux(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	if res, err := Import(ctx, db, strings.NewReader(national), "national.csv", Options{Source: "national"}); err != nil || res.MergeErr != nil {
		t.Fatalf("first import: %v %v", err, res.MergeErr)
	}
	res, err := Import(ctx, failingMerges{db}, strings.NewReader(hub), "hub.csv", Options{Source: "hub"})
	if err != nil || res.MergeErr == nil || count() != 2 {
		t.Fatalf("import with a failing merge run: %v, merge error %v, %d places", err, res.MergeErr, count())
	}
	res, err = Import(ctx, db, strings.NewReader(hub), "hub.csv", Options{Source: "hub"})
	if err != nil || res.MergeErr != nil || res.Counts.Unchanged != 1 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	if res.Merge.Merged != 1 || count() != 1 {
		t.Errorf("the waiting records were not merged by the next import: %+v, %d places", res.Merge, count())
	}
	// Nothing waits any more: the next import compares nothing.
	res, err = Import(ctx, db, strings.NewReader(hub), "hub.csv", Options{Source: "hub"})
	if err != nil || res.Merge.Compared != 0 {
		t.Errorf("third import compared %d pairs (%v)", res.Merge.Compared, err)
	}
}
