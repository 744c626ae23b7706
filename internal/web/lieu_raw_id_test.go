package web

import (
	"context"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestRecordsNamedByRawIDs: the records of a merged place are named on
// its page, and on the review of pairs, by the ids their sources gave
// them as written (« N/1 »), while the forms that split or decide carry
// the id maillage keys them by (« N-1 »).
func TestRecordsNamedByRawIDs(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	// As the parser leaves a record whose id it cleaned.
	l := *mustLieu(t, ts, "tls-1")
	l.ID, l.Provenance.Original = "N-1", map[string]string{"id": "N/1"}
	im, err := ts.store.BeginImport(ctx, "national")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	pair := store.NewPairKey(store.RecordKey{Source: "national", ID: "N-1"}, store.RecordKey{Source: "test", ID: "tls-1"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: pair, Scores: `{"total":5}`, Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	review := getAs(t, ts, "/moderation/doublons", coord31)
	for _, want := range []string{"national « N/1 »", `name="id_a" value="N-1"`} {
		if !strings.Contains(review.Body+review.Body, want) {
			t.Errorf("review: no %q", want)
		}
	}
	if strings.Contains(review.Body, "« N-1 »") {
		t.Error("review: the record named by its cleaned id")
	}
	survivor, err := ts.store.ConfirmPair(ctx, pair, "", store.MergeInfo{Actor: "test", Reason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	page := getAs(t, ts, "/lieux/"+survivor, coord31)
	for _, want := range []string{"national « N/1 »", `name="id" value="N-1"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("place page: no %q", want)
		}
	}
	if strings.Contains(page.Body, "« N-1 »") {
		t.Error("place page: the record named by its cleaned id")
	}
}
