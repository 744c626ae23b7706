package importer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/dedup"
	"maillage/internal/sqlite"
)

// TestLaterMergeCreatesNoPlaceToMerge: imports whose merge run comes
// later (a harvest of several sources) publish no place for their new
// records; the run places them: the two records of one place make one
// place under the first source's id, without a place created for the
// second only to be merged into the first (no redirection of its id, one
// journal entry), and a record alone gets its own place. Before, each
// import published a place per record and the run merged them.
func TestLaterMergeCreatesNoPlaceToMerge(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	national := csvHeader + "n1,,Médiathèque Jean Moulin,Albi,81000,12 rue Pasteur,2026-01-01\n"
	hub := csvHeader + "h1,,Mediatheque Jean-Moulin,Albi,81000,12 rue Pasteur,2026-02-01\n" +
		"h2,,Fablab des Possibles,Albi,81000,3 chemin des Vignes,2026-02-01\n"
	for _, f := range []struct{ source, body string }{{"national", national}, {"hub", hub}} {
		res, err := Import(ctx, db, strings.NewReader(f.body), f.source+".csv", Options{Source: f.source, LaterMerge: true})
		if err != nil {
			t.Fatalf("import of %s: %v", f.source, err)
		}
		if res.Merge.Compared != 0 {
			t.Fatalf("import of %s ran the merge: %+v", f.source, res.Merge)
		}
	}
	places := func() []string {
		t.Helper()
		var ids []string
		for l, err := range db.Lieux(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, l.ID)
		}
		return ids
	}
	if ids := places(); len(ids) != 0 {
		t.Fatalf("places before the merge run: %v", ids)
	}
	rep, err := dedup.DefaultConfig().RunStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if ids := places(); strings.Join(ids, " ") != "h2 n1" {
		t.Errorf("places after the merge run: %v, want h2 and n1", ids)
	}
	if rep.Merged != 1 || rep.Created != 2 {
		t.Errorf("report %+v: want 1 fusion, 2 places created", rep)
	}
	if to, moved, err := db.Redirect(ctx, "h1"); err != nil || moved {
		t.Errorf("h1 redirects to %q (%v): no place h1 was ever published", to, err)
	}
	es, err := db.Audit(ctx, "lieu", "n1")
	if err != nil || len(es) != 1 || es[0].Action != "lieu.fusionne" {
		t.Errorf("journal of n1: %+v %v, want one merge entry", es, err)
	}
	if p, err := db.HasPending(ctx); err != nil || p {
		t.Errorf("records still waiting after the run: %v %v", p, err)
	}
}
