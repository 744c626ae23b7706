package storetest

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

// RunConcurrentPlacements: merge runs placing the records imports left
// unplaced, in two processes (two stores on one database) at once.
//
// Two runs that read the same unplaced records place them in one place
// each, never two (the second, reading after the first committed, finds
// them placed), and their counts add up to what was done. A placement
// racing an import of the same records and people's decisions merging
// the places it puts records in loses no record (each is in exactly one
// published place, or still waiting for a run), publishes no place
// without records, keeps every decision, and reports what it did.
// open returns two stores on the same database.
func RunConcurrentPlacements(t *testing.T, open func(t *testing.T, opts ...store.Option) (store.Store, store.Store)) {
	t.Run("TwoRuns", func(t *testing.T) { testTwoPlacementRuns(t, open) })
	t.Run("ImportAndDecisions", func(t *testing.T) { testPlacementRacesDecisions(t, open) })
}

// tokens reads the records as a merge run does: every current record,
// its place and its pending token.
func tokens(t *testing.T, s store.Store) map[store.RecordKey]store.MatchRecord {
	t.Helper()
	out := map[store.RecordKey]store.MatchRecord{}
	if err := s.RecordsToMatch(context.Background(), func(m store.MatchRecord) error {
		out[store.RecordKey{Source: m.Source, ID: m.Lieu.ID}] = m
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// pendingOf is what a run compared: the records waiting, with their tokens.
func pendingOf(m map[store.RecordKey]store.MatchRecord) []store.PendingRecord {
	var out []store.PendingRecord
	for k, r := range m {
		if r.Pending != 0 {
			out = append(out, store.PendingRecord{Key: k, Token: r.Pending})
		}
	}
	return out
}

// checkEveryRecordOnce checks that every one of the want current records
// is read by a merge run (none in a place no longer published) and that
// every published place holds records; it returns the records read.
func checkEveryRecordOnce(t *testing.T, s store.Store, want int) map[store.RecordKey]store.MatchRecord {
	t.Helper()
	ctx := context.Background()
	m := tokens(t, s)
	if len(m) != want {
		t.Errorf("%d current records read in a published place or waiting, want %d: some are in a place no longer published", len(m), want)
	}
	for k, r := range m {
		if r.Place == "" && r.Pending == 0 {
			t.Errorf("record %v is in no place and waits for no run", k)
		}
	}
	for _, l := range all(t, s) {
		recs, err := s.SourceRecords(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 0 {
			t.Errorf("place %s is published without a record", l.ID)
		}
	}
	return m
}

// testTwoPlacementRuns: two runs place the same unplaced records at
// once, each naming its places after another record.
func testTwoPlacementRuns(t *testing.T, open func(t *testing.T, opts ...store.Option) (store.Store, store.Store)) {
	ctx := context.Background()
	sources := []string{"s1", "s2", "s3"}
	for round := range 3 {
		a, b := open(t)
		const n = 200
		for _, src := range sources {
			ls := make([]place.Lieu, n)
			for i := range ls {
				ls[i] = Sample(fmt.Sprintf("%s-%d", src, i))
			}
			deferredPut(t, a, src, false, ls...)
		}
		read := tokens(t, a)
		pr := func(src string, i int) store.PendingRecord {
			k := store.RecordKey{Source: src, ID: fmt.Sprintf("%s-%d", src, i)}
			return store.PendingRecord{Key: k, Token: read[k].Pending}
		}
		// Run a names each place after s1's record, run b after s3's.
		var runA, runB []store.Placement
		for i := range n {
			runA = append(runA, store.Placement{Records: []store.PendingRecord{pr("s1", i), pr("s2", i), pr("s3", i)}, Actor: "dedup"})
			runB = append(runB, store.Placement{Records: []store.PendingRecord{pr("s3", i), pr("s2", i), pr("s1", i)}, Actor: "dedup"})
		}
		compared := pendingOf(read)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		placed, created := make([]int, 2), make([]int, 2)
		start := make(chan struct{})
		for j, run := range []struct {
			s          store.Store
			placements []store.Placement
		}{{a, runA}, {b, runB}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				placed[j], created[j], errs[j] = run.s.PlaceRecords(ctx, run.placements, compared)
			}()
		}
		close(start)
		wg.Wait()
		for j, err := range errs {
			if err != nil {
				t.Errorf("round %d: run %d: %v", round, j, err)
			}
		}
		if placed[0]+placed[1] != 3*n || created[0]+created[1] != n {
			t.Errorf("round %d: the runs say they placed %v records in %v new places, want %d in %d in all", round, placed, created, 3*n, n)
		}
		for _, s := range []store.Store{a, b} {
			if ls := all(t, s); len(ls) != n {
				t.Errorf("round %d: %d places published, want %d", round, len(ls), n)
			}
			for k, r := range checkEveryRecordOnce(t, s, 3*n) {
				if r.Place == "" || r.Pending != 0 {
					t.Errorf("round %d: record %v: place %q, token %d; want placed and no longer waiting", round, k, r.Place, r.Pending)
					break
				}
			}
		}
		if t.Failed() {
			return
		}
	}
}

// testPlacementRacesDecisions: a run places national's records in hub's
// places while people confirm the pairs that merge hub's places into
// autre's (older) ones, and an import changes some of national's records
// and hub's.
func testPlacementRacesDecisions(t *testing.T, open func(t *testing.T, opts ...store.Option) (store.Store, store.Store)) {
	ctx := context.Background()
	for round := range 3 {
		a, b := open(t)
		const n = 60
		named := func(src string) []place.Lieu {
			ls := make([]place.Lieu, n)
			for i := range ls {
				ls[i] = Sample(fmt.Sprintf("%s-%d", src, i))
			}
			return ls
		}
		key := func(src string, i int) store.RecordKey {
			return store.RecordKey{Source: src, ID: fmt.Sprintf("%s-%d", src, i)}
		}
		put(t, a, "autre", named("autre")...) // older places: they survive the merges
		put(t, a, "hub", named("hub")...)
		pairs := make([]store.DuplicatePair, n)
		for i := range pairs {
			pairs[i] = store.DuplicatePair{PairKey: store.NewPairKey(key("hub", i), key("autre", i)), Scores: "{}", Total: 5, Band: "a_verifier"}
		}
		if err := a.SavePairs(ctx, pairs); err != nil {
			t.Fatal(err)
		}
		deferredPut(t, a, "national", false, named("national")...)
		read := tokens(t, a)
		var placements []store.Placement
		var compared []store.PendingRecord
		for i := range n {
			k := key("national", i)
			pr := store.PendingRecord{Key: k, Token: read[k].Pending}
			placements = append(placements, store.Placement{Place: fmt.Sprintf("hub-%d", i), Records: []store.PendingRecord{pr}, Actor: "dedup"})
			compared = append(compared, pr)
		}
		// The import changes the even records of national and of hub.
		changed := func(src string) []place.Lieu {
			ls := named(src)
			for i := range ls {
				if i%2 == 0 {
					ls[i].Nom = "Médiathèque (nouveau nom)"
				}
			}
			return ls
		}

		var wg sync.WaitGroup
		start := make(chan struct{})
		var placed, created int
		var placeErr error
		confirmErrs := make([]error, n)
		wg.Add(3)
		go func() {
			defer wg.Done()
			<-start
			placed, created, placeErr = a.PlaceRecords(ctx, placements, compared)
		}()
		go func() {
			defer wg.Done()
			<-start
			for i := range n {
				_, confirmErrs[i] = b.ConfirmPair(ctx, pairs[i].PairKey, "", store.MergeInfo{Actor: "compte:1", Reason: "même lieu"})
			}
		}()
		go func() {
			defer wg.Done()
			<-start
			for _, src := range []string{"national", "hub"} {
				im, err := b.BeginImport(ctx, src)
				if err != nil {
					t.Error(err)
					return
				}
				ls := changed(src)
				for i := range ls {
					if _, _, err := im.Put(ctx, &ls[i]); err != nil {
						t.Error(err)
						im.Rollback(ctx)
						return
					}
				}
				if _, err := im.Commit(ctx, src+".csv"); err != nil {
					t.Error(err)
				}
			}
		}()
		close(start)
		wg.Wait()
		if placeErr != nil {
			t.Fatalf("round %d: placement: %v", round, placeErr)
		}
		if created != 0 {
			t.Errorf("round %d: the placement says it created %d places, it only joined published ones", round, created)
		}
		confirmed := map[int]bool{}
		for i, err := range confirmErrs {
			switch {
			case err == nil:
				confirmed[i] = true
			case errors.Is(err, failure.ErrConflict) || errors.Is(err, failure.ErrNotFound):
			default:
				t.Errorf("round %d: confirming pair %d: %v", round, i, err)
			}
		}
		if len(confirmed) == 0 {
			t.Errorf("round %d: no pair confirmed: %v", round, confirmErrs)
		}

		m := checkEveryRecordOnce(t, b, 3*n)
		inPlace := 0
		for i := range n {
			r := m[key("national", i)]
			if r.Place != "" {
				inPlace++
				// The import changed the even ones after, perhaps.
				if i%2 == 1 && r.Pending != 0 {
					t.Errorf("round %d: national-%d placed in %s but still waiting", round, i, r.Place)
				}
			}
			if confirmed[i] && m[key("hub", i)].Place != m[key("autre", i)].Place {
				t.Errorf("round %d: pair %d confirmed, but hub-%d is in %q and autre-%d in %q", round, i, i, m[key("hub", i)].Place, i, m[key("autre", i)].Place)
			}
		}
		if inPlace != placed {
			t.Errorf("round %d: the placement says it placed %d records, %d of national's records are in a place", round, placed, inPlace)
		}
		decisions, err := b.PairDecisions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range confirmed {
			if d := decisions[pairs[i].PairKey]; d != store.DecisionConfirmed {
				t.Errorf("round %d: pair %d confirmed, its decision is now %q", round, i, d)
			}
		}
		if t.Failed() {
			return
		}
	}
}
