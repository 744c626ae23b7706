package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// RunConcurrentMerges: two merge runs at once, in two processes (two
// stores on one database), on overlapping pairs, both succeed and leave
// one place per real place, holding its three records. The second run
// must read the places where the first one left them: reading them
// before the first one commits, it would find places absorbed meanwhile.
// open returns two stores on the same database.
func RunConcurrentMerges(t *testing.T, open func(t *testing.T, opts ...store.Option) (store.Store, store.Store)) {
	ctx := context.Background()
	for round := range 3 {
		a, b := open(t)
		const n = 300
		for _, src := range []string{"s1", "s2", "s3"} {
			ls := make([]place.Lieu, n)
			for i := range ls {
				ls[i] = Sample(fmt.Sprintf("%s-%d", src, i))
			}
			put(t, a, src, ls...)
		}
		key := func(src string, i int) store.RecordKey {
			return store.RecordKey{Source: src, ID: fmt.Sprintf("%s-%d", src, i)}
		}
		why := store.MergeInfo{Actor: "dedup", Reason: "test", Score: 8}
		// Run a joins s1 to s2 and s2 to s3; run b joins s3 to s1 and s3
		// to s2: every pair of one run overlaps the other's.
		var runA, runB []store.RecordMerge
		for i := range n {
			runA = append(runA, store.RecordMerge{A: key("s2", i), B: key("s1", i), Why: why},
				store.RecordMerge{A: key("s3", i), B: key("s2", i), Why: why})
			runB = append(runB, store.RecordMerge{A: key("s1", i), B: key("s3", i), Why: why},
				store.RecordMerge{A: key("s2", i), B: key("s3", i), Why: why})
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for j, run := range []struct {
			s     store.Store
			pairs []store.RecordMerge
		}{{a, runA}, {b, runB}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[j] = run.s.MergeRecords(ctx, run.pairs, nil)
			}()
		}
		close(start)
		wg.Wait()
		for j, err := range errs {
			if err != nil {
				t.Errorf("round %d: merge run %d: %v", round, j, err)
			}
		}
		for _, s := range []store.Store{a, b} {
			places := all(t, s)
			if len(places) != n {
				t.Errorf("round %d: %d places published, want %d", round, len(places), n)
			}
			for _, l := range places {
				recs, err := s.SourceRecords(ctx, l.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(recs) != 3 {
					t.Errorf("round %d: place %s holds %d records, want 3", round, l.ID, len(recs))
					break
				}
			}
		}
		if t.Failed() {
			return
		}
	}
}
