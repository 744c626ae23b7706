package web

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/dedup"
	"maillage/internal/store"
)

// TestSplitFromPlacePage: a coordinator splits a wrong merge from the
// place's page (its provenance), not only from the review of duplicates;
// the pair between the records is marked split, and a merge run comparing
// every record (the two records are identical: it would merge them) leaves
// them apart.
func TestSplitFromPlacePage(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	mergedRecord(t, ts, "tls-1", "national", "N-1")
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	coord81 := session(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)

	page := getAs(t, ts, "/lieux/tls-1", coord31)
	for _, want := range []string{"Enregistrements fusionnés dans ce lieu", `name="depuis" value="lieu"`, "national « N-1 »", "Séparer « "} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("place page: no %q", want)
		}
	}
	if other := getAs(t, ts, "/lieux/tls-1", coord81); strings.Contains(other.Body, "Enregistrements fusionnés dans ce lieu") {
		t.Error("a coordinator of elsewhere is offered the split")
	}
	if alone := getAs(t, ts, "/lieux/tls-2", coord31); strings.Contains(alone.Body, "Enregistrements fusionnés dans ce lieu") {
		t.Error("a place of one record is offered a split")
	}

	form := url.Values{"source": {"national"}, "id": {"N-1"}, "depuis": {"lieu"}}
	if res := postForm(t, ts, "/moderation/doublons/separer", form, coord81); res.StatusCode != 403 {
		t.Errorf("split by a coordinator of elsewhere: %d", res.StatusCode)
	}
	// The first click shows what will happen and changes nothing.
	res := postForm(t, ts, "/moderation/doublons/separer", form, coord31)
	for _, want := range []string{"national « N-1 »", "gardera l'identifiant tls-1", "un lieu à part, sous l'identifiant N-1 (celui qu'il avait avant la fusion", "prochaines moissons", `name="confirmer" value="oui"`, ">Annuler</a>", `href="/lieux/tls-1"`} {
		if res.StatusCode != 200 || !strings.Contains(res.Body, want) {
			t.Errorf("split's confirmation: %d, no %q", res.StatusCode, want)
		}
	}
	if recs, err := ts.store.SourceRecords(ctx, "tls-1"); err != nil || len(recs) != 2 {
		t.Fatalf("the confirmation page split the place: %d records, %v", len(recs), err)
	}
	form.Set("confirmer", "oui")
	res = postForm(t, ts, "/moderation/doublons/separer", form, coord31)
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.HasPrefix(loc, "/moderation/doublons/fait?") || !strings.Contains(loc, "depuis=lieu") {
		t.Fatalf("split: %d %s", res.StatusCode, loc)
	}
	ps, err := ts.store.DuplicatePairs(ctx, store.PairFilter{Records: []store.RecordKey{{Source: "national", ID: "N-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Decision != store.DecisionSplit || !strings.HasPrefix(ps[0].DecidedBy, "compte:") {
		t.Errorf("pairs of the split record: %+v", ps)
	}
	rep, err := dedup.DefaultConfig().RunStore(ctx, ts.store)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ts.store.SourceRecords(ctx, "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || rep.Merged != 0 || rep.Same == 0 {
		t.Errorf("after a merge run: tls-1 holds %d records; run %+v", len(recs), rep)
	}
	if again := postForm(t, ts, "/moderation/doublons/separer", form, coord31); again.StatusCode != 409 && again.StatusCode != 404 {
		t.Errorf("splitting again: %d", again.StatusCode)
	}
}
