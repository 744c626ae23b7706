package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/store/storetest"
)

// marked reports whether a server marks tls-1 as accepting the Pass on
// its page, in the results, and keeps it alone with pass=1.
func marked(t *testing.T, ts *testServer) (page, results, filtered bool) {
	t.Helper()
	page = strings.Contains(ts.get(t, "/lieux/tls-1").Body, "<li>Accepte le Pass numérique</li>")
	results = strings.Contains(ts.get(t, "/recherche").Body, `<p class="pass-accepte">Accepte le Pass numérique</p>`)
	body := ts.get(t, "/recherche?pass=1").Body
	filtered = strings.Contains(body, "EPN du Capitole") && !strings.Contains(body, "Tiers-lieu des Carmes")
	return
}

// A qualification approved on one instance shows on another instance on
// the same database as soon as its watch reads the revision (Sync, every
// few hundred milliseconds), and so does one approved from the command
// line (the store directly): the qualified places follow the database's
// revision of the qualifications, not a 30-second clock.
func TestPassQualifiedOnTwoInstances(t *testing.T) {
	twoInstances(t, testPassQualifiedOnTwoInstances)
}

func testPassQualifiedOnTwoInstances(t *testing.T, a, b *testServer) {
	ctx := context.Background()
	who := mustUser(t, a, account.User{Email: "epn@capitole.fr", Role: account.Contributeur})
	q, err := a.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-1", SIRET: newSIRET(), AccountID: who, IBAN: storetest.IBAN}, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*testServer{a, b} {
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		// Both have read the (empty) set.
		if p, r, f := marked(t, s); p || r || f {
			t.Fatalf("marked before the decision: page %v, results %v, pass=1 %v", p, r, f)
		}
	}
	if res := postForm(t, a, fmt.Sprintf("/pass/qualifications/%d", q.ID), url.Values{"decision": {"accepter"}}, coordinatorSession(t, a, "31")); res.StatusCode != 303 {
		t.Fatalf("approving on the first instance: %d", res.StatusCode)
	}
	if p, r, f := marked(t, a); !p || !r || !f {
		t.Errorf("the deciding instance: page %v, results %v, pass=1 %v", p, r, f)
	}
	if err := b.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if p, r, f := marked(t, b); !p || !r || !f {
		t.Errorf("the other instance after its watch: page %v, results %v, pass=1 %v", p, r, f)
	}

	// tls-2, approved at once from the command line (no server decides).
	if _, err := b.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-2", SIRET: newSIRET(), AccountID: who, IBAN: storetest.IBAN,
		Status: pass.QualificationApproved}, "cli"); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*testServer{"first": a, "second": b} {
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s.get(t, "/recherche?pass=1").Body, "Tiers-lieu des Carmes") {
			t.Errorf("the %s instance does not list a place qualified from the command line", name)
		}
	}
}

// The account a place was qualified for (`pass qualifier --compte`, no
// claim of the place) reads the place's Pass page; another contributor
// is still refused (review 10N round 2, finding 2).
func TestLieuPassReadByQualificationAccount(t *testing.T) {
	ts := newTestServer(t, storetest.Sample("tls-1"))
	ctx := context.Background()
	who, cookie := passSession(t, ts, account.Contributeur)
	_, other := passSession(t, ts, account.Contributeur)
	if res := getAs(t, ts, "/lieux/tls-1/pass", cookie); res.StatusCode != 403 {
		t.Fatalf("before any qualification: %d, want 403", res.StatusCode)
	}
	if _, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-1", SIRET: newSIRET(), AccountID: who, IBAN: storetest.IBAN, Holder: "EPN",
		Status: pass.QualificationApproved}, "cli"); err != nil {
		t.Fatal(err)
	}
	res := getAs(t, ts, "/lieux/tls-1/pass", cookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "FR76 •••• •••• 0189") || strings.Contains(res.Body, `name="iban"`) {
		t.Errorf("the qualification's account: %d, want 200 with the masked IBAN and no request form", res.StatusCode)
	}
	if res := getAs(t, ts, "/lieux/tls-1/pass", other); res.StatusCode != 403 {
		t.Errorf("another contributor: %d, want 403", res.StatusCode)
	}
}
