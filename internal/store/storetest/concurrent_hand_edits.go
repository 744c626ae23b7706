package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// RunConcurrentHandEdits: people's edits of places and a change of a
// source's priority (which computes again the places the source feeds
// with another) while a merge run, in another process, joins a third
// source's records to those places. Each waits for the other, none fails
// (on PostgreSQL, a writer that locked a place's row before the run took
// the places' lock, then waited for the run that waited for the row,
// was aborted as a deadlock), and every edit that went through is in
// the place that holds its record afterwards.
// open returns two stores on the same database.
func RunConcurrentHandEdits(t *testing.T, open func(t *testing.T, opts ...store.Option) (store.Store, store.Store)) {
	ctx := context.Background()
	const hours = "Mo-Fr 10:00-18:00"
	for round := range 3 {
		a, b := open(t, store.WithBusyTimeout(2*time.Minute))
		const n = 60
		for _, src := range []string{"s1", "s2", "s3"} {
			if err := a.DeclareSource(ctx, store.Source{Name: src, Type: store.SourceStandard, URL: "https://exemple.fr/" + src + ".csv", DeclaredBy: "test"}); err != nil {
				t.Fatal(err)
			}
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
		// s1's and s2's records share places already: a change of s1's
		// priority computes them again.
		var before, run []store.RecordMerge
		for i := range n {
			before = append(before, store.RecordMerge{A: key("s1", i), B: key("s2", i), Why: why})
			run = append(run, store.RecordMerge{A: key("s1", i), B: key("s3", i), Why: why})
		}
		if _, err := a.MergeRecords(ctx, before, nil); err != nil {
			t.Fatal(err)
		}
		places := map[store.RecordKey]string{}
		for k, r := range tokens(t, a) {
			places[k] = r.Place
		}

		var wg sync.WaitGroup
		start := make(chan struct{})
		var runErr error
		wg.Add(3)
		go func() {
			defer wg.Done()
			<-start
			// One pair a transaction: the run takes the places' lock
			// again and again, between the others' reads and writes.
			for _, m := range run {
				if _, err := a.MergeRecords(ctx, []store.RecordMerge{m}, nil); err != nil {
					runErr = err
					return
				}
			}
		}()
		// Edits of the places of s1's odd records and of s3's even ones
		// (one edit per place the run leaves).
		edited := map[store.RecordKey]bool{}
		editErrs := map[store.RecordKey]error{}
		go func() {
			defer wg.Done()
			<-start
			for i := range n {
				k := key("s1", i)
				if i%2 == 0 {
					k = key("s3", i)
				}
				id := places[k]
				_, err := b.PatchLieu(ctx, id, store.Patch{Set: map[string]string{"horaires": hours}, Origin: "structure", Actor: "compte:2"})
				switch {
				case err == nil:
					edited[k] = true
				case errors.Is(err, failure.ErrNotFound): // absorbed by the run meanwhile
				default:
					editErrs[k] = err
				}
			}
		}()
		var prioErrs []error
		go func() {
			defer wg.Done()
			<-start
			for p := range 6 {
				prio := p + 1
				if _, _, err := b.ChangeSource(ctx, "s1", store.SourceChange{Priority: &prio}, "test"); err != nil {
					prioErrs = append(prioErrs, err)
				}
			}
		}()
		close(start)
		wg.Wait()
		if runErr != nil {
			t.Errorf("round %d: merge run: %v", round, runErr)
		}
		for k, err := range editErrs {
			t.Errorf("round %d: editing the place of %v: %v", round, k, err)
		}
		for _, err := range prioErrs {
			t.Errorf("round %d: changing s1's priority: %v", round, err)
		}
		if len(edited) == 0 {
			t.Errorf("round %d: no edit went through", round)
		}
		after := tokens(t, b)
		for k := range edited {
			id := after[k].Place
			if l := lieu(t, b, id); l.Horaires != hours {
				t.Errorf("round %d: %v edited, its place %s now says %q", round, k, id, l.Horaires)
			}
		}
		for i := range n {
			if p1, p3 := after[key("s1", i)].Place, after[key("s3", i)].Place; p1 != p3 || p1 == "" {
				t.Errorf("round %d: s1-%d in %q, s3-%d in %q: want one place", round, i, p1, i, p3)
				break
			}
		}
		if t.Failed() {
			return
		}
	}
}
