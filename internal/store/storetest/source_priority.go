package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// testSourcePriority: raising a source's priority makes its records give
// the fields of the places they feed with another source's, computed
// again at once (not at the next harvest), with their provenance; the
// change is journaled with who made it and how many places were
// computed again.
func testSourcePriority(t *testing.T, s store.Store) {
	ctx := context.Background()
	for _, n := range []string{"hub", "dept"} {
		if err := s.DeclareSource(ctx, store.Source{Name: n, Type: store.SourceStandard, URL: "https://exemple.fr/" + n + ".csv", DeclaredBy: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	older := Sample("m-1")
	older.Nom = "Médiathèque du hub"
	solo := Sample("solo")
	solo.Nom = "EPN seul"
	put(t, s, "hub", older, solo)
	newer := Sample("x-9")
	newer.Nom, newer.DateMaj = "Médiathèque du département", older.DateMaj.AddDate(0, 1, 0)
	put(t, s, "dept", newer)
	if err := s.MergePlaces(ctx, "m-1", "x-9", store.MergeInfo{Actor: "dedup", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	// Same priority: the most recent record gives the name.
	if got := lieu(t, s, "m-1").Nom; got != newer.Nom {
		t.Fatalf("before: %q, want the newer record's", got)
	}
	prio := 5
	src, n, err := s.ChangeSource(ctx, "hub", store.SourceChange{Priority: &prio}, "ligne de commande")
	if err != nil {
		t.Fatal(err)
	}
	if src.Priority != 5 || n != 1 {
		t.Errorf("changed: priority %d, %d places computed again, want 5 and 1 (the solo place has no other source)", src.Priority, n)
	}
	if got := lieu(t, s, "m-1").Nom; got != older.Nom {
		t.Errorf("after: %q, want the higher priority's %q", got, older.Nom)
	}
	origins, err := s.FieldSources(ctx, "m-1")
	if err != nil {
		t.Fatal(err)
	}
	if o := origins["nom"]; o.Source != "hub" || o.SourceID != "m-1" {
		t.Errorf("origin of the name: %+v, want hub's record m-1", o)
	}
	if got, err := s.Source(ctx, "hub"); err != nil || got.Priority != 5 || got.URL != "https://exemple.fr/hub.csv" {
		t.Errorf("source read back: %+v, %v", got, err)
	}
	es, err := s.Audit(ctx, "source", "hub")
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, e := range es {
		if e.Action != store.ActionSourceChanged {
			continue
		}
		var before, after map[string]any
		if err := json.Unmarshal(e.Before, &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(e.After, &after); err != nil {
			t.Fatal(err)
		}
		if e.Actor != "ligne de commande" || before["priorite"] != float64(0) || after["priorite"] != float64(5) || after["lieux_recalcules"] != float64(1) {
			t.Errorf("journal: %s %s → %s", e.Actor, e.Before, e.After)
		}
		changed++
	}
	if changed != 1 {
		t.Errorf("%d entries source.modifiee, want 1", changed)
	}
	if _, _, err := s.ChangeSource(ctx, "inconnue", store.SourceChange{Priority: &prio}, "x"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("unknown source: %v", err)
	}
	if err := s.RemoveSource(ctx, "dept", "test"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ChangeSource(ctx, "dept", store.SourceChange{Priority: &prio}, "x"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("removed source: %v", err)
	}
}
