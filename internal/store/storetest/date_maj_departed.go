package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// testDepartedRecordDate: a place's date_maj is the newest of its current
// records', or a date a person set (a confirmation, an edit): a record
// that leaves the place (withdrawn by its source, split off) takes its
// date with it, and the date's provenance names the record that gives
// it; a person's confirmation stays.
func testDepartedRecordDate(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
	newer := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	older := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	dated := func(id string, d time.Time) place.Lieu {
		l := Sample(id)
		l.DateMaj = d
		return l
	}
	// 1623: fs's record, hub's merged in; h1: hub's, fs's f1 merged in;
	// c-fs: fs's, hub's merged in, then confirmed by a person.
	put(t, s, "hub", dated("hub-0029", older), dated("h1", older), dated("c-hub", older))
	put(t, s, "fs", dated("1623", newer), dated("f1", newer), dated("c-fs", newer))
	why := store.MergeInfo{Actor: "compte:1", Reason: "même lieu"}
	for _, m := range [][2]string{{"1623", "hub-0029"}, {"h1", "f1"}, {"c-fs", "c-hub"}} {
		if err := s.MergePlaces(ctx, m[0], m[1], why); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"1623", "h1", "c-fs"} {
		if got := lieu(t, s, id).DateMaj; !got.Equal(newer) {
			t.Errorf("%s merged: date_maj %s, want fs's %s", id, got.Format(time.DateOnly), newer.Format(time.DateOnly))
		}
	}
	c.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
	confirmed := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	cur := lieu(t, s, "c-fs")
	if _, err := s.PatchLieu(ctx, "c-fs", store.Patch{Base: store.Version(&cur), DateMaj: confirmed, Origin: "structure", Actor: "compte:2"}); err != nil {
		t.Fatal(err)
	}

	// fs withdraws 1623 and c-fs.
	c.Set(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC))
	if got := importAll(t, s, "fs", dated("f1", newer)); got.Withdrawn != 2 {
		t.Fatalf("fs's re-harvest: %+v, want 2 withdrawn", got)
	}
	checkDate := func(when, id string, want time.Time, from string) {
		t.Helper()
		if got := lieu(t, s, id).DateMaj; !got.Equal(want) {
			t.Errorf("%s, %s: date_maj %s, want %s", when, id, got.Format(time.DateOnly), want.Format(time.DateOnly))
		}
		o, err := s.FieldSources(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got := o["date_maj"]
		if from == "" && (!got.ByHand() || got.Actor != "compte:2") {
			t.Errorf("%s, %s: date_maj's provenance %+v, want the confirmation by compte:2", when, id, got)
		}
		if from != "" && (got.ByHand() || got.Source != "hub" || got.SourceID != from) {
			t.Errorf("%s, %s: date_maj's provenance %+v, want hub's record %s", when, id, got, from)
		}
	}
	checkDate("fs's record withdrawn", "1623", older, "hub-0029")
	checkDate("fs's record withdrawn after a confirmation", "c-fs", confirmed, "")

	// f1 split off h1: h1 is hub's place again.
	if _, err := s.SplitRecord(ctx, "fs", "f1", store.MergeInfo{Actor: "compte:3", Reason: "deux lieux"}); err != nil {
		t.Fatal(err)
	}
	checkDate("fs's record split off", "h1", older, "h1")
	if got := lieu(t, s, "f1").DateMaj; !got.Equal(newer) {
		t.Errorf("split place f1: date_maj %s, want its record's %s", got.Format(time.DateOnly), newer.Format(time.DateOnly))
	}
}
