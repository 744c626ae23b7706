package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/store"
)

// testLastChangeCountsWithdrawals: a withdrawal changes the registry, so
// it moves the time of its last change (the open-data files' date and
// Last-Modified), in Stats and in Revision.
func testLastChangeCountsWithdrawals(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	first := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	c.Set(first)
	put(t, s, "hub", Sample("a"), Sample("b"))
	later := first.Add(48 * time.Hour)
	c.Set(later)
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	l := Sample("a")
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if n, err := im.Withdraw(ctx); err != nil || n != 1 {
		t.Fatalf("withdraw: %d, %v", n, err)
	}
	if _, err := im.Commit(ctx, "f"); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.LastChange.Equal(later) || st.Count != 1 {
		t.Errorf("stats after b was withdrawn: %+v, want the last change at %v", st, later)
	}
	if r := revision(t, s); !r.LastChange.Equal(later) {
		t.Errorf("revision's last change %v, want %v", r.LastChange, later)
	}
}
