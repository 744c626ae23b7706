package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestRejectPairAlreadyMerged: « Lieux distincts » on a pair whose
// records a colleague put in one place since the page was read answers
// 409 with a message that says so and how to separate them (not « déjà
// traité »), and records nothing. Before, the page said another moderator
// had already decided, whatever happened.
func TestRejectPairAlreadyMerged(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	mergedRecord(t, ts, "tls-1", "national", "N-1")
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "national", ID: "N-1"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"source_a": {k.A.Source}, "id_a": {k.A.ID}, "source_b": {k.B.Source}, "id_b": {k.B.ID}, "decision": {"rejeter"}, "confirmer": {"oui"}}
	res := postForm(t, ts, "/moderation/doublons/decision", form, coord31)
	if res.StatusCode != 409 || !strings.Contains(res.Body, "Déjà réunis") || !strings.Contains(res.Body, "Séparer") {
		t.Errorf("rejecting a pair already in one place: %d\n%s", res.StatusCode, res.Body)
	}
	ps, err := ts.store.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{k}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Decision != "" {
		t.Errorf("pair after the refused rejection: %+v", ps)
	}
}
