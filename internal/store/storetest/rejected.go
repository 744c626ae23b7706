package storetest

import (
	"context"
	"reflect"
	"testing"

	"maillage/internal/store"
)

// testRejectedRecordKept: a record the validation rejected but whose id
// the source still lists is not absent: it is not withdrawn, keeps its
// last valid version, and does not count as lost.
func testRejectedRecordKept(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("a"), Sample("b"))
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	a := Sample("a")
	if _, _, err := im.Put(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if !im.Reject("b") {
		t.Error("Reject(b): a stored record, want kept")
	}
	if im.Reject("inconnu") || im.Reject("") {
		t.Error("Reject of a record never stored: want not kept")
	}
	if absent, total := im.Absent(); absent != 0 || total != 2 {
		t.Errorf("Absent() = %d, %d; want 0, 2", absent, total)
	}
	if n, err := im.Withdraw(ctx); err != nil || n != 0 {
		t.Errorf("Withdraw() = %d, %v; want 0", n, err)
	}
	c, err := im.Commit(ctx, "g.csv")
	if err != nil {
		t.Fatal(err)
	}
	if c.Rejected != 3 || c.Withdrawn != 0 {
		t.Errorf("counts %+v, want 3 rejected, none withdrawn", c)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("published: %v, want a and b", got)
	}
}
