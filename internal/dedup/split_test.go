package dedup

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// splitter is a store whose SplitRecord first lets someone else act
// (before, once): what another person or a harvest does while a person's
// split is on its way.
type splitter struct {
	engineStore
	before func()
}

func (s *splitter) SplitRecord(ctx context.Context, source, sourceID string, why store.MergeInfo) (store.Split, error) {
	if f := s.before; f != nil {
		s.before = nil
		f()
	}
	return s.engineStore.SplitRecord(ctx, source, sourceID, why)
}

// publish imports records of a source as published places (one each).
func publish(t *testing.T, db engineStore, source string, ls ...place.Lieu) {
	t.Helper()
	ctx := context.Background()
	im, err := db.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, source+".csv"); err != nil {
		t.Fatal(err)
	}
}

// valbourgRecord is one of the valbourg records, its id suffixed.
func valbourgRecord(t *testing.T, source, prefix, suffix string) place.Lieu {
	t.Helper()
	for _, l := range valbourgRecords(t, source) {
		if len(l.ID) >= len(prefix) && l.ID[:len(prefix)] == prefix {
			l.ID += suffix
			return l
		}
	}
	t.Fatalf("no record %s… in %s", prefix, source)
	return place.Lieu{}
}

// decisionsOf returns the decision and who took it on pairs.
func decisionsOf(t *testing.T, db engineStore, keys ...store.PairKey) map[store.PairKey][2]string {
	t.Helper()
	ps, err := db.DuplicatePairs(context.Background(), store.PairFilter{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	out := map[store.PairKey][2]string{}
	for _, p := range ps {
		out[p.PairKey] = [2]string{p.Decision, p.DecidedBy}
	}
	return out
}

// TestSplitDecidesOnThePlaceItSplits: a split is one transaction that
// reads the place after the places' lock and records its decisions
// there. A colleague merges another place into the record's while the
// person's split is on its way: the record is split off the place as it
// is, and its pair with the record that came in is marked split too (the
// next merge run would otherwise join them again). Before the fix, the
// decisions were written before the split, from the place as read
// earlier: the pair with the newcomer had none (review of issue 8,
// finding 1).
func TestSplitDecidesOnThePlaceItSplits(t *testing.T) {
	for engine, open := range engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			hub, media, q := valbourgRecord(t, "src1", "hub", ""), valbourgRecord(t, "src2", "e63", ""), valbourgRecord(t, "src3", "105316", "")
			publish(t, db, "src1", hub)
			publish(t, db, "src2", media)
			publish(t, db, "src3", q)
			if err := db.MergePlaces(ctx, hub.ID, media.ID, store.MergeInfo{Actor: "dedup", Reason: "même lieu"}); err != nil {
				t.Fatal(err)
			}
			st := &splitter{engineStore: db, before: func() {
				if err := db.MergePlaces(ctx, hub.ID, q.ID, store.MergeInfo{Actor: "compte:8", Reason: "même lieu"}); err != nil {
					t.Error(err)
				}
			}}
			key := store.RecordKey{Source: "src2", ID: media.ID}
			from, to, err := Split(ctx, st, key, store.MergeInfo{Actor: "compte:7", Reason: "fusion erronée"})
			if err != nil {
				t.Fatal(err)
			}
			if from != hub.ID || to.Others != hub.ID || to.Record == hub.ID {
				t.Errorf("split from %q to %+v, want the record out of %s", from, to, hub.ID)
			}
			withHub := store.NewPairKey(key, store.RecordKey{Source: "src1", ID: hub.ID})
			withQ := store.NewPairKey(key, store.RecordKey{Source: "src3", ID: q.ID})
			got := decisionsOf(t, db, withHub, withQ)
			for _, k := range []store.PairKey{withHub, withQ} {
				if got[k] != [2]string{store.DecisionSplit, "compte:7"} {
					t.Errorf("pair %v: decision %q, want « separee » by compte:7", k, got[k])
				}
			}
		})
	}
}

// TestSplitThatFailsDecidesNothing: a split that fails (the record was
// withdrawn by a harvest while the person's split was on its way)
// records no decision: the pairs say only what was done. Before the fix
// the pair was marked split, the records never split (review of issue 8,
// finding 1: « après chaque 500 les paires sont marquées séparée »).
func TestSplitThatFailsDecidesNothing(t *testing.T) {
	for engine, open := range engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			hub, media, library := valbourgRecord(t, "src1", "hub", ""), valbourgRecord(t, "src2", "e63", ""), valbourgRecord(t, "src2", "bf5", "")
			publish(t, db, "src1", hub)
			publish(t, db, "src2", media, library)
			if err := db.MergePlaces(ctx, hub.ID, media.ID, store.MergeInfo{Actor: "dedup", Reason: "même lieu"}); err != nil {
				t.Fatal(err)
			}
			st := &splitter{engineStore: db, before: func() {
				im, err := db.BeginImport(ctx, "src2")
				if err != nil {
					t.Fatal(err)
				}
				if _, _, err := im.Put(ctx, &library); err != nil {
					t.Fatal(err)
				}
				if _, err := im.Withdraw(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := im.Commit(ctx, "src2.csv"); err != nil {
					t.Fatal(err)
				}
			}}
			key := store.RecordKey{Source: "src2", ID: media.ID}
			_, _, err := Split(ctx, st, key, store.MergeInfo{Actor: "compte:7", Reason: "fusion erronée"})
			if !errors.Is(err, failure.ErrConflict) {
				t.Errorf("split of a record withdrawn meanwhile: %v, want a conflict", err)
			}
			pair := store.NewPairKey(key, store.RecordKey{Source: "src1", ID: hub.ID})
			if got := decisionsOf(t, db, pair)[pair]; got[0] == store.DecisionSplit {
				t.Errorf("pair %v marked « separee » by %s though the split failed", pair, got[1])
			}
		})
	}
}

// TestConcurrentSplits: three people split the three records of one
// place at the same moment. Each split either succeeds or is refused as
// a conflict (the record left alone by the others' splits) or « base
// occupée, réessayez », never another error; in the end each record is in
// one published place, no place is published without records, and no
// pair « séparée » has its records in one place. Before the fix,
// PostgreSQL answered 500 (duplicate key on lieux_import_source_import_id)
// and left places without records (review of issue 8, finding 1).
func TestConcurrentSplits(t *testing.T) {
	for engine, open := range engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := open(t)
			const rounds = 6
			var keys [rounds][3]store.RecordKey
			var src1, src2, src3 []place.Lieu
			for r := range rounds {
				suffix := fmt.Sprintf("-r%d", r)
				a, b, c := valbourgRecord(t, "src1", "hub", suffix), valbourgRecord(t, "src2", "e63", suffix), valbourgRecord(t, "src3", "105316", suffix)
				src1, src2, src3 = append(src1, a), append(src2, b), append(src3, c)
				keys[r] = [3]store.RecordKey{{Source: "src1", ID: a.ID}, {Source: "src2", ID: b.ID}, {Source: "src3", ID: c.ID}}
			}
			publish(t, db, "src1", src1...)
			publish(t, db, "src2", src2...)
			publish(t, db, "src3", src3...)
			for r := range rounds {
				for _, absorbed := range []string{src2[r].ID, src3[r].ID} {
					if err := db.MergePlaces(ctx, src1[r].ID, absorbed, store.MergeInfo{Actor: "dedup", Reason: "même lieu"}); err != nil {
						t.Fatal(err)
					}
				}
			}
			for r := range rounds {
				var wg sync.WaitGroup
				errs := make([]error, 3)
				start := make(chan struct{})
				for i, k := range keys[r] {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						_, _, errs[i] = Split(ctx, db, k, store.MergeInfo{Actor: fmt.Sprintf("compte:%d", i), Reason: "fusion erronée"})
					}()
				}
				close(start)
				wg.Wait()
				for i, err := range errs {
					if err != nil && !errors.Is(err, failure.ErrConflict) && !errors.Is(err, store.ErrBusy) {
						t.Errorf("round %d, split of %v: %v, want success, a conflict or « réessayez »", r, keys[r][i], err)
					}
				}
				recs, err := db.CurrentRecordsByKeys(ctx, keys[r][:])
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != 3 {
					t.Errorf("round %d: %d of the 3 records in a published place", r, len(recs))
				}
				placeOf := map[store.RecordKey]string{}
				for _, rec := range recs {
					placeOf[store.RecordKey{Source: rec.Source, ID: rec.Lieu.ID}] = rec.Place
				}
				var pairs []store.PairKey
				for i := range 3 {
					for j := i + 1; j < 3; j++ {
						pairs = append(pairs, store.NewPairKey(keys[r][i], keys[r][j]))
					}
				}
				for k, d := range decisionsOf(t, db, pairs...) {
					if d[0] == store.DecisionSplit && placeOf[k.A] == placeOf[k.B] {
						t.Errorf("round %d: pair %v « separee » by %s with both records in %s", r, k, d[1], placeOf[k.A])
					}
				}
			}
			for l, err := range db.Lieux(ctx) {
				if err != nil {
					t.Fatal(err)
				}
				recs, err := db.SourceRecords(ctx, l.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) == 0 {
					t.Errorf("place %s published without a record", l.ID)
				}
			}
		})
	}
}
