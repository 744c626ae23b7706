package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// passWorld is the Pass numérique around Toulouse for the pages' tests:
// an order of 3 carnets of 4 passes (10 €, until 31 December 2026 plus 31
// days, Haute-Garonne, two services) whose first carnet is handed, and
// tls-1 (which offers one of them) qualified for the structure's account.
type passWorld struct {
	clock                                                    *storetest.Clock // the store's and the server's (monday10h)
	mail                                                     *fakeMail
	ts                                                       *testServer
	admin, financeur, distributeur, structure, stranger      int64
	adminC, financeurC, distributeurC, structureC, strangerC string // session cookies
	order                                                    pass.Order
	carnets                                                  []pass.Carnet
	passes                                                   []pass.Pass // the handed carnet's first
}

func newPassWorld(t *testing.T) *passWorld {
	t.Helper()
	c := &storetest.Clock{}
	c.Set(monday10h)
	ts := newTestServerWith(t, []store.Option{store.WithClock(c.Now)}, fixture()...)
	m := &fakeMail{}
	ts.cfg.Mail, ts.cfg.Now = m, c.Now
	ctx := context.Background()
	w := &passWorld{ts: ts, clock: c, mail: m}
	for _, a := range []struct {
		id     *int64
		cookie *string
		mail   string
		role   account.Role
	}{
		{&w.admin, &w.adminC, "admin@hub.fr", account.Administrateur},
		{&w.financeur, &w.financeurC, "finances@haute-garonne.fr", account.Financeur},
		{&w.distributeur, &w.distributeurC, "ccas@toulouse.fr", account.Distributeur},
		{&w.structure, &w.structureC, "epn@capitole.fr", account.Contributeur},
		{&w.stranger, &w.strangerC, "autre@ailleurs.fr", account.Contributeur},
	} {
		*a.id = mustUser(t, ts, account.User{Email: a.mail, Role: a.role})
		*a.cookie = w.session(t, *a.id)
	}
	var err error
	w.order, err = ts.store.CreateOrder(ctx, pass.Order{Financeur: w.financeur, Carnets: 3, PassesPerCarnet: 4, ValueCents: 1000,
		ValidUntil: "2026-12-31", ToleranceDays: 31, Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "31"}},
		Services: []string{place.ServiceDemarches, place.ServiceOutils}, Publics: "Personnes éloignées du numérique"}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-1", SIRET: storetest.SIRET("4349331230002"),
		AccountID: w.structure, IBAN: storetest.IBAN, Status: pass.QualificationApproved}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	cs, err := ts.store.AssignCarnets(ctx, w.order.ID, 1, nil, w.distributeur, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.HandCarnet(ctx, cs[0].Code, w.distributeur, pass.Age25to44, "31555", "test"); err != nil {
		t.Fatal(err)
	}
	if w.carnets, err = ts.store.Carnets(ctx, store.CarnetFilter{OrderID: w.order.ID}); err != nil {
		t.Fatal(err)
	}
	if w.passes, err = ts.store.Passes(ctx, w.order.ID, 0); err != nil {
		t.Fatal(err)
	}
	return w
}

// session opens a session of an account and returns its cookie.
func (w *passWorld) session(t *testing.T, id int64) string {
	t.Helper()
	token, hash := account.NewToken()
	now := w.clock.Now()
	if err := w.ts.store.AddSession(context.Background(), account.Session{Hash: hash, UserID: id, Created: now, LastSeen: now}); err != nil {
		t.Fatal(err)
	}
	return token
}

// setClock moves the store's and the server's clock, and opens new
// sessions (the old ones would have expired).
func (w *passWorld) setClock(t *testing.T, at time.Time) {
	t.Helper()
	w.clock.Set(at)
	w.adminC, w.financeurC, w.distributeurC = w.session(t, w.admin), w.session(t, w.financeur), w.session(t, w.distributeur)
	w.structureC, w.strangerC = w.session(t, w.structure), w.session(t, w.stranger)
}

// state reads a pass's state.
func (w *passWorld) state(t *testing.T, code string) pass.State {
	t.Helper()
	d, err := w.ts.store.PassByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return d.Pass.State
}

// hiddenValue returns the value of the hidden input name in a page.
func hiddenValue(body, name string) string {
	_, rest, ok := strings.Cut(body, `type="hidden" name="`+name+`" value="`)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

// matrixStatement qualifies tls-1 for an account and issues its statement
// of October 2026 (a correction: the clock is in November), for the
// authorization matrix.
func matrixStatement(t *testing.T, ts *testServer, owner int64) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-1", SIRET: storetest.SIRET("4349331230002"),
		AccountID: owner, IBAN: storetest.IBAN, Status: pass.QualificationApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.AddStatementCorrection(ctx, pass.Correction{LieuID: "tls-1", Month: "2026-10", AmountCents: 500, Note: "séance oubliée"}, "test"); err != nil {
		t.Fatal(err)
	}
	sts, err := ts.store.IssueStatements(ctx, "2026-10", "test")
	if err != nil || len(sts) != 1 {
		t.Fatalf("statements: %v %v", sts, err)
	}
	return sts[0].ID
}
