package dedup

import (
	"context"
	"strings"
	"testing"
	"time"

	"maillage/internal/store"
)

// TestRunReportSaysWhatHappened: the report of a merge run counts apart
// the pairs « même lieu » already in one place, and counts the pairs a
// person's split or rejection kept apart (the pair itself, or another
// that would join the two places).
func TestRunReportSaysWhatHappened(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(src, id, nom, adresse string, lat float64) Record {
		return rec(src, id, nom, adresse, "01053", lat, lon0)
	}
	recs := []PlacedRecord{
		// Two records of one place, merged before: already together.
		placed(mk("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", lat0), "P1", t0),
		placed(mk("nat", "1", "Mediatheque Jean Moulin", "12 r. Pasteur", lat0), "P1", t0),
		// Two places a person said are distinct.
		placed(mk("hub", "2", "Espace Simone Veil", "3 place Carnot", lat0+0.02), "P2", t0),
		placed(mk("nat", "2", "Espace Simone Veil", "3 pl. Carnot", lat0+0.02), "P3", t0.Add(time.Hour)),
		// Two places to merge.
		placed(mk("hub", "3", "Centre social Les Tilleuls", "8 avenue d'Alsace", lat0+0.04), "P4", t0),
		placed(mk("nat", "3", "Centre social Les Tilleuls", "8 av. d'Alsace", lat0+0.04), "P5", t0.Add(time.Hour)),
	}
	apart := store.NewPairKey(store.RecordKey{Source: "hub", ID: "2"}, store.RecordKey{Source: "nat", ID: "2"})
	if err := db.SavePairs(ctx, []store.DuplicatePair{{PairKey: apart, Scores: "{}", Total: 12, Band: "meme", Decision: store.DecisionAuto}}); err != nil {
		t.Fatal(err)
	}
	if err := db.DecidePair(ctx, apart, store.DecisionRejected, "compte:1"); err != nil {
		t.Fatal(err)
	}
	m := newFakeMerger(recs)
	rep, err := DefaultConfig().Run(ctx, db, m, recs, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := RunReport{Records: 6, Compared: rep.Compared, Same: 3, AlreadyTogether: 1, Merged: 1, Blocked: 1}
	if rep != want {
		t.Errorf("report %+v, want %+v", rep, want)
	}
	for _, part := range []string{"3 même lieu (dont 1 déjà dans un même lieu)", "1 fusion", "1 paire « même lieu » laissée séparée par une décision"} {
		if s := rep.String(); !strings.Contains(s, part) {
			t.Errorf("%q does not say %q", s, part)
		}
	}
}
