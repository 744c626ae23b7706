package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

func day(s string) time.Time {
	d, ok := place.ParseClosureDay(s)
	if !ok {
		panic(s)
	}
	return d
}

// testClosures: a place announces temporary closures, checked on the
// store's day (Europe/Paris), several of them, past ones kept; each
// announcement and withdrawal is journaled and written to the change log
// in its transaction (the index of every instance follows it).
func testClosures(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	// 23:30 UTC on 1 December is 2 December in Paris.
	now := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)
	c.Set(now)
	put(t, s, "hub", Sample("a"), Sample("b"))
	before, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	holidays, err := s.AddClosure(ctx, "a", place.Closure{From: day("2026-12-24"), To: day("2027-01-02"), Reason: place.ClosureHolidays}, "compte:7")
	if err != nil {
		t.Fatal(err)
	}
	if holidays.ID == 0 || !holidays.At.Equal(now) || holidays.By != "compte:7" {
		t.Errorf("closure as stored: %+v", holidays)
	}
	after, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lieux <= before.Lieux {
		t.Errorf("revision %d after announcing a closure, was %d: the index would not see it", after.Lieux, before.Lieux)
	}
	ch, err := s.Changes(ctx, before.Lieux, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ch.IDs, []string{"a"}) || ch.Created["a"] {
		t.Errorf("changes after a closure: %+v, want a updated", ch)
	}
	// Today in Paris (2 December) is still allowed; the 1st has ended.
	if _, err := s.AddClosure(ctx, "a", place.Closure{From: day("2026-12-02"), To: day("2026-12-02"), Reason: place.ClosureWorks}, "compte:7"); err != nil {
		t.Errorf("a closure of today (Paris): %v", err)
	}
	for _, tc := range []struct {
		name string
		id   string
		c    place.Closure
		want error
	}{
		{"ended yesterday in Paris", "a", place.Closure{From: day("2026-11-20"), To: day("2026-12-01"), Reason: place.ClosureWorks}, failure.ErrInvalid},
		{"days reversed", "a", place.Closure{From: day("2027-01-10"), To: day("2027-01-05"), Reason: place.ClosureWorks}, failure.ErrInvalid},
		{"unknown reason", "a", place.Closure{From: day("2027-01-10"), To: day("2027-01-12"), Reason: "greve"}, failure.ErrInvalid},
		{"other without a word", "a", place.Closure{From: day("2027-01-10"), To: day("2027-01-12"), Reason: place.ClosureOther, Text: "  "}, failure.ErrInvalid},
		{"two lines", "a", place.Closure{From: day("2027-01-10"), To: day("2027-01-12"), Reason: place.ClosureOther, Text: "a\nb"}, failure.ErrInvalid},
		{"more than a year", "a", place.Closure{From: day("2027-01-01"), To: day("2028-01-02"), Reason: place.ClosureWorks}, failure.ErrInvalid},
		{"unknown place", "zz", place.Closure{From: day("2027-01-10"), To: day("2027-01-12"), Reason: place.ClosureWorks}, failure.ErrNotFound},
	} {
		if _, err := s.AddClosure(ctx, tc.id, tc.c, "compte:7"); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	works, err := s.AddClosure(ctx, "a", place.Closure{From: day("2027-02-01"), To: day("2027-02-03"), Reason: place.ClosureOther, Text: " Inventaire "}, "compte:8")
	if err != nil {
		t.Fatal(err)
	}
	if works.Text != "Inventaire" {
		t.Errorf("precision stored %q", works.Text)
	}
	// Two months later, every closure is still there, past ones included.
	c.Set(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	for _, ids := range [][]string{{"a", "b", "zz"}, nil} {
		all, err := s.ClosuresOf(ctx, ids)
		if ids == nil {
			if none, err := s.ClosuresOf(ctx, nil); err != nil || len(none) != 0 {
				t.Errorf("closures of no place: %v %v", none, err)
			}
			all, err = s.AllClosures(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		got := all["a"]
		if len(got) != 3 || len(all["b"]) != 0 || len(all) != 1 {
			t.Fatalf("closures of %v: %+v", ids, all)
		}
		if !got[0].From.Equal(day("2026-12-02")) || got[1].ID != holidays.ID || got[2].ID != works.ID {
			t.Errorf("closures not in the order they begin: %+v", got)
		}
		if !got[1].To.Equal(day("2027-01-02")) || got[1].Reason != place.ClosureHolidays || got[2].Text != "Inventaire" || got[2].By != "compte:8" {
			t.Errorf("closures read back: %+v", got)
		}
	}
	// Withdrawing: only the place's own closure.
	if err := s.RemoveClosure(ctx, "b", works.ID, "compte:8"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("removing a's closure through b: %v", err)
	}
	rev, _ := s.Revision(ctx)
	if err := s.RemoveClosure(ctx, "a", works.ID, "compte:8"); err != nil {
		t.Fatal(err)
	}
	if ch, err := s.Changes(ctx, rev.Lieux, 100); err != nil || !slices.Equal(ch.IDs, []string{"a"}) {
		t.Errorf("changes after withdrawing a closure: %+v %v", ch, err)
	}
	if err := s.RemoveClosure(ctx, "a", works.ID, "compte:8"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("removing twice: %v", err)
	}
	all, _ := s.ClosuresOf(ctx, []string{"a"})
	if len(all["a"]) != 2 {
		t.Errorf("after withdrawing one of three: %+v", all["a"])
	}
	var actions []string
	for e, err := range s.AuditAll(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Kind == "lieu" && e.ObjectID == "a" && (e.Action == store.ActionClosureAdded || e.Action == store.ActionClosureRemoved) {
			actions = append(actions, e.Action+" "+e.Actor)
			if e.Action == store.ActionClosureRemoved && !containsAll(string(e.Before), `"du":"2027-02-01"`, `"precision":"Inventaire"`) {
				t.Errorf("withdrawal journaled without what it said: %s", e.Before)
			}
		}
	}
	want := []string{store.ActionClosureAdded + " compte:7", store.ActionClosureAdded + " compte:7", store.ActionClosureAdded + " compte:8", store.ActionClosureRemoved + " compte:8"}
	if !slices.Equal(actions, want) {
		t.Errorf("journal: %q, want %q", actions, want)
	}
	// At most place.MaxOpenClosures current or future ones.
	for i := 0; i < place.MaxOpenClosures; i++ {
		d := day("2027-04-01").AddDate(0, 0, 2*i)
		_, err := s.AddClosure(ctx, "b", place.Closure{From: d, To: d, Reason: place.ClosureWorks}, "compte:7")
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddClosure(ctx, "b", place.Closure{From: day("2027-08-01"), To: day("2027-08-01"), Reason: place.ClosureWorks}, "compte:7"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("closure beyond the limit: %v", err)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
