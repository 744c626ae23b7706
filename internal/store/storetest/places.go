package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

func testRoundTrip(t *testing.T, s store.Store) {
	want := Sample("a-1")
	put(t, s, "hub", want)
	got, err := s.Lieu(context.Background(), "a-1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	// An unknown pivot and no coordinates survive too.
	min := place.Lieu{ID: "b", Nom: "B", Commune: "Albi", CodePostal: "81000", Adresse: "1 place", DateMaj: want.DateMaj}
	put(t, s, "hub", min)
	got, err = s.Lieu(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, min) {
		t.Errorf("minimal round trip:\n got %+v\nwant %+v", got, min)
	}
}

func testReimportCounts(t *testing.T, s store.Store) {
	a, b := Sample("a"), Sample("b")
	if c := put(t, s, "hub", a, b); c != (store.Counts{Created: 2}) {
		t.Errorf("first import: %+v", c)
	}
	b.Nom = "Autre nom"
	c := Sample("c")
	if got := put(t, s, "hub", a, b, c); got != (store.Counts{Created: 1, Updated: 1, Unchanged: 1}) {
		t.Errorf("second import: %+v", got)
	}
	got, err := s.Lieu(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if got.Nom != "Autre nom" {
		t.Errorf("update not stored: %q", got.Nom)
	}
	if n := len(all(t, s)); n != 3 {
		t.Errorf("%d places, want 3", n)
	}
}

func testRollback(t *testing.T, s store.Store) {
	put(t, s, "hub", Sample("a"))
	ctx := context.Background()
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	changed := Sample("a")
	changed.Nom = "Changé"
	newer := Sample("z")
	for _, l := range []*place.Lieu{&changed, &newer} {
		if _, _, err := im.Put(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	ls := all(t, s)
	if len(ls) != 1 || ls[0].Nom != Sample("a").Nom {
		t.Errorf("after rollback: %+v", ls)
	}
}

func testIDCollision(t *testing.T, s store.Store) {
	put(t, s, "hub", Sample("structure-1"))
	other := Sample("structure-1")
	other.Nom = "Autre source"
	ctx := context.Background()
	im, err := s.BeginImport(ctx, "dept31")
	if err != nil {
		t.Fatal(err)
	}
	o, id, err := im.Put(ctx, &other)
	if err != nil {
		t.Fatal(err)
	}
	if o != store.Created || id != "dept31-structure-1" {
		t.Errorf("second source's record: %v %q", o, id)
	}
	if _, err := im.Commit(ctx, "b.csv"); err != nil {
		t.Fatal(err)
	}
	// Re-importing keeps the prefixed id.
	im, err = s.BeginImport(ctx, "dept31")
	if err != nil {
		t.Fatal(err)
	}
	other.Nom = "Encore"
	if o, id, err = im.Put(ctx, &other); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "b.csv"); err != nil {
		t.Fatal(err)
	}
	if o != store.Updated || id != "dept31-structure-1" {
		t.Errorf("re-import: %v %q", o, id)
	}
	first, err := s.Lieu(ctx, "structure-1")
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Lieu(ctx, "dept31-structure-1")
	if err != nil {
		t.Fatal(err)
	}
	if first.Nom != Sample("x").Nom || second.Nom != "Encore" {
		t.Errorf("records mixed up: %q / %q", first.Nom, second.Nom)
	}
}

func testOrderAndStats(t *testing.T, s store.Store) {
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil || st.Count != 0 || !st.LastChange.IsZero() {
		t.Errorf("empty stats: %+v %v", st, err)
	}
	before := time.Now().Add(-time.Second)
	put(t, s, "hub", Sample("c"), Sample("a"), Sample("b"))
	var ids []string
	for _, l := range all(t, s) {
		ids = append(ids, l.ID)
	}
	if !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Errorf("order: %v", ids)
	}
	st, err = s.Stats(ctx)
	if err != nil || st.Count != 3 || st.LastChange.Before(before) {
		t.Errorf("stats: %+v %v", st, err)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	if _, err := s.Lieu(context.Background(), "nope"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("want ErrNotFound, got %v", err)
	}
}

func testManyRows(t *testing.T, s store.Store) {
	ls := make([]place.Lieu, 700)
	for i := range ls {
		ls[i] = Sample(fmt.Sprintf("l%04d", i))
	}
	put(t, s, "hub", ls...)
	got := all(t, s)
	if len(got) != len(ls) || got[0].ID != "l0000" || got[699].ID != "l0699" {
		t.Fatalf("%d places, first %q", len(got), got[0].ID)
	}
	// Stopping early releases the reader: the store still answers.
	n := 0
	for _, err := range s.Lieux(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 300 {
			break
		}
	}
	if _, err := s.Lieu(context.Background(), "l0500"); err != nil {
		t.Fatal(err)
	}
	// An iteration that stops for any other reason than the consumer's
	// break yields the error: a cancelled context is never a clean end.
	for _, tt := range []struct {
		name  string
		after int // rows read before the context is cancelled (-1: before the start)
	}{{"before", -1}, {"first row", 1}, {"middle", 350}, {"last row", 700}} {
		t.Run("cancelled "+tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.after < 0 {
				cancel()
			}
			n, failed := 0, error(nil)
			for l, err := range s.Lieux(ctx) {
				if err != nil {
					failed = err
					break
				}
				if l == nil {
					t.Fatal("a nil place without an error")
				}
				if n++; n == tt.after {
					cancel()
				}
			}
			if failed == nil {
				t.Errorf("cancelled after %d rows: the iteration ended cleanly after %d rows", tt.after, n)
			} else if !errors.Is(failed, context.Canceled) {
				t.Errorf("cancelled: %v, want an error wrapping context.Canceled", failed)
			}
		})
	}
}
