package dedup

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// fakeMerger records merges as the store would do them: the places of the
// records read at the time of the merge, the older surviving, the absorbed
// place's records moving to the survivor.
type fakeMerger struct {
	place   map[store.RecordKey]string
	created map[string]time.Time
	merges  [][2]string // survivor, absorbed
	// placements are the placements asked for, in order.
	placements []store.Placement
}

func (f *fakeMerger) PlaceRecords(_ context.Context, ps []store.Placement, _ []store.PendingRecord) (placed, created int, err error) {
	for _, p := range ps {
		f.placements = append(f.placements, p)
		placed += len(p.Records)
		if p.Place == "" {
			created++
		}
	}
	return placed, created, nil
}

func newFakeMerger(recs []PlacedRecord) *fakeMerger {
	f := &fakeMerger{place: map[store.RecordKey]string{}, created: map[string]time.Time{}}
	for _, r := range recs {
		f.place[r.Key()] = r.Place
		f.created[r.Place] = r.PlaceCreated
	}
	return f
}

func (f *fakeMerger) MergeRecords(_ context.Context, pairs []store.RecordMerge, _ []store.PendingRecord) ([]store.Merged, error) {
	var done []store.Merged
	for i, p := range pairs {
		if p.Why.Reason == "" || p.Why.Score == 0 || p.Why.Actor != Actor {
			return nil, fmt.Errorf("merge without reason or score")
		}
		a, b := f.place[p.A], f.place[p.B]
		if a == b {
			continue
		}
		survivor, absorbed := a, b
		if f.created[b].Before(f.created[a]) {
			survivor, absorbed = b, a
		}
		for k, v := range f.place {
			if v == absorbed {
				f.place[k] = survivor
			}
		}
		f.merges = append(f.merges, [2]string{survivor, absorbed})
		done = append(done, store.Merged{Survivor: survivor, Absorbed: absorbed, Pair: i})
	}
	return done, nil
}

func openSQLite(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func placed(r Record, placeID string, created time.Time) PlacedRecord {
	return PlacedRecord{Record: r, Place: placeID, PlaceCreated: created}
}

func TestRunMergesAndKeepsDecisions(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	old := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	recent := old.AddDate(1, 0, 0)
	recs := []PlacedRecord{
		// The same médiathèque from two sources: merged into the older place.
		placed(rec("national", "a", "Mediatheque Jean Moulin", "12 rue Pasteur", "01053", lat0+0.002, lon0), "P-new", recent),
		placed(rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0), "P-old", old),
		// A mairie and the France services in its building: distinct.
		placed(rec("hub", "2", "Mairie de Bourg", "3 place de la Mairie", "01053", lat0+0.01, lon0), "P-mairie", old),
		placed(rec("anct", "fs", "France services de Bourg", "3 place de la Mairie", "01053", lat0+0.01, lon0), "P-fs", recent),
		// Same name, no address nor position: to review.
		placed(rec("hub", "3", "Association Alpha", "", "01053", 0, 0), "P-alpha1", old),
		placed(rec("anct", "x", "Association Alpha", "", "01053", 0, 0), "P-alpha2", recent),
	}
	m := newFakeMerger(recs)
	rep, err := DefaultConfig().Run(ctx, db, m, recs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.merges) != 1 || m.merges[0] != [2]string{"P-old", "P-new"} {
		t.Fatalf("merges %v, want P-new into P-old", m.merges)
	}
	if rep.Merged != 1 || rep.Same != 1 || rep.Review < 1 {
		t.Errorf("report %+v", rep)
	}
	review, err := db.DuplicatePairs(ctx, store.PairFilter{Band: "a_verifier", Undecided: true})
	if err != nil {
		t.Fatal(err)
	}
	alpha := store.NewPairKey(store.RecordKey{Source: "hub", ID: "3"}, store.RecordKey{Source: "anct", ID: "x"})
	found := false
	for _, p := range review {
		if p.PairKey == alpha {
			found = true
		}
	}
	if !found {
		t.Fatalf("pair Alpha not waiting for review: %+v", review)
	}

	// A coordinator confirms Alpha; and says the médiathèque records are
	// two places: the next run merges Alpha and never the médiathèque
	// again.
	if err := db.DecidePair(ctx, alpha, store.DecisionConfirmed, "compte:1"); err != nil {
		t.Fatal(err)
	}
	media := store.NewPairKey(store.RecordKey{Source: "hub", ID: "1"}, store.RecordKey{Source: "national", ID: "a"})
	if err := db.DecidePair(ctx, media, store.DecisionRejected, "compte:1"); err != nil {
		t.Fatal(err)
	}
	m = newFakeMerger(recs)
	rep, err = DefaultConfig().Run(ctx, db, m, recs, []store.RecordKey{{Source: "national", ID: "a"}, {Source: "anct", ID: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.merges) != 1 || m.merges[0] != [2]string{"P-alpha1", "P-alpha2"} {
		t.Fatalf("second run merges %v, want only Alpha", m.merges)
	}
	if rep.Blocked != 1 {
		t.Errorf("report %+v: the rejected pair is still « même lieu », kept apart by the decision", rep)
	}
	pairs, err := db.DuplicatePairs(ctx, store.PairFilter{Records: []store.RecordKey{{Source: "hub", ID: "1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 1 || pairs[0].Decision != store.DecisionRejected || pairs[0].DecidedBy != "compte:1" {
		t.Errorf("rejected pair after the run: %+v", pairs)
	}
}

func TestRunIsTransitiveButRespectsRejections(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	mk := func(src, id string) Record {
		r := rec(src, id, "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
		r.Lieu.Telephone = []string{"04 74 00 00 01"}
		return r
	}
	recs := []PlacedRecord{
		placed(mk("a", "1"), "PA", t0),
		placed(mk("b", "1"), "PB", t0.Add(time.Hour)),
		placed(mk("c", "1"), "PC", t0.Add(2*time.Hour)),
	}
	// A person said a:1 and c:1 are two places.
	ac := store.NewPairKey(store.RecordKey{Source: "a", ID: "1"}, store.RecordKey{Source: "c", ID: "1"})
	if err := db.SavePairs(ctx, []store.DuplicatePair{{PairKey: ac, Scores: "{}", Total: 1, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.DecidePair(ctx, ac, store.DecisionRejected, "compte:1"); err != nil {
		t.Fatal(err)
	}
	m := newFakeMerger(recs)
	rep, err := DefaultConfig().Run(ctx, db, m, recs, nil)
	if err != nil {
		t.Fatal(err)
	}
	// a–b merge; b–c would put c with a: refused; a–c itself rejected.
	if len(m.merges) != 1 || m.merges[0] != [2]string{"PA", "PB"} || rep.Blocked != 2 {
		t.Errorf("merges %v, report %+v; want PB into PA only, a–c and b–c blocked", m.merges, rep)
	}
}

func TestPlacedRecordKey(t *testing.T) {
	r := placed(Record{Source: "hub", Lieu: &place.Lieu{ID: "7"}}, "P", time.Time{})
	if r.Key() != (store.RecordKey{Source: "hub", ID: "7"}) {
		t.Errorf("key %v", r.Key())
	}
}
