package dedup

import (
	"context"
	"fmt"
	"testing"
	"time"

	"maillage/internal/store"
)

// TestRunPlacesUnplacedRecords: records an import left unplaced are not
// merged place by place: one that describes a published place joins it
// (the published id stays), those that describe one new place make one
// place named after the oldest of them, a record alone gets its own; the
// placements carry the records' tokens and the pairs that joined them,
// published places first, then the new ones oldest first; the report
// counts a fusion per record that joined another's place.
func TestRunPlacesUnplacedRecords(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	media := func(src, id string) Record {
		r := rec(src, id, "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0)
		r.Lieu.Telephone = []string{"04 74 00 00 01"}
		return r
	}
	louise := func(src, id string) Record {
		r := rec(src, id, "Médiathèque Louise Michel", "5 rue Victor Hugo", "01004", lat0+0.5, lon0+0.5)
		r.Lieu.Telephone = []string{"04 74 00 00 99"}
		return r
	}
	recs := []PlacedRecord{
		placed(media("hub", "1"), "P-old", t0),
		placed(media("national", "a"), "", t0.Add(time.Hour)),
		placed(louise("b", "m"), "", t0.Add(2*time.Hour)),
		placed(louise("c", "m"), "", t0.Add(time.Hour)),
		placed(rec("z", "1", "Fablab des Possibles", "1 chemin des Vignes", "01010", lat0-0.5, lon0-0.5), "", t0.Add(3*time.Hour)),
	}
	// Read whole (RecordsToMatch's unplaced records): handed over as read.
	recs[1].Complete = true
	var compared []store.PendingRecord
	var changed []store.RecordKey
	for i, r := range recs {
		if r.Place == "" {
			compared = append(compared, store.PendingRecord{Key: r.Key(), Token: int64(10 + i)})
			changed = append(changed, r.Key())
		}
	}
	m := newFakeMerger(recs)
	rep, err := DefaultConfig().run(ctx, db, m, recs, changed, compared)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.merges) != 0 {
		t.Errorf("merges of places %v: no place was created to be merged", m.merges)
	}
	key := func(src, id string) store.RecordKey { return store.RecordKey{Source: src, ID: id} }
	want := []struct {
		place   string
		records []store.PendingRecord
		pairs   []store.PairKey
	}{
		{"P-old", []store.PendingRecord{{Key: key("national", "a"), Token: 11}}, []store.PairKey{store.NewPairKey(key("hub", "1"), key("national", "a"))}},
		{"", []store.PendingRecord{{Key: key("c", "m"), Token: 13}, {Key: key("b", "m"), Token: 12}}, []store.PairKey{store.NewPairKey(key("b", "m"), key("c", "m"))}},
		{"", []store.PendingRecord{{Key: key("z", "1"), Token: 14}}, nil},
	}
	got := m.placements
	if len(got) != len(want) {
		t.Fatalf("placements %+v, want %d", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		var records []store.PendingRecord
		for _, r := range g.Records {
			if whole := r.Key == recs[1].Key(); (r.Lieu == recs[1].Lieu) != whole {
				t.Errorf("placement %d: record %v handed with %p, want the record read whole (%p) only for %v", i, r.Key, r.Lieu, recs[1].Lieu, recs[1].Key())
			}
			records = append(records, store.PendingRecord{Key: r.Key, Token: r.Token})
		}
		if g.Place != w.place || fmt.Sprint(records) != fmt.Sprint(w.records) || g.Actor != Actor {
			t.Errorf("placement %d: %+v, want place %q records %v", i, g, w.place, w.records)
		}
		var pairs []store.PairKey
		for _, p := range g.Pairs {
			pairs = append(pairs, p.Key)
			if p.Score <= 0 {
				t.Errorf("placement %d: pair %v without its score", i, p)
			}
		}
		if fmt.Sprint(pairs) != fmt.Sprint(w.pairs) {
			t.Errorf("placement %d: pairs %v, want %v", i, pairs, w.pairs)
		}
	}
	if rep.Merged != 2 || rep.Created != 2 {
		t.Errorf("report %+v: want 2 fusions (a record joining a published place, one joining another) and 2 places created", rep)
	}
}
