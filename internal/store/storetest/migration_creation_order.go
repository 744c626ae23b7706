package storetest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"maillage/internal/store"
)

// CreationOrderMigration is the migration that numbers the places in
// the order they were created (lieux.ordre_creation).
const CreationOrderMigration = 27

// RunMigrationCreationOrder: a registry of before the creation order is
// migrated: its places, published or withdrawn, are numbered in
// created_at then id order, without a change in the changes feed, and
// places created afterwards come after them whatever the clock says. Of
// two places merged, the one numbered first survives. The registry is
// written by today's store, then taken back to the schema of before
// (the column dropped, the migration forgotten), since an import of
// today writes the column. open opens the same database at each call.
func RunMigrationCreationOrder(t *testing.T, open Open, exec ExecArgs) {
	ctx := context.Background()
	c := &Clock{}
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	old := open(t, store.WithClock(c.Now))
	c.Set(t0)
	put(t, old, "hub", Sample("w"))
	c.Set(t0.Add(time.Hour))
	put(t, old, "hub", Sample("c"))
	c.Set(t0.Add(2 * time.Hour)) // b and a at one instant: a, the smaller id, first
	put(t, old, "national", Sample("b"), Sample("a"))
	c.Set(t0.Add(3 * time.Hour))
	importAll(t, old, "hub", Sample("c")) // w withdrawn
	rev, err := old.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP INDEX lieux_ordre_creation`, `ALTER TABLE lieux DROP COLUMN ordre_creation`,
		`ALTER TABLE lieux_retires DROP COLUMN ordre_creation`, "DELETE FROM schema_migrations WHERE version = " + strconv.Itoa(CreationOrderMigration)} {
		exec(t, old, q)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s := open(t, store.WithClock(c.Now))
	defer s.Close()
	if ch, err := s.Changes(ctx, rev.Lieux, 100); err != nil || len(ch.IDs) != 0 {
		t.Errorf("the migration wrote changes of places: %+v, %v", ch, err)
	}
	rk := func(src, id string) store.RecordKey { return store.RecordKey{Source: src, ID: id} }
	merge := func(a, b store.RecordKey) string { t.Helper(); return mergeOnce(t, s, a, b) }
	// A place created after the migration, at a clock set before every
	// other, comes after them.
	c.Set(t0.Add(-time.Hour))
	put(t, s, "tardif", Sample("0"))
	if got := merge(rk("tardif", "0"), rk("national", "b")); got != "b" {
		t.Errorf("merge of b (migrated) and 0 (created after the migration, with an earlier clock): %s survives, want b", got)
	}
	// Created at one instant: by id.
	if got := merge(rk("national", "b"), rk("national", "a")); got != "a" {
		t.Errorf("merge of a and b (created at one instant): %s survives, want a", got)
	}
	// c was created before a, whose id is smaller.
	if got := merge(rk("national", "a"), rk("hub", "c")); got != "c" {
		t.Errorf("merge of c (created first) and a: %s survives, want c", got)
	}
	// w, withdrawn when migrated, published again, keeps its rank: first.
	c.Set(t0.Add(4 * time.Hour))
	put(t, s, "hub", Sample("w"))
	if got := merge(rk("hub", "c"), rk("hub", "w")); got != "w" {
		t.Errorf("merge of w (created first, withdrawn when migrated) and c: %s survives, want w", got)
	}
}
