package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// testMergeRecordsAsMergePlaces: MergeRecords, which does a merge run's
// merges in one transaction, leaves the registry as MergePlaces called
// merge by merge does (places, field origins, redirections, records, the
// journal), chains included (a place absorbed by one that is absorbed in
// turn), and skips the pairs already in one place or whose record is gone.
// The oracle is the one-merge-at-a-time path on a twin store.
func testMergeRecordsAsMergePlaces(t *testing.T, open Open) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) // after every record's date_maj: the hand edits hold
	setup := func() (store.Store, *Clock) {
		c := &Clock{}
		c.Set(t0)
		s := open(t, store.WithClock(c.Now))
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Error(err)
			}
		})
		mk := func(id, nom string, days int) place.Lieu {
			l := Sample(id)
			l.Nom, l.DateMaj = nom, l.DateMaj.AddDate(0, 0, days)
			return l
		}
		put(t, s, "hub", mk("h1", "Médiathèque A", 0), mk("h2", "Centre social B", 0), mk("h3", "Mairie C", 0))
		c.Set(t0.Add(time.Hour))
		d1 := mk("d1", "Médiathèque A (ville)", 5)
		d1.Telephone = nil
		put(t, s, "dept", d1, mk("d2", "Centre social B", 5), mk("d3", "CS B", -5))
		c.Set(t0.Add(2 * time.Hour))
		put(t, s, "coop", mk("k1", "Médiathèque A", 10))
		c.Set(t0.Add(3 * time.Hour))
		// Hand edits: on the survivor-to-be and on an absorbed place, on
		// another field (kept) and on the same field (the survivor's hold).
		for _, e := range []struct {
			id  string
			set map[string]string
		}{
			{"h1", map[string]string{"telephone": "+33326111111"}},
			{"d1", map[string]string{"prise_rdv": "https://rdv.exemple.fr/", "telephone": "+33326222222"}},
			{"d3", map[string]string{"horaires": "Mo 09:00-12:00"}},
		} {
			cur := lieu(t, s, e.id)
			if _, err := s.PatchLieu(ctx, e.id, store.Patch{Base: store.Version(&cur), Set: e.set, Origin: "coordination", Actor: "compte:3"}); err != nil {
				t.Fatal(err)
			}
		}
		c.Set(t0.Add(4 * time.Hour))
		return s, c
	}
	key := func(src, id string) store.RecordKey { return store.RecordKey{Source: src, ID: id} }
	why := func(r string) store.MergeInfo { return store.MergeInfo{Actor: "dedup", Reason: r, Score: 8} }
	pairs := []store.RecordMerge{
		{A: key("dept", "d1"), B: key("hub", "h1"), Why: why("1")},
		{A: key("coop", "k1"), B: key("dept", "d1"), Why: why("2")},
		{A: key("dept", "d3"), B: key("dept", "d2"), Why: why("3")},
		{A: key("dept", "d2"), B: key("hub", "h2"), Why: why("4")},
		{A: key("hub", "h1"), B: key("coop", "k1"), Why: why("5: already one place")},
		{A: key("hub", "inconnu"), B: key("hub", "h3"), Why: why("6: no such record")},
	}

	batch, _ := setup()
	done, err := batch.MergeRecords(ctx, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Merged{{Survivor: "h1", Absorbed: "d1", Pair: 0}, {Survivor: "h1", Absorbed: "k1", Pair: 1},
		{Survivor: "d2", Absorbed: "d3", Pair: 2}, {Survivor: "h2", Absorbed: "d2", Pair: 3}}
	if !reflect.DeepEqual(done, want) {
		t.Errorf("merges done:\n got %+v\nwant %+v", done, want)
	}

	oracle, _ := setup()
	for _, m := range want {
		if err := oracle.MergePlaces(ctx, m.Survivor, m.Absorbed, pairs[m.Pair].Why); err != nil {
			t.Fatal(err)
		}
	}

	if got, want := all(t, batch), all(t, oracle); !reflect.DeepEqual(got, want) {
		t.Errorf("places:\n got %+v\nwant %+v", got, want)
	}
	for _, id := range []string{"h1", "h2", "h3", "d1", "d2", "d3", "k1"} {
		g, gm, err := batch.Redirect(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		w, wm, err := oracle.Redirect(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if g != w || gm != wm {
			t.Errorf("Redirect(%s) = %s %v, want %s %v", id, g, gm, w, wm)
		}
		gj, err := batch.Audit(ctx, "lieu", id)
		if err != nil {
			t.Fatal(err)
		}
		wj, err := oracle.Audit(ctx, "lieu", id)
		if err != nil {
			t.Fatal(err)
		}
		if len(gj) != len(wj) {
			t.Errorf("journal of %s: %d entries, want %d", id, len(gj), len(wj))
			continue
		}
		// Before names the place as it was when the run began (one merge
		// after another, as it was before each).
		for i := range gj {
			if gj[i].Action != wj[i].Action || gj[i].Actor != wj[i].Actor || string(gj[i].After) != string(wj[i].After) {
				t.Errorf("journal of %s, entry %d: %s %s, want %s %s", id, i, gj[i].Action, gj[i].After, wj[i].Action, wj[i].After)
			}
		}
	}
	for _, id := range []string{"h1", "h2", "h3"} {
		g, err := batch.FieldSources(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		w, err := oracle.FieldSources(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("field origins of %s:\n got %+v\nwant %+v", id, g, w)
		}
		gr, err := batch.SourceRecords(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wr, err := oracle.SourceRecords(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(gr) != len(wr) {
			t.Errorf("records of %s: %d, want %d", id, len(gr), len(wr))
		}
	}
	// What the test stands on: the hand edits did travel, the chain did
	// end in h2.
	if l := lieu(t, batch, "h1"); l.PriseRDV != "https://rdv.exemple.fr/" || !reflect.DeepEqual(l.Telephone, []string{"+33326111111"}) {
		t.Errorf("h1 after the merges: prise_rdv %q telephone %v", l.PriseRDV, l.Telephone)
	}
	if l := lieu(t, batch, "h2"); l.Horaires != "Mo 09:00-12:00" {
		t.Errorf("h2 after the chain: horaires %q, want d3's hand edit", l.Horaires)
	}
	// Nothing to do is no error.
	if done, err := batch.MergeRecords(ctx, pairs, nil); err != nil || len(done) != 0 {
		t.Errorf("second call: %+v %v", done, err)
	}
}
