package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// mergedRecord imports a copy of place id under source and sourceID, then
// merges its place into id: id holds two records.
func mergedRecord(t *testing.T, ts *testServer, id, source, sourceID string) {
	t.Helper()
	ctx := context.Background()
	l := *mustLieu(t, ts, id)
	l.ID = sourceID
	im, err := ts.store.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := im.Put(ctx, &l)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.MergePlaces(ctx, id, got, store.MergeInfo{Actor: "dedup", Reason: "test", Score: 9}); err != nil {
		t.Fatal(err)
	}
}

// TestReviewDuplicates: a coordinator sees the pairs of their territory
// side by side with every signal explained, rejects one (kept after a
// later save of the pair), confirms another (the places merge, the older
// id survives), and splits a wrong merge; a coordinator of elsewhere sees
// none of it.
func TestReviewDuplicates(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	coord81 := session(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	scores := `{"nom":{"valeur":0.5,"points":1,"note":"même nature de lieu, précisée d’un seul côté"},"adresse":{"valeur":1,"points":3,"note":"même numéro, même voie"},"total":4}`
	k12 := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-2"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k12, Scores: scores, Total: 4, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	page := getAs(t, ts, "/moderation/doublons", coord31)
	for _, want := range []string{"EPN du Capitole", "Tiers-lieu des Carmes", "même numéro, même voie", "<td data-titre=\"Points\">&#43;3</td>", "4,0 points", "Même lieu : fusionner", "Lieux distincts"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("review page: no %q\n%s", want, page.Body)
		}
	}
	// A decision holds across harvests until someone undoes it: never
	// « pour toujours ».
	if !strings.Contains(page.Body, "jusqu'à ce que quelqu'un l'annule (« Annuler cette décision »") || strings.Contains(page.Body, "pour toujours") {
		t.Errorf("the review's intro says a decision holds forever, or not how it is undone")
	}
	if other := getAs(t, ts, "/moderation/doublons", coord81); strings.Contains(other.Body, "EPN du Capitole") {
		t.Error("a coordinator of the Tarn sees a pair of Haute-Garonne")
	}
	form := url.Values{"source_a": {k12.A.Source}, "id_a": {k12.A.ID}, "source_b": {k12.B.Source}, "id_b": {k12.B.ID}, "decision": {"rejeter"}, "confirmer": {"oui"}}
	if res := postForm(t, ts, "/moderation/doublons/decision", form, coord81); res.StatusCode != 403 {
		t.Errorf("coordinator of elsewhere: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/moderation/doublons/decision", form, coord31); res.StatusCode != 303 {
		t.Fatalf("reject: %d %s", res.StatusCode, res.Body)
	}
	// A later harvest scores the pair again: the rejection stays.
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k12, Scores: scores, Total: 8, Band: "meme", Decision: store.DecisionAuto}}); err != nil {
		t.Fatal(err)
	}
	ps, err := ts.store.DuplicatePairs(ctx, store.PairFilter{Records: []store.RecordKey{k12.A}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Decision != store.DecisionRejected || !strings.HasPrefix(ps[0].DecidedBy, "compte:") {
		t.Errorf("rejected pair: %+v", ps)
	}
	// Deciding again: the 409 names who decided and when, as the store's
	// refusal does, never « compte:N ».
	again := postForm(t, ts, "/moderation/doublons/decision", form, coord31)
	if again.StatusCode != 409 {
		t.Errorf("deciding again: %d", again.StatusCode)
	}
	for _, want := range []string{"a déjà été rejetée (lieux distincts) par coordinateur", frenchDateMinute(ps[0].DecidedAt)} {
		if !strings.Contains(again.Body, want) || strings.Contains(again.Body, "compte:") {
			t.Errorf("deciding again: no %q (or « compte: »)\n%s", want, again.Body)
		}
	}

	// Confirm: a record of another source for tls-2's place.
	l := *mustLieu(t, ts, "tls-2")
	l.ID = "N-2"
	im, err := ts.store.BeginImport(ctx, "national")
	if err != nil {
		t.Fatal(err)
	}
	_, n2, err := im.Put(ctx, &l)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	k2 := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-2"}, store.RecordKey{Source: "national", ID: "N-2"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k2, Scores: scores, Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	confirm := url.Values{"source_a": {k2.A.Source}, "id_a": {k2.A.ID}, "source_b": {k2.B.Source}, "id_b": {k2.B.ID}, "decision": {"confirmer"}, "confirmer": {"oui"}}
	// The confirmation's form carries the place it said survives.
	if res := postForm(t, ts, "/moderation/doublons/decision", confirm, coord31); res.StatusCode != 400 {
		t.Errorf("confirm without the survivor read: %d", res.StatusCode)
	}
	if page := postForm(t, ts, "/moderation/doublons/decision", url.Values{"source_a": {k2.A.Source}, "id_a": {k2.A.ID}, "source_b": {k2.B.Source}, "id_b": {k2.B.ID}, "decision": {"confirmer"}}, coord31); !strings.Contains(page.Body, `name="survivant" value="tls-2"`) {
		t.Errorf("the confirmation's form does not carry the survivor tls-2:\n%s", page.Body)
	}
	confirm.Set("survivant", "tls-2")
	if res := postForm(t, ts, "/moderation/doublons/decision", confirm, coord31); res.StatusCode != 303 {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Body)
	}
	// The test's clock is fixed: both places were created at one
	// instant, tls-2 first, which survives (not the smaller id, N-2).
	if n2 != "N-2" {
		t.Fatalf("national record published as %s", n2)
	}
	if to, moved, err := ts.store.Redirect(ctx, "N-2"); err != nil || !moved || to != "tls-2" {
		t.Errorf("after the confirmation, N-2 redirects to %q (%v, %v), want tls-2", to, moved, err)
	}
	page = getAs(t, ts, "/moderation/doublons", coord31)
	if !strings.Contains(page.Body, "Séparer") || !strings.Contains(page.Body, "national « N-2 »") {
		t.Errorf("merged places: %s", page.Body)
	}

	// Split the merge: N-2 is a place again, and the pair is marked split.
	if res := postForm(t, ts, "/moderation/doublons/separer", url.Values{"source": {"national"}, "id": {"N-2"}, "confirmer": {"oui"}}, coord81); res.StatusCode != 403 {
		t.Errorf("split by a coordinator of elsewhere: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/moderation/doublons/separer", url.Values{"source": {"national"}, "id": {"N-2"}, "confirmer": {"oui"}}, coord31); res.StatusCode != 303 {
		t.Fatalf("split: %d %s", res.StatusCode, res.Body)
	}
	ps, err = ts.store.DuplicatePairs(ctx, store.PairFilter{Records: []store.RecordKey{{Source: "national", ID: "N-2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Decision != store.DecisionSplit {
		t.Errorf("pairs of the split record: %+v", ps)
	}
	// tls-2 was published from the test record: the id stays with it, and
	// the national record leaves, back to the id it had before the merge.
	recs, err := ts.store.SourceRecords(ctx, "N-2")
	if err != nil || len(recs) != 1 || recs[0].Source != "national" {
		t.Errorf("N-2's records after the split: %+v %v", recs, err)
	}
	recs, err = ts.store.SourceRecords(ctx, "tls-2")
	if err != nil || len(recs) != 1 || recs[0].Source != "test" {
		t.Errorf("tls-2's records after the split: %+v %v", recs, err)
	}
	if _, moved, err := ts.store.Redirect(ctx, "N-2"); err != nil || moved {
		t.Errorf("N-2 still redirects after the split (%v, %v)", moved, err)
	}
}
