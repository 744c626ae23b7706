package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestSourcesJournaled: an administrator declaring and removing a source
// from /sources is written to the audit journal under their account.
func TestSourcesJournaled(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	id := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	admin := session(t, ts, id, monday10h)
	form := url.Values{"nom": {"hub-tarn"}, "type": {"standard"}, "url": {"https://exemple.fr/lieux.csv?jeton=S3CRET"}, "tous_les": {"1j"}, "priorite": {"2"}}
	if res := postForm(t, ts, "/sources", form, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d %s", res.StatusCode, res.Body)
	}
	if res := postForm(t, ts, "/sources/hub-tarn/supprimer", url.Values{"confirmer": {"oui"}}, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", res.StatusCode, res.Body)
	}
	es, err := ts.store.Audit(context.Background(), "source", "hub-tarn")
	if err != nil {
		t.Fatal(err)
	}
	who := "compte:" + strconv.FormatInt(id, 10)
	var got []string
	for _, e := range es {
		if e.Action == store.ActionSourceDeclared || e.Action == store.ActionSourceRemoved {
			got = append(got, e.Action+" "+e.Actor)
		}
	}
	want := []string{store.ActionSourceDeclared + " " + who, store.ActionSourceRemoved + " " + who}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("journal of the source: %q, want %q", got, want)
	}
}
