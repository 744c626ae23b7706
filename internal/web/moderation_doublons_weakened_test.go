package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/dedup"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestWeakenedAutoMergeReview: a re-harvest changes a record so that its
// automatic merge would now only be « à vérifier »: the pair waits in the
// coordinators' queue with the reason, the records still in one place;
// « Même lieu » keeps the merge (the confirmation says so and carries the
// place) and takes the pair off the queue.
func TestWeakenedAutoMergeReview(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	// The national source gives a copy of tls-1: merged automatically.
	copyOf, reharvest, pair := autoMergedCopy(t, ts)
	if recs, err := ts.store.SourceRecords(ctx, "tls-1"); err != nil || len(recs) != 2 {
		t.Fatalf("tls-1 holds %d records (%v), want both", len(recs), err)
	}
	if page := getAs(t, ts, "/moderation/doublons", coord31); strings.Contains(page.Body, "Fusion automatique à revoir") {
		t.Error("a sound automatic merge is in the queue")
	}

	// The next harvest renames it and moves it: « à vérifier » now.
	copyOf.Nom, copyOf.Telephone, copyOf.Adresse, copyOf.Pivot = "Espace numérique Capitole", nil, "2 rue Lafayette", ""
	reharvest(&copyOf)
	p := pair()
	if p.Band != "a_verifier" || p.Decision != store.DecisionAuto {
		t.Fatalf("after the re-harvest: %+v, want « a_verifier », still merged", p)
	}
	page := getAs(t, ts, "/moderation/doublons", coord31)
	for _, want := range []string{"Fusion automatique à revoir : le score est tombé à " + decimal(p.Total, false) + " points", "Même lieu : garder la fusion", "Séparer « Espace numérique Capitole » (national)"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("review page: no %q\n%s", want, page.Body)
		}
	}
	if recs, err := ts.store.SourceRecords(ctx, "tls-1"); err != nil || len(recs) != 2 {
		t.Errorf("the weakened merge was undone before anyone decided: %d records, %v", len(recs), err)
	}

	// « Même lieu »: the confirmation says the merge stays.
	k := pair().PairKey
	form := url.Values{"source_a": {k.A.Source}, "id_a": {k.A.ID}, "source_b": {k.B.Source}, "id_b": {k.B.ID}, "decision": {"confirmer"}}
	res := postForm(t, ts, "/moderation/doublons/decision", form, coord31)
	for _, want := range []string{"Même lieu : garder la fusion", "le lieu tls-1 garde son identifiant et ses enregistrements", `name="survivant" value="tls-1"`} {
		if res.StatusCode != 200 || !strings.Contains(res.Body, want) {
			t.Errorf("confirmation: %d, no %q", res.StatusCode, want)
		}
	}
	form.Set("confirmer", "oui")
	form.Set("survivant", "tls-1")
	if res := postForm(t, ts, "/moderation/doublons/decision", form, coord31); res.StatusCode != 303 {
		t.Fatalf("keeping the merge: %d %s", res.StatusCode, res.Body)
	}
	if p := pair(); p.Decision != store.DecisionConfirmed {
		t.Errorf("pair after « Même lieu »: %+v", p)
	}
	if recs, err := ts.store.SourceRecords(ctx, "tls-1"); err != nil || len(recs) != 2 {
		t.Errorf("tls-1 after « Même lieu »: %d records, %v", len(recs), err)
	}
	if page := getAs(t, ts, "/moderation/doublons", coord31); strings.Contains(page.Body, "Fusion automatique à revoir") {
		t.Error("the confirmed merge is still in the queue")
	}
}

// TestMovedRecordLeavesItsAutoMerge: a re-harvest changes a record merged
// automatically so much that blocking no longer puts it with its partner
// (another commune, far away, no shared contact): the stored pair is
// scored again, its automatic merge waits for a person with the new
// explanation and the reason, instead of keeping the old score and moving
// the place to the other commune silently.
func TestMovedRecordLeavesItsAutoMerge(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	// The place's published values now come from the newer record, in
	// Marseille: the coordinators of the Bouches-du-Rhône review it.
	coord13 := session(t, ts, mustUser(t, ts, account.User{Email: "c13@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "13"}}}), monday10h)
	copyOf, reharvest, pair := autoMergedCopy(t, ts)

	// The source now gives under that id a bakery in Marseille.
	copyOf.Nom, copyOf.Adresse, copyOf.CodePostal, copyOf.CodeINSEE, copyOf.Commune = "Boulangerie Durand", "1 La Canebière", "13001", "13201", "Marseille"
	copyOf.Coordinates = &place.Point{Lat: 43.2976, Lon: 5.3781}
	copyOf.Telephone, copyOf.Courriels, copyOf.SiteWeb, copyOf.Pivot = nil, nil, nil, ""
	copyOf.DateMaj = copyOf.DateMaj.AddDate(0, 0, 1)
	if rep := reharvest(&copyOf); rep.Compared != 1 {
		t.Errorf("the re-harvest compared %d pairs, want the stored pair scored again", rep.Compared)
	}
	p := pair()
	if p.Band == "meme" || p.Decision != store.DecisionAuto || !strings.Contains(p.Scores, dedup.NotCompared) {
		t.Fatalf("after the move: %+v, want out of « meme », still merged, with the reason", p)
	}
	if strings.Contains(p.Scores, "même code INSEE") {
		t.Errorf("the old explanation is kept: %s", p.Scores)
	}
	page := getAs(t, ts, "/moderation/doublons", coord13)
	for _, want := range []string{"Fusion automatique à revoir : le score est tombé à " + decimal(p.Total, false) + " points", dedup.NotCompared, "Séparer « Boulangerie Durand » (national)"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("review page: no %q\n%s", want, page.Body)
		}
	}
}

// autoMergedCopy imports into the source « national » a copy of tls-1
// (N-1), which the duplicates run merges automatically; it returns the
// copy, how to harvest it again (then run the duplicates), and how to
// read their pair.
func autoMergedCopy(t *testing.T, ts *testServer) (place.Lieu, func(*place.Lieu) dedup.RunReport, func() store.DuplicatePair) {
	t.Helper()
	ctx := context.Background()
	copyOf := *mustLieu(t, ts, "tls-1")
	copyOf.ID = "N-1"
	reharvest := func(l *place.Lieu) dedup.RunReport {
		t.Helper()
		im, err := ts.store.BeginImport(ctx, "national")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := im.Put(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(ctx, "national.csv"); err != nil {
			t.Fatal(err)
		}
		rep, err := dedup.DefaultConfig().RunStore(ctx, ts.store)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	reharvest(&copyOf)
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "national", ID: "N-1"})
	pair := func() store.DuplicatePair {
		t.Helper()
		ps, err := ts.store.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{k}})
		if err != nil || len(ps) != 1 {
			t.Fatalf("pair %v: %+v %v", k, ps, err)
		}
		return ps[0]
	}
	if p := pair(); p.Decision != store.DecisionAuto || p.Band != "meme" {
		t.Fatalf("the copy was not merged automatically: %+v", p)
	}
	return copyOf, reharvest, pair
}
