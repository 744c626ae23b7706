package web

import (
	"context"
	"database/sql"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/sqlite"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// otherInstance opens a server on a fresh SQLite file with the fixture,
// and a second handle on the same file: another process writing.
func otherInstance(t *testing.T) (*Server, *sqlite.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	if err := db.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
		t.Fatal(err)
	}
	importLieux(t, db, "test", fixture()...)
	s, err := NewServer(ctx, Config{Store: db, Now: func() time.Time { return monday10h }, DownloadDir: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	other, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := other.Close(); err != nil {
			t.Error(err)
		}
	})
	return s, other, path
}

func importLieux(t *testing.T, db *sqlite.DB, source string, ls ...place.Lieu) {
	t.Helper()
	ctx := context.Background()
	im, err := db.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls the server's index until ok, for at most 2 s.
func waitFor(t *testing.T, s *Server, what string, ok func(*search.Index) bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ok(s.index.Load()) {
			return
		}
	}
	t.Fatalf("after 2 s the index still misses %s", what)
}

// The watch follows the registry by its revision: a place written by
// another process shows within the poll interval, the index is not
// rebuilt while nothing changes, and a change is applied without reading
// the rest of the registry again.
func TestWatchFollowsOtherProcesses(t *testing.T) {
	s, other, path := otherInstance(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Watch(ctx, 10*time.Millisecond)

	// Nothing changes: the index stays the same snapshot.
	first := s.index.Load()
	time.Sleep(100 * time.Millisecond)
	if s.index.Load() != first {
		t.Fatal("the index was replaced while the registry did not change")
	}

	// Another process imports a place.
	importLieux(t, other, "autre", lieu("new", 43.6, 1.44, nil))
	waitFor(t, s, "a place imported by another process", func(ix *search.Index) bool {
		_, ok := ix.Lieu("new")
		return ok
	})
	// Applied, not rebuilt: the places that did not change are the same objects.
	before, ok := first.Lieu("tls-2")
	after, ok2 := s.index.Load().Lieu("tls-2")
	if !ok || !ok2 || before != after {
		t.Error("the whole registry was read again for one new place")
	}

	// Another process edits a place.
	l, err := other.Lieu(ctx, "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.PatchLieu(ctx, l.ID, store.Patch{Base: store.Version(&l), Set: map[string]string{"nom": "Nom changé ailleurs"}, Origin: "coordination", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, s, "an edit by another process", func(ix *search.Index) bool {
		l, ok := ix.Lieu("tls-1")
		return ok && l.Nom == "Nom changé ailleurs"
	})
	res := s.index.Load().Search(search.Query{Communes: []string{"31555"}, PerPage: 10, OpenAt: monday10h})
	names := map[string]bool{}
	for _, h := range res.Hits {
		names[h.Lieu.Nom] = true
	}
	if !names["Nom changé ailleurs"] || names["EPN du Capitole"] {
		t.Errorf("the search still finds the old name: %v", names)
	}

	// A place deleted by hand in the database (no code path deletes yet):
	// the trigger logs it, the index drops it.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `DELETE FROM lieux WHERE id = 'tls-2'`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, s, "a deletion", func(ix *search.Index) bool {
		_, ok := ix.Lieu("tls-2")
		return !ok
	})
	if st := s.stats.Load(); st.Count != s.index.Load().Len() {
		t.Errorf("stats count %d, index %d", st.Count, s.index.Load().Len())
	}

	// A new referential (territoires import elsewhere) is used without a restart.
	ref := storetest.Referential()
	ref.Communes = append(ref.Communes, territory.Commune{Code: "31056", Nom: "Beauzelle", Departement: "31", Region: "76", CodesPostaux: []string{"31700"}})
	if err := other.ReplaceTerritories(ctx, ref.Index()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, s, "the new referential", func(ix *search.Index) bool {
		_, ok := ix.Referential().Commune("31056")
		return ok
	})
}

// A handler that just wrote sees its own change at once, and with it the
// changes other processes made before: the index never claims a revision
// it lacks.
func TestSyncTakesEveryoneElsesChanges(t *testing.T) {
	s, other, _ := otherInstance(t)
	ctx := context.Background()
	importLieux(t, other, "autre", lieu("par-ailleurs", 43.6, 1.44, nil))
	l, err := s.store.Lieu(ctx, "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.PatchLieu(ctx, l.ID, store.Patch{Base: store.Version(&l), Set: map[string]string{"nom": "Édité ici"}, Origin: "coordination", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	ix := s.index.Load()
	if got, ok := ix.Lieu("tls-1"); !ok || got.Nom != "Édité ici" {
		t.Errorf("own edit: %v", got)
	}
	if _, ok := ix.Lieu("par-ailleurs"); !ok {
		t.Error("the index skipped a change another process made before")
	}
	rev, err := s.store.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Rev != rev.Lieux {
		t.Errorf("index at revision %d, registry at %d", ix.Rev, rev.Lieux)
	}
}

// Handlers read one snapshot of the index per request (snapshot.go): no
// other file reads s.index, whose value may change between two reads.
func TestHandlersReadOneSnapshot(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"snapshot.go": true, "refresh.go": true}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || allowed[f] {
			continue
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "index" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "s" {
					t.Errorf("%s: reads s.index; use s.indexOf(ctx), the request's snapshot", fset.Position(sel.Pos()))
				}
			}
			return true
		})
	}
}

// An instance whose revision was pruned from the log (stopped for long)
// reads the whole registry again instead of skipping what it lacks.
func TestSyncAfterThePrunedLog(t *testing.T) {
	s, other, _ := otherInstance(t)
	ctx := context.Background()
	importLieux(t, other, "autre", lieu("manque-1", 43.6, 1.44, nil), lieu("manque-2", 43.6, 1.44, nil))
	rev, err := other.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.PruneChanges(ctx, rev.Lieux); err != nil {
		t.Fatal(err)
	}
	importLieux(t, other, "autre", lieu("apres", 43.6, 1.44, nil))
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"manque-1", "manque-2", "apres"} {
		if _, ok := s.index.Load().Lieu(id); !ok {
			t.Errorf("%s missing after a sync across the pruned log", id)
		}
	}
}
