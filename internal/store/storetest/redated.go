package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// testRedatedEdition: a new edition of a list that dates every record by
// its edition (the France Services list) with one real change counts one
// update: the records only re-dated are unchanged, not rewritten (their
// date_maj stays the edition that last changed them) and not in the
// changes feed.
func testRedatedEdition(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	first := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var ls []place.Lieu
	for i, id := range []string{"fs-1", "fs-2", "fs-3"} {
		l := Sample(id)
		l.Nom, l.DateMaj = l.Nom+" "+id, first
		l.Coordinates = &place.Point{Lat: 49.25 + float64(i)/100, Lon: 4.03}
		ls = append(ls, l)
	}
	importAll(t, s, "fs", ls...)
	rev, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.Set(time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
	edition := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := range ls {
		ls[i].DateMaj = edition
	}
	ls[1].Horaires = "Mo-Fr 08:30-12:00"
	counts := importAll(t, s, "fs", ls...)
	if counts.Updated != 1 || counts.Unchanged != 2 || counts.Created != 0 {
		t.Errorf("new edition with one change: %+v, want 1 updated, 2 unchanged", counts)
	}
	ch, err := s.Changes(ctx, rev.Lieux, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ch.IDs, []string{"fs-2"}) {
		t.Errorf("changes feed after the edition: %v, want fs-2 only", ch.IDs)
	}
	if got := lieu(t, s, "fs-2"); !got.DateMaj.Equal(edition) || got.Horaires != "Mo-Fr 08:30-12:00" {
		t.Errorf("the changed record's place: %v %q", got.DateMaj, got.Horaires)
	}
	if got := lieu(t, s, "fs-1"); !got.DateMaj.Equal(first) {
		t.Errorf("a re-dated record's place: date_maj %v, want the edition that last changed it", got.DateMaj)
	}
	// The next edition, the same: nothing to do.
	if counts := importAll(t, s, "fs", ls...); counts.Unchanged != 3 {
		t.Errorf("the same edition again: %+v", counts)
	}
}
