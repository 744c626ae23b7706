package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// passesForbidden is a store whose Passes must not be called: an order's
// page counts its passes with store.PassCounts instead.
type passesForbidden struct {
	store.Store
	tb testing.TB
}

func (s passesForbidden) Passes(ctx context.Context, orderID, carnetID int64) ([]pass.Pass, error) {
	s.tb.Errorf("the page read every pass of order %d (carnet %d)", orderID, carnetID)
	return s.Store.Passes(ctx, orderID, carnetID)
}

// largeOrder records an order of carnets × 100 passes (Haute-Garonne),
// hands its first carnet and redeems 3 of its passes at tls-1 (qualified);
// it returns the order and an administrator's session cookie.
func largeOrder(tb testing.TB, ts *testServer, carnets int) (pass.Order, string) {
	tb.Helper()
	ctx := context.Background()
	admin := mustUser(tb, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	fin := mustUser(tb, ts, account.User{Email: "finances@hub.fr", Role: account.Financeur})
	dist := mustUser(tb, ts, account.User{Email: "ccas@hub.fr", Role: account.Distributeur})
	if _, err := ts.store.RequestQualification(ctx, pass.Qualification{LieuID: "tls-1", SIRET: storetest.SIRET("4349331230002"),
		AccountID: admin, IBAN: storetest.IBAN, Status: pass.QualificationApproved}, "test"); err != nil {
		tb.Fatal(err)
	}
	o, err := ts.store.CreateOrder(ctx, pass.Order{Financeur: fin, Carnets: carnets, PassesPerCarnet: 100, ValueCents: 1000, ValidUntil: "2026-12-31",
		Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "31"}}, Services: []string{place.ServiceDemarches}}, "test")
	if err != nil {
		tb.Fatal(err)
	}
	cs, err := ts.store.AssignCarnets(ctx, o.ID, 1, nil, dist, "test")
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ts.store.HandCarnet(ctx, cs[0].Code, dist, "", "", "test"); err != nil {
		tb.Fatal(err)
	}
	ps, err := ts.store.Passes(ctx, o.ID, cs[0].ID)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range 3 {
		res, err := ts.store.Redeem(ctx, store.RedeemRequest{Code: ps[i].Code, LieuID: "tls-1", Service: place.ServiceDemarches,
			AccountID: admin, Actor: "test", Key: strconv.Itoa(i), AnyLieu: true})
		if err != nil || res.Reason != "" {
			tb.Fatalf("redeem: %+v %v", res, err)
		}
	}
	token, hash := account.NewToken()
	if err := ts.store.AddSession(ctx, account.Session{Hash: hash, UserID: admin, Created: monday10h, LastSeen: monday10h}); err != nil {
		tb.Fatal(err)
	}
	return o, token
}

// withStore is the test server's configuration over another store.
func withStore(tb testing.TB, ts *testServer, st store.Store) *testServer {
	tb.Helper()
	cfg := ts.cfg
	cfg.Store = st
	s, err := NewServer(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return &testServer{Server: s, h: s.Handler(), store: st}
}

// An order's page counts its passes by state without reading them (an
// order may hold 100 000 passes): 20 000 passes show 19 900 émis, 97
// remis and 3 utilisés, the first carnet its 3 used, and store.Passes is
// never called.
func TestPassOrderPageCountsInSQL(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	o, cookie := largeOrder(t, ts, 200)
	ts = withStore(t, ts, passesForbidden{Store: ts.store, tb: t})
	res := getAs(t, ts, fmt.Sprintf("/pass/commandes/%d", o.ID), cookie)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	_, table, _ := strings.Cut(res.Body, "<tbody><tr><td>")
	table, _, _ = strings.Cut(table, "</tr>")
	if want := "19\u202f900</td><td>97</td><td>3</td><td>0</td><td>0</td>"; table != want {
		t.Errorf("counts row = %q, want %q", table, want)
	}
	if !strings.Contains(res.Body, "<td>3</td>") {
		t.Errorf("the handed carnet's used passes are not shown")
	}
}

// BenchmarkPassOrderPage renders an order's page; the order holds
// MAILLAGE_BENCH_CARNETS carnets of 100 passes (1 000 by default:
// 100 000 passes).
func BenchmarkPassOrderPage(b *testing.B) {
	carnets := 1000
	if n, err := strconv.Atoi(os.Getenv("MAILLAGE_BENCH_CARNETS")); err == nil && n > 0 {
		carnets = n
	}
	ts := newTestServer(b, fixture()...)
	o, cookie := largeOrder(b, ts, carnets)
	path := fmt.Sprintf("/pass/commandes/%d", o.ID)
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
		rec := httptest.NewRecorder()
		ts.h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
