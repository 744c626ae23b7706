package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"maillage/internal/store"
)

// testSplitTakesBackID: a record split off the place its own place was
// merged into gets its place's id back (the redirection goes, the
// journal and the change log say so); a record whose id redirects to
// another place, or was another source's, gets a new id.
func testSplitTakesBackID(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "national", Sample("2705"), Sample("9"))
	put(t, s, "hub", Sample("hub-006"), Sample("9"))
	// hub's 9 was published as hub-9 (national has 9).
	why := store.MergeInfo{Actor: "compte:1", Reason: "même lieu"}
	for _, m := range [][2]string{{"2705", "hub-006"}, {"2705", "hub-9"}} {
		if err := s.MergePlaces(ctx, m[0], m[1], why); err != nil {
			t.Fatal(err)
		}
	}
	rev, err := s.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	split, err := splitAsPreviewed(t, s, "hub", "hub-006", store.MergeInfo{Actor: "compte:3", Reason: "deux lieux distincts"})
	newID := split.Record
	if err != nil {
		t.Fatal(err)
	}
	if newID != "hub-006" {
		t.Errorf("split place's id %q, want its own hub-006 back", newID)
	}
	if to, moved, err := s.Redirect(ctx, "hub-006"); err != nil || moved {
		t.Errorf("hub-006 still redirects to %s (%v)", to, err)
	}
	if _, err := s.Lieu(ctx, "hub-006"); err != nil {
		t.Errorf("hub-006 is not published: %v", err)
	}
	ch, err := s.Changes(ctx, rev.Lieux, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Created["hub-006"] {
		t.Errorf("the change log does not give hub-006 as a new place: %+v", ch)
	}
	es, err := s.Audit(ctx, "lieu", "2705")
	if err != nil {
		t.Fatal(err)
	}
	last := es[len(es)-1]
	if last.Action != "lieu.separe" || !reflect.DeepEqual(jsonMap(t, last.After)["redirection_retiree"], "hub-006") {
		t.Errorf("the journal of 2705 does not say the redirection went: %+v", last)
	}
	// hub's 9 was published as hub-9, which redirects to 2705: its own.
	if split, err := splitAsPreviewed(t, s, "hub", "9", why); err != nil || split.At.IsZero() || (store.Split{Record: split.Record, Others: split.Others, From: split.From}) != (store.Split{Record: "hub-9", Others: "2705", From: "2705"}) {
		t.Errorf("split of hub's 9: %+v, %v; want hub-9 back", split, err)
	}
}

func jsonMap(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return m
}
