package storetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// deferredPut imports ls from source leaving the new records unplaced
// (Import.DeferPlaces), withdrawing the absent ones if withdraw; it checks
// that no id is returned for a new record.
func deferredPut(t *testing.T, s store.Store, source string, withdraw bool, ls ...place.Lieu) store.Counts {
	t.Helper()
	ctx := context.Background()
	im, err := s.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	im.DeferPlaces()
	for i := range ls {
		outcome, id, err := im.Put(ctx, &ls[i])
		if err != nil {
			t.Fatal(err)
		}
		if outcome == store.Created && id != "" {
			t.Errorf("deferred import of %s: the new record %q is published as %q", source, ls[i].ID, id)
		}
	}
	if withdraw {
		if _, err := im.Withdraw(ctx); err != nil {
			t.Fatal(err)
		}
	}
	c, err := im.Commit(ctx, source+".csv")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testPlaceRecords: a deferred import publishes no place for its new
// records, which wait for a merge run (unplaced, pending, read by
// RecordsToMatch with their first sighting); PlaceRecords makes one place
// of records that describe one (its id the first record's, as an import
// would have given it, or its source's prefix when taken), puts records
// in a published place, journals one entry per place made of several
// records and none for a place of one, redirects nothing; records changed
// since the run read them, or whose place is gone, stay unplaced and
// waiting; an import, deferred or not, leaves an unplaced record so, and
// withdraws it without a place to compute.
func testPlaceRecords(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	c.Set(t0)
	n1 := Sample("n1")
	n1.Nom = "Médiathèque Jean Moulin"
	if got := deferredPut(t, s, "national", false, n1); got.Created != 1 {
		t.Fatalf("deferred import counts %+v", got)
	}
	if ls := all(t, s); len(ls) != 0 {
		t.Fatalf("a deferred import published %d places", len(ls))
	}
	// A place published by an ordinary import takes the id "h2".
	other := Sample("h2")
	other.Nom = "Mairie"
	put(t, s, "autre", other)

	c.Set(t0.Add(time.Hour))
	h1, h2, h3 := Sample("h1"), Sample("h2"), Sample("h3")
	h1.Nom, h1.DateMaj = "Médiathèque Jean-Moulin (hub)", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	h2.Nom, h3.Nom = "Espace numérique", "Tiers-lieu"
	deferredPut(t, s, "hub", false, h1, h2, h3)

	type read struct {
		place, name string
		created     time.Time
		token       int64
		lieu        place.Lieu
	}
	match := func() map[store.RecordKey]read {
		t.Helper()
		out := map[store.RecordKey]read{}
		if err := s.RecordsToMatch(ctx, func(m store.MatchRecord) error {
			out[store.RecordKey{Source: m.Source, ID: m.Lieu.ID}] = read{m.Place, m.PlaceName, m.PlaceCreated, m.Pending, m.Lieu}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	key := func(source, id string) store.RecordKey { return store.RecordKey{Source: source, ID: id} }
	kn1, kh1, kh2, kh3 := key("national", "n1"), key("hub", "h1"), key("hub", "h2"), key("hub", "h3")
	m := match()
	if r := m[kn1]; r.place != "" || r.name != n1.Nom || !r.created.Equal(t0) || r.token == 0 {
		t.Errorf("unplaced record as read for the run: %+v, want no place, its name, first seen %v, a token", r, t0)
	}
	if r := m[kh1]; r.place != "" || !r.created.Equal(t0.Add(time.Hour)) || r.token == 0 {
		t.Errorf("unplaced record as read for the run: %+v", r)
	}
	if r := m[key("autre", "h2")]; r.place != "h2" {
		t.Errorf("placed record as read for the run: %+v", r)
	}
	if p, err := s.HasPending(ctx); err != nil || !p {
		t.Fatalf("unplaced records not waiting: %v %v", p, err)
	}
	// No person decides on an unplaced record: the run places it first.
	if _, err := s.SplitRecord(ctx, "hub", "h1", store.MergeInfo{Actor: "compte:1", Reason: "test"}); !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "attend") {
		t.Errorf("splitting an unplaced record: %v, want a conflict", err)
	}
	waiting := store.NewPairKey(kn1, kh1)
	if err := s.SavePairs(ctx, []store.DuplicatePair{{PairKey: waiting, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ConfirmPair(ctx, waiting, "", store.MergeInfo{Actor: "compte:1"}); !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "attend") {
		t.Errorf("confirming a pair of unplaced records: %v, want a conflict", err)
	}

	c.Set(t0.Add(2 * time.Hour))
	pr := func(k store.RecordKey) store.PendingRecord { return store.PendingRecord{Key: k, Token: m[k].token} }
	// As the run hands them: whole, as read (PlaceRecords does not read
	// them again).
	whole := func(k store.RecordKey) store.PendingRecord {
		l := m[k].lieu
		return store.PendingRecord{Key: k, Token: m[k].token, Lieu: &l}
	}
	asRead := m[kn1].lieu
	h2Read := m[kh2].lieu
	h2Read.Nom = "Espace numérique (tel que lu)"
	pair := store.NewPairKey(kn1, kh1)
	var compared []store.PendingRecord
	for k, r := range m {
		compared = append(compared, store.PendingRecord{Key: k, Token: r.token})
	}
	placed, created, err := s.PlaceRecords(ctx, []store.Placement{
		{Records: []store.PendingRecord{whole(kn1), pr(kh1)}, Pairs: []store.PlacedPair{{Key: pair, Score: 14.5}}, Actor: "dedup"},
		{Records: []store.PendingRecord{{Key: kh2, Token: m[kh2].token, Lieu: &h2Read}}, Actor: "dedup"},
		// Changed since the run read it: stays unplaced, given whole or not.
		{Records: []store.PendingRecord{{Key: kh3, Token: m[kh3].token + 7, Lieu: &h3}}, Actor: "dedup"},
	}, compared)
	if err != nil {
		t.Fatal(err)
	}
	if placed != 3 || created != 2 {
		t.Errorf("placed %d records in %d new places, want 3 in 2", placed, created)
	}
	byID := map[string]place.Lieu{}
	for _, l := range all(t, s) {
		byID[l.ID] = l
	}
	if len(byID) != 3 || byID["n1"].Nom != h1.Nom || byID["hub-h2"].Nom != h2Read.Nom || byID["h2"].Nom != other.Nom {
		t.Errorf("places after placing: %v; want n1 named after the newer record, hub-h2 (h2 is taken) as the run read it and the other source's h2", byID)
	}
	recs, err := s.SourceRecords(ctx, "n1")
	if err != nil || len(recs) != 2 {
		t.Fatalf("records of n1: %+v %v", recs, err)
	}
	// The run read the unplaced record whole: every field, as stored.
	for _, r := range recs {
		if r.Source == "national" && !reflect.DeepEqual(r.Lieu, asRead) {
			t.Errorf("unplaced record as RecordsToMatch read it:\n%+v\nstored:\n%+v", asRead, r.Lieu)
		}
	}
	if o, err := s.FieldSources(ctx, "n1"); err != nil || o["nom"].Source != "hub" || o["nom"].SourceID != "h1" {
		t.Errorf("provenance of n1's name: %+v %v", o["nom"], err)
	}
	if to, moved, err := s.Redirect(ctx, "h1"); err != nil || moved {
		t.Errorf("h1 redirects to %q (%v): no place h1 was ever published", to, err)
	}
	es, err := s.Audit(ctx, "lieu", "n1")
	if err != nil || len(es) != 1 || es[0].Action != "lieu.fusionne" || es[0].Actor != "dedup" ||
		!strings.Contains(string(es[0].After), "14.5") || !strings.Contains(string(es[0].After), "national « n1 »") ||
		!strings.Contains(string(es[0].After), "(score 14,5)") {
		t.Errorf("journal of n1: %+v %v; want one merge entry naming the pair and its score, in French (14,5)", es, err)
	}
	if es, err := s.Audit(ctx, "lieu", "hub-h2"); err != nil || len(es) != 0 {
		t.Errorf("journal of a place of one record: %+v %v", es, err)
	}
	m = match()
	if m[kn1].place != "n1" || m[kh1].place != "n1" || m[kn1].token != 0 || m[kh1].token != 0 || m[kh2].token != 0 {
		t.Errorf("placed records: %+v", m)
	}
	if m[kh3].place != "" || m[kh3].token == 0 {
		t.Errorf("a record changed since the run read it: %+v, want unplaced and waiting", m[kh3])
	}

	// A record joins a published place; a placement in a place no longer
	// published places nothing.
	c.Set(t0.Add(3 * time.Hour))
	t1 := Sample("t1")
	t1.Nom = "Médiathèque"
	t1.DateMaj = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	deferredPut(t, s, "tiers", false, t1)
	m = match()
	kt1 := key("tiers", "t1")
	placed, created, err = s.PlaceRecords(ctx, []store.Placement{
		{Place: "n1", Records: []store.PendingRecord{pr(kt1)}, Pairs: []store.PlacedPair{{Key: store.NewPairKey(kn1, kt1), Score: 9, Confirmed: true}}, Actor: "dedup"},
		{Place: "inconnu", Records: []store.PendingRecord{pr(kh3)}, Actor: "dedup"},
	}, nil)
	if err != nil || placed != 1 || created != 0 {
		t.Fatalf("joining a place: %d placed, %d created, %v", placed, created, err)
	}
	if recs, err := s.SourceRecords(ctx, "n1"); err != nil || len(recs) != 3 {
		t.Errorf("records of n1 after joining: %d %v", len(recs), err)
	}
	if l, err := s.Lieu(ctx, "n1"); err != nil || l.Nom != h1.Nom {
		t.Errorf("n1 after an older record joined: %q %v", l.Nom, err)
	}
	if es, err := s.Audit(ctx, "lieu", "n1"); err != nil || len(es) != 2 || !strings.Contains(string(es[1].After), "tiers « t1 »") {
		t.Errorf("journal of n1: %+v %v", es, err)
	}
	m = match()
	if m[kt1].place != "n1" || m[kt1].token != 0 || m[kh3].place != "" || m[kh3].token == 0 {
		t.Errorf("after joining: %+v", m)
	}

	// An ordinary import changes the unplaced h3: still unplaced, waiting.
	h3.Nom = "Tiers-lieu (nouveau nom)"
	put(t, s, "hub", h1, h2, h3)
	if _, err := s.Lieu(ctx, "h3"); err == nil {
		t.Error("an ordinary import published the unplaced record h3")
	}
	if r := match()[kh3]; r.place != "" || r.token == 0 {
		t.Errorf("h3 after an ordinary import: %+v", r)
	}
	// Withdrawn, it is no longer read for a run, and no place is computed
	// for it (another record, t2, is unplaced meanwhile).
	t2 := Sample("t2")
	t2.Nom = "Bus numérique"
	deferredPut(t, s, "tiers", false, t1, t2)
	if got := deferredPut(t, s, "hub", true, h1, h2); got.Withdrawn != 1 {
		t.Errorf("withdrawal counts %+v", got)
	}
	m = match()
	if _, ok := m[kh3]; ok || m[key("tiers", "t2")].place != "" {
		t.Errorf("after withdrawing the unplaced h3: %+v", m)
	}
	if ls := all(t, s); len(ls) != 3 {
		t.Errorf("places after the withdrawal: %+v, want n1, h2, hub-h2", ls)
	}
}
