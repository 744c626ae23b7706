package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/store"
)

// testSplitKeepsOwnersID: splitting off the record a place was published
// from leaves the place's id with it (the id keeps meaning the same real
// place): the other records leave, to the id one of them had before the
// merge (its redirection goes; the others' redirections follow them), or
// to a new id.
func testSplitKeepsOwnersID(t *testing.T, s store.Store) {
	ctx := context.Background()
	fs, fs9 := Sample("1832"), Sample("9")
	fs.Nom, fs9.Nom = "France services de Villemur", "France services 9"
	put(t, s, "fs", fs, fs9)
	put(t, s, "hub", Sample("hub-0035"), Sample("9")) // hub's 9 is published as hub-9
	put(t, s, "coop", Sample("c7"))
	why := store.MergeInfo{Actor: "compte:1", Reason: "même lieu"}
	for _, m := range [][2]string{{"1832", "hub-0035"}, {"1832", "c7"}, {"9", "hub-9"}} {
		if err := s.MergePlaces(ctx, m[0], m[1], why); err != nil {
			t.Fatal(err)
		}
	}
	got, err := splitAsPreviewed(t, s, "fs", "1832", store.MergeInfo{Actor: "compte:3", Reason: "deux lieux"})
	if err != nil {
		t.Fatal(err)
	}
	got.At = time.Time{} // when: the undo's concern (undo.go)
	if want := (store.Split{Record: "1832", Others: "hub-0035", From: "1832"}); got != want {
		t.Errorf("split of fs's 1832: %+v, want %+v", got, want)
	}
	if l := lieu(t, s, "1832"); l.Nom != fs.Nom {
		t.Errorf("1832 is %q, want fs's place %q", l.Nom, fs.Nom)
	}
	current := func(id string) map[string]bool {
		t.Helper()
		recs, err := s.SourceRecords(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, r := range recs {
			if r.WithdrawnAt.IsZero() {
				out[r.Source+" "+r.SourceID] = true
			}
		}
		return out
	}
	if recs := current("1832"); len(recs) != 1 || !recs["fs 1832"] {
		t.Errorf("records of 1832: %v, want fs's only", recs)
	}
	if recs := current("hub-0035"); len(recs) != 2 || !recs["hub hub-0035"] || !recs["coop c7"] {
		t.Errorf("records of hub-0035: %v, want hub's and coop's", recs)
	}
	if to, moved, err := s.Redirect(ctx, "hub-0035"); err != nil || moved {
		t.Errorf("hub-0035 still redirects to %s (%v)", to, err)
	}
	if to, _, err := s.Redirect(ctx, "c7"); err != nil || to != "hub-0035" {
		t.Errorf("c7 redirects to %s (%v), want hub-0035 where its record is", to, err)
	}

	// fs's 9 and hub's 9: the place 9 is fs's (hub's was published as hub-9).
	got, err = splitAsPreviewed(t, s, "fs", "9", why)
	if err != nil {
		t.Fatal(err)
	}
	got.At = time.Time{}
	if want := (store.Split{Record: "9", Others: "hub-9", From: "9"}); got != want {
		t.Errorf("split of fs's 9: %+v, want %+v", got, want)
	}
	if l := lieu(t, s, "9"); l.Nom != fs9.Nom {
		t.Errorf("9 is %q, want fs's place %q", l.Nom, fs9.Nom)
	}
}

// splitAsPreviewed splits a record off its place after checking that
// SplitPreview said beforehand where the split puts it and the others.
func splitAsPreviewed(t *testing.T, s store.Store, source, id string, why store.MergeInfo) (store.Split, error) {
	t.Helper()
	ctx := context.Background()
	plan, err := s.SplitPreview(ctx, source, id)
	if err != nil {
		t.Fatalf("SplitPreview(%s, %s): %v", source, id, err)
	}
	got, err := s.SplitRecord(ctx, source, id, why)
	if err == nil && (store.Split{Record: got.Record, Others: got.Others, From: got.From}) != plan {
		t.Errorf("split of %s %s: %+v, previewed %+v", source, id, got, plan)
	}
	return got, err
}
