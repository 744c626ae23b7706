package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// changesSince reads the whole change log after since, in several calls
// when it is long.
func changesSince(t *testing.T, s store.Store, since int64) store.Changes {
	t.Helper()
	c, err := s.Changes(context.Background(), since, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if c.More || c.Gap {
		t.Fatalf("changes after %d: more %v, gap %v", since, c.More, c.Gap)
	}
	return c
}

func revision(t *testing.T, s store.Store) store.Revision {
	t.Helper()
	r, err := s.Revision(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testChangesEveryWrite: every write of a place appears in the change log,
// and nothing else does; the referential has a revision of its own.
func testChangesEveryWrite(t *testing.T, s store.Store) {
	ctx := context.Background()
	if r := revision(t, s); r.Lieux != 0 {
		t.Errorf("revision of an empty registry: %+v", r)
	}
	if c := changesSince(t, s, 0); c.Rev != 0 || len(c.IDs) != 0 {
		t.Errorf("changes of an empty registry: %+v", c)
	}
	put(t, s, "hub", Sample("a"), Sample("b"))
	c := changesSince(t, s, 0)
	slices.Sort(c.IDs)
	if !slices.Equal(c.IDs, []string{"a", "b"}) || c.Rev == 0 || c.Rev != revision(t, s).Lieux {
		t.Fatalf("after an import of a and b: %+v, revision %+v", c, revision(t, s))
	}
	rev := c.Rev
	// The revision says when a place was last written, as Stats does.
	if st, err := s.Stats(ctx); err != nil || !revision(t, s).LastChange.Equal(st.LastChange) || st.LastChange.IsZero() {
		t.Errorf("revision's last change %v, stats' %v (%v)", revision(t, s).LastChange, st.LastChange, err)
	}
	// A re-import that changes b only logs b.
	b := Sample("b")
	b.Nom = "Autre nom"
	put(t, s, "hub", Sample("a"), b)
	c = changesSince(t, s, rev)
	if !slices.Equal(c.IDs, []string{"b"}) || c.Rev <= rev {
		t.Fatalf("after a re-import changing b: %+v", c)
	}
	rev = c.Rev
	// An import that changes nothing logs nothing.
	put(t, s, "hub", Sample("a"), b)
	if c = changesSince(t, s, rev); len(c.IDs) != 0 || c.Rev != rev {
		t.Fatalf("after an unchanged import: %+v", c)
	}
	// A hand edit.
	l, err := s.Lieu(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	l.Horaires = "Mo-Fr 10:00-18:00"
	if _, err := s.PatchLieu(ctx, "a", store.Patch{Set: map[string]string{"horaires": l.Horaires}, Origin: "structure", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if c = changesSince(t, s, rev); !slices.Equal(c.IDs, []string{"a"}) {
		t.Fatalf("after an edit of a: %+v", c)
	}
	rev = c.Rev
	// A place that changed twice is listed once.
	put(t, s, "autre", Sample("c"))
	if _, err := s.PatchLieu(ctx, "a", store.Patch{Set: map[string]string{"horaires": l.Horaires}, Origin: "structure", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PatchLieu(ctx, "a", store.Patch{Set: map[string]string{"nom": "Encore"}, Origin: "structure", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if c = changesSince(t, s, rev); !slices.Equal(c.IDs, []string{"c", "a"}) {
		t.Fatalf("after c then a twice: %+v", c)
	}
	// Asking for fewer changes than there are says so.
	short, err := s.Changes(ctx, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !short.More || len(short.IDs) > 2 || short.Rev >= c.Rev {
		t.Errorf("changes with a limit of 2: %+v", short)
	}
	// The referential has its own revision, bumped by every replacement;
	// the places' revision does not move.
	ref := revision(t, s)
	if err := s.ReplaceTerritories(ctx, Referential()); err != nil {
		t.Fatal(err)
	}
	after := revision(t, s)
	if after.Territories <= ref.Territories || after.Lieux != ref.Lieux {
		t.Errorf("revisions before and after a referential import: %+v → %+v", ref, after)
	}
	if err := s.ReplaceTerritories(ctx, Referential()); err != nil {
		t.Fatal(err)
	}
	if again := revision(t, s); again.Territories <= after.Territories {
		t.Errorf("a second referential import: %+v → %+v", after, again)
	}
	// LieuxByID reads what exists, and only that.
	ls, err := s.LieuxByID(ctx, []string{"c", "absent", "a"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range ls {
		got = append(got, l.ID+":"+l.Nom)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a:Encore", "c:" + Sample("c").Nom}) {
		t.Errorf("LieuxByID: %v", got)
	}
	if ls, err := s.LieuxByID(ctx, nil); err != nil || len(ls) != 0 {
		t.Errorf("LieuxByID(nil): %v, %v", ls, err)
	}
	// Pruning: a reader behind the pruned changes is told so; the others
	// read on; the revision does not move back.
	head := revision(t, s).Lieux
	if err := s.PruneChanges(ctx, rev); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Changes(ctx, rev-1, 1000); err != nil || !got.Gap {
		t.Errorf("changes from before the pruning: %+v, %v", got, err)
	}
	if got := changesSince(t, s, rev); !slices.Equal(got.IDs, []string{"c", "a"}) || got.Rev != head {
		t.Errorf("changes after the pruning: %+v", got)
	}
	if err := s.PruneChanges(ctx, head); err != nil {
		t.Fatal(err)
	}
	if r := revision(t, s); r.Lieux != head {
		t.Errorf("revision after pruning everything: %d, want %d", r.Lieux, head)
	}
}

// testChangesCommitOrder: concurrent writers lose nothing, and a reader
// that follows the log while they write sees every change. With numbers
// handed out in an order other than the commit order, the reader would
// move past a change committed late and never see it.
func testChangesCommitOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	const writers, each = 8, 25
	ls := make([]place.Lieu, writers*each)
	for i := range ls {
		ls[i] = Sample(fmt.Sprintf("p%03d", i))
	}
	put(t, s, "hub", ls...)
	start := revision(t, s).Lieux
	done := make(chan struct{})
	seen := map[string]bool{}
	var readErr error
	var readerDone sync.WaitGroup
	readerDone.Add(1)
	go func() {
		defer readerDone.Done()
		rev := start
		read := func() bool {
			c, err := s.Changes(ctx, rev, 50)
			if err != nil {
				readErr = err
				return false
			}
			if c.Gap {
				readErr = fmt.Errorf("gap after %d", rev)
				return false
			}
			for _, id := range c.IDs {
				seen[id] = true
			}
			rev = c.Rev
			return true
		}
		for {
			select {
			case <-done:
				// Everything is committed: one last read catches up.
				for {
					before := rev
					if !read() || rev == before {
						return
					}
				}
			default:
				if !read() {
					return
				}
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := 0; k < each; k++ {
				l := ls[w*each+k]
				if _, err := s.PatchLieu(ctx, l.ID, store.Patch{Set: map[string]string{"nom": fmt.Sprintf("Édité par %d", w)}, Origin: "structure", Actor: fmt.Sprintf("écrivain %d", w)}); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	close(done)
	readerDone.Wait()
	if readErr != nil {
		t.Fatal(readErr)
	}
	// Every write is in the log…
	c := changesSince(t, s, start)
	if len(c.IDs) != len(ls) {
		t.Errorf("the log holds %d of %d edited places", len(c.IDs), len(ls))
	}
	// …and the reader that followed it while they were written saw them all.
	var missed []string
	for _, l := range ls {
		if !seen[l.ID] {
			missed = append(missed, l.ID)
		}
	}
	if len(missed) > 0 {
		t.Errorf("the reader never saw %d changes (numbered before a change it had already read): %v", len(missed), missed)
	}
}
