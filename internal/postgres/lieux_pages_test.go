package postgres

import (
	"context"
	"slices"
	"testing"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store/storetest"
)

// Lieux reads its pages in id order, byte by byte as on SQLite, without
// losing or repeating a place at a page's edge, and stops when asked to.
func TestLieuxPages(t *testing.T) {
	page := lieuxPage
	lieuxPage = 3
	t.Cleanup(func() { lieuxPage = page })
	ctx := context.Background()
	db, err := Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	// Ids compare byte by byte whatever the server's collation: the
	// primary key holds them in the order of the listing.
	var coll *string
	if err := db.pool.QueryRow(ctx, `SELECT collation_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'lieux' AND column_name = 'id'`).Scan(&coll); err != nil {
		t.Fatal(err)
	}
	if coll == nil || *coll != "C" {
		t.Errorf("lieux.id is not in the C collation (%v)", coll)
	}
	// Byte order: capitals before small letters, "é" after "z", "a-b" before "a_b" and "ab".
	ids := []string{"zoo", "Zèbre", "a_b", "ab", "a-b", "éloge", "B2", "b1", "10", "9"}
	im, err := db.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		l := storetest.Sample(id)
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "test.csv"); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(ids)
	slices.Sort(want) // Go compares strings byte by byte
	for _, stop := range []int{0, 2, 3, 4, 9} {
		var got []string
		for l, err := range db.Lieux(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, l.ID)
			if len(got) == stop {
				break
			}
		}
		w := want
		if stop > 0 {
			w = want[:stop]
		}
		if !slices.Equal(got, w) {
			t.Errorf("stopping after %d: got %q, want %q", stop, got, w)
		}
	}
}
