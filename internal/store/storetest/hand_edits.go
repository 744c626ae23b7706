package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// testRedatedRecordKeepsHandEdit: a record dated after a hand edit that
// says what its source said when the edit was made (a re-dated file, the
// France Services list's next edition) does not replace the edit, nor
// does one that leaves the field empty; for a place of one record (the
// import's own computation) and a merged place (computed from all its
// records); nor is it news for the coordinators. A record that really
// changed the field does not replace it either, but is news for them
// (testNewerRecordKeepsHandEdit).
func testRedatedRecordKeepsHandEdit(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	single, merged, other := Sample("s"), Sample("m"), Sample("o")
	other.Nom = "Autre source"
	put(t, s, "hub", single, merged)
	put(t, s, "dept", other)
	if err := s.MergePlaces(ctx, "m", "o", store.MergeInfo{Actor: "dedup"}); err != nil {
		t.Fatal(err)
	}
	c.Set(time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC))
	for _, id := range []string{"s", "m"} {
		cur := lieu(t, s, id)
		if _, err := s.PatchLieu(ctx, id, store.Patch{Base: store.Version(&cur), Set: map[string]string{
			"telephone": "+33561000000", "courriels": "accueil@exemple.fr"}, Origin: "coordination", Actor: "compte:2"}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(step string) {
		t.Helper()
		for _, id := range []string{"s", "m"} {
			got := lieu(t, s, id)
			if !reflect.DeepEqual(got.Telephone, []string{"+33561000000"}) || !reflect.DeepEqual(got.Courriels, []string{"accueil@exemple.fr"}) {
				t.Errorf("%s: %s: telephone %v courriels %v, want the hand edits", step, id, got.Telephone, got.Courriels)
			}
			o, err := s.FieldSources(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !o["telephone"].ByHand() || !o["courriels"].ByHand() {
				t.Errorf("%s: %s: origins %+v %+v, want the hand edits", step, id, o["telephone"], o["courriels"])
			}
		}
	}
	// The same records, dated after the edit (a new edition of the file).
	c.Set(time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC))
	for _, l := range []*place.Lieu{&single, &merged, &other} {
		l.DateMaj = time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)
	}
	put(t, s, "hub", single, merged)
	put(t, s, "dept", other)
	check("re-dated records")
	// Records that leave the fields empty, dated later still.
	c.Set(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	for _, l := range []*place.Lieu{&single, &merged, &other} {
		l.DateMaj, l.Telephone, l.Courriels = time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC), nil, nil
	}
	put(t, s, "hub", single, merged)
	put(t, s, "dept", other)
	check("empty fields")
	if news, err := s.SourceNews(ctx); err != nil || len(news) != 0 {
		t.Errorf("news of re-dated or emptied records: %+v %v", news, err)
	}
	// A source that now gives a new e-mail: the edit holds, and that
	// e-mail only is news.
	c.Set(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC))
	single.Courriels, single.DateMaj = []string{"nouveau@exemple.fr"}, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	put(t, s, "hub", single, merged)
	check("a real change")
	news, err := s.SourceNews(ctx)
	if err != nil || len(news) != 1 || news[0].LieuID != "s" || news[0].Field != "courriels" || news[0].Value != "nouveau@exemple.fr" {
		t.Errorf("news after a real change: %+v %v", news, err)
	}
}
