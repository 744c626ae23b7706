package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestConflictsNameAccounts: a 409 of the moderation flows names who took
// the decision in its way as the reader may see them (an administrator:
// the address; a coordinator: the role and a pseudonym), never as the
// journal writes them (« compte:2 »).
func TestConflictsNameAccounts(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	c31 := account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}
	c31.ID = mustUser(t, ts, c31)
	other := account.User{Email: "autre31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}
	other.ID = mustUser(t, ts, other)
	admin := account.User{Email: "admin@hub.fr", Role: account.Administrateur}
	admin.ID = mustUser(t, ts, admin)
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-2"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 4, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	reject := url.Values{"source_a": {k.A.Source}, "id_a": {k.A.ID}, "source_b": {k.B.Source}, "id_b": {k.B.ID}, "decision": {"rejeter"}, "confirmer": {"oui"}}
	if res := postForm(t, ts, "/moderation/doublons/decision", reject, session(t, ts, c31.ID, monday10h)); res.StatusCode != 303 {
		t.Fatalf("reject: %d %s", res.StatusCode, res.Body)
	}
	for _, tt := range []struct {
		viewer account.User
		want   string
	}{
		{other, account.DisplayName(&other, &c31)},
		{admin, "c31@hub.fr"},
	} {
		res := postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {"tls-2"}}, session(t, ts, tt.viewer.ID, monday10h))
		if res.StatusCode != 409 || !strings.Contains(res.Body, "rejetée par "+tt.want) || strings.Contains(res.Body, "compte:") {
			t.Errorf("%s merges places a colleague said are distinct: %d, want 409 naming %q\n%s", tt.viewer.Email, res.StatusCode, tt.want, res.Body)
		}
	}
}
