package storetest

import (
	"context"
	"slices"
	"testing"

	"maillage/internal/store"
)

// ChangesOfHandWrittenSQL checks that writes no code path makes yet (a
// delete, a change of id, a hand-written UPDATE) are logged too: the
// triggers are on the table. exec runs a statement on the engine.
func ChangesOfHandWrittenSQL(t *testing.T, db interface {
	store.Places
	store.ChangeLog
}, exec func(ctx context.Context, query string) error) {
	ctx := context.Background()
	im, err := db.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b", "c"} {
		l := Sample(id)
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	rev, err := db.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM lieux WHERE id = 'a'`, `UPDATE lieux SET id = 'b2' WHERE id = 'b'`, `UPDATE lieux SET nom = 'x' WHERE id = 'c'`} {
		if err := exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	c, err := db.Changes(ctx, rev.Lieux, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.IDs, []string{"a", "b", "b2", "c"}) {
		t.Errorf("changes: %v", c.IDs)
	}
	// Of them, only the new id of b appeared.
	if len(c.Created) != 1 || !c.Created["b2"] {
		t.Errorf("created: %v, want b2 only", c.Created)
	}
	ls, err := db.LieuxByID(ctx, c.IDs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 {
		t.Errorf("%d places read back, want b2 and c", len(ls))
	}
}
