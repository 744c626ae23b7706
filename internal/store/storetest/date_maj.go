package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/store"
)

// testEditDateSurvivesOlderRecords: a place's date_maj moved by a person
// (an edit or a confirmation) is never taken back by a source that
// re-publishes the record with its older date, whether the record is
// unchanged or changed in other fields; an unchanged re-import counts
// the record as unchanged.
func testEditDateSurvivesOlderRecords(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	edited, confirmed := Sample("e"), Sample("c")
	edited.DateMaj = time.Date(2023, 7, 7, 0, 0, 0, 0, time.UTC)
	confirmed.DateMaj = edited.DateMaj
	put(t, s, "hub", edited, confirmed)

	c.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	cur := lieu(t, s, "e")
	if _, err := s.PatchLieu(ctx, "e", store.Patch{Base: store.Version(&cur), Set: map[string]string{"site_web": "https://nouveau.exemple.fr/"},
		DateMaj: c.Now(), Origin: "coordination", Actor: "compte:1"}); err != nil {
		t.Fatal(err)
	}
	cur = lieu(t, s, "c")
	if _, err := s.PatchLieu(ctx, "c", store.Patch{Base: store.Version(&cur), DateMaj: c.Now(), Origin: "structure", Actor: "compte:2"}); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	check := func(when string) {
		t.Helper()
		for _, id := range []string{"e", "c"} {
			if got := lieu(t, s, id).DateMaj; !got.Equal(want) {
				t.Errorf("%s, %s: date_maj %s, want %s (the person's)", when, id, got.Format(time.DateOnly), want.Format(time.DateOnly))
			}
		}
	}
	check("after the edit")

	// The same file again: nothing changes.
	c.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	if n := put(t, s, "hub", edited, confirmed); n.Unchanged != 2 || n.Updated != 0 {
		t.Errorf("unchanged re-import counted %+v, want 2 unchanged", n)
	}
	check("after the same file again")

	// The source changes another field, still dated 2023.
	edited.Nom, confirmed.Nom = "Nouveau nom e", "Nouveau nom c"
	put(t, s, "hub", edited, confirmed)
	check("after a changed record dated before the edit")
	if got := lieu(t, s, "e").Nom; got != "Nouveau nom e" {
		t.Errorf("nom %q: the source's change of a field nobody set must apply", got)
	}
	if got := lieu(t, s, "e").SiteWeb; len(got) != 1 || got[0] != "https://nouveau.exemple.fr/" {
		t.Errorf("site_web %v: the hand edit must stay", got)
	}
}
