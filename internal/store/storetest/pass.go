package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TryExec runs one raw SQL statement on a store's database, in its own
// transaction, and returns its error (the invariants' tests expect the
// database itself to refuse bad rows).
type TryExec func(t *testing.T, s store.Store, query string) error

// RunPass runs the Pass numérique's suite: the circuit through the store,
// the invariants against raw SQL, and concurrent redemptions.
func RunPass(t *testing.T, open Open, exec TryExec) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, store.Store, *Clock, TryExec)
	}{
		{"Circuit", testPassCircuit},
		{"OrderTexts", testPassOrderTexts},
		{"QualificationBankDetails", testPassQualificationBank},
		{"Idempotency", testPassIdempotency},
		{"Check", testPassCheck},
		{"Reminders", testPassReminders},
		{"InvariantsInTheDatabase", testPassInvariants},
		{"ConcurrentRedemptions", testPassConcurrent},
		{"ConcurrentSameKey", testPassConcurrentSameKey},
		{"CreditExpired", testPassCreditExpired},
		{"LedgerRaces", testPassLedgerRaces},
		{"HandEnded", testPassHandEnded},
		{"RolesApart", testPassRolesApart},
		{"RolesByOrder", testPassRolesByOrder},
		{"OrderEndBound", testPassOrderEndBound},
		{"Dashboard", testPassDashboard},
		{"Counts", testPassCounts},
		{"QualificationsRevision", testPassQualificationsRevision},
		{"Withdraw", testPassWithdraw},
		{"PerimeterNow", testPassPerimeterNow},
		{"Arrondissements", testPassArrondissements},
		{"StatementIssuedEarly", testPassStatementIssuedEarly},
		{"PayNeedsBankDetails", testPassPayNeedsBankDetails},
		{"Corrections", testPassCorrections},
		{"VerifyOrders", testPassVerifyOrders},
		{"Rewrites", testPassRewrites},
		{"IssuedAfter", testPassIssuedAfter},
		{"RedemptionBound", testPassRedemptionBound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &Clock{}
			c.Set(time.Date(2026, 12, 10, 11, 0, 0, 0, time.UTC))
			s := open(t, store.WithClock(c.Now))
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			tt.fn(t, s, c, exec)
		})
	}
}

// SIRET completes 13 digits with the Luhn key.
func SIRET(prefix string) string {
	for k := '0'; k <= '9'; k++ {
		if s := prefix + string(k); pass.ValidSIRET(s) {
			return s
		}
	}
	panic("no key for " + prefix)
}

// IBAN is a valid French IBAN for tests.
const IBAN = "FR7630006000011234567890189"

// passFixture is an order of carnets whose first ones are handed, a
// qualified place inside its perimeter (Reims, 51) and one outside
// (Toulouse, 31), and the accounts of each role.
type passFixture struct {
	admin, financeur, distributeur, structure, outsider, stranger int64
	order                                                         pass.Order
	carnets                                                       []pass.Carnet
	passes                                                        []pass.Pass // of the handed carnets, then the others
}

const (
	lieuInside  = "pn-reims"
	lieuOutside = "pn-toulouse"
)

func newPassFixture(t *testing.T, s store.Store, carnets, perCarnet, handed int) *passFixture {
	t.Helper()
	ctx := context.Background()
	inside := Sample(lieuInside)
	outside := Sample(lieuOutside)
	outside.Commune, outside.CodePostal, outside.CodeINSEE, outside.Pivot = "Toulouse", "31000", "31555", SIRET("1234567890001")
	put(t, s, "hub", inside, outside)
	f := &passFixture{}
	for _, a := range []struct {
		id   *int64
		mail string
		role account.Role
	}{
		{&f.admin, "admin@hub.fr", account.Administrateur}, {&f.financeur, "finances@departement.fr", account.Financeur},
		{&f.distributeur, "ccas@ville.fr", account.Distributeur}, {&f.structure, "epn@reims.fr", account.Contributeur},
		{&f.outsider, "epn@toulouse.fr", account.Contributeur}, {&f.stranger, "autre@ailleurs.fr", account.Contributeur},
	} {
		id, err := s.CreateUser(ctx, account.User{Email: a.mail, Role: a.role}, "système")
		if err != nil {
			t.Fatal(err)
		}
		*a.id = id
	}
	var err error
	f.order, err = s.CreateOrder(ctx, pass.Order{Financeur: f.financeur, Carnets: carnets, PassesPerCarnet: perCarnet, ValueCents: 1000,
		ValidUntil: "2026-12-31", ToleranceDays: 31, Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "51"}},
		Services: []string{place.ServiceDemarches, place.ServiceOutils}, Publics: "Personnes éloignées du numérique"}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	for lieu, who := range map[string]int64{lieuInside: f.structure, lieuOutside: f.outsider} {
		siret := SIRET("4349331230002")
		if lieu == lieuOutside {
			siret = SIRET("1234567890001")
		}
		if _, err := s.RequestQualification(ctx, pass.Qualification{LieuID: lieu, SIRET: siret, AccountID: who, IBAN: IBAN, Status: pass.QualificationApproved}, "compte:1"); err != nil {
			t.Fatal(err)
		}
	}
	if handed > 0 {
		cs, err := s.AssignCarnets(ctx, f.order.ID, handed, nil, f.distributeur, "compte:3")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if _, err := s.HandCarnet(ctx, strings.ToLower(c.Code), f.distributeur, pass.Age65to74, "51454", "compte:3"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if f.carnets, err = s.Carnets(ctx, store.CarnetFilter{OrderID: f.order.ID}); err != nil {
		t.Fatal(err)
	}
	if f.passes, err = s.Passes(ctx, f.order.ID, 0); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *passFixture) redeem(t *testing.T, s store.Store, code, lieu, service string, account int64, key string) store.RedeemResult {
	t.Helper()
	res, err := s.Redeem(context.Background(), store.RedeemRequest{Code: code, LieuID: lieu, Service: service, AccountID: account, Actor: fmt.Sprintf("compte:%d", account), Key: key})
	if err != nil {
		t.Fatalf("Redeem(%s, %s): %v", code, key, err)
	}
	return res
}

func verifyClean(t *testing.T, s store.Store) {
	t.Helper()
	bad, err := s.VerifyPass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("pass verifier: %s", b)
	}
}

func testPassCircuit(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 3, 4, 1)
	if len(f.carnets) != 3 || len(f.passes) != 12 || f.carnets[0].Passes != 4 {
		t.Fatalf("%d carnets, %d passes", len(f.carnets), len(f.passes))
	}
	if !f.carnets[0].Handed || f.carnets[0].Distributeur != f.distributeur || f.carnets[0].AgeBand != pass.Age65to74 || f.carnets[1].Distributeur != 0 {
		t.Errorf("carnets: %+v", f.carnets[:2])
	}
	injected, issued := f.passes[0], f.passes[4]
	if injected.State != pass.Injecte || issued.State != pass.Emis {
		t.Fatalf("states %s %s", injected.State, issued.State)
	}
	d, err := s.PassByCode(ctx, strings.ReplaceAll(strings.ToLower(injected.Code), "-", " "))
	if err != nil || d.Pass.ID != injected.ID || d.Order.ID != f.order.ID || len(d.Events) != 2 || d.Events[1].Kind != pass.Injecte {
		t.Fatalf("PassByCode: %+v, %v", d, err)
	}
	if d.Order.LastDay() != "2027-01-31" || len(d.Order.Services) != 2 {
		t.Errorf("order read back: %+v", d.Order)
	}
	if os, err := s.Orders(ctx, f.financeur); err != nil || len(os) != 1 {
		t.Errorf("financeur's orders: %v %v", os, err)
	}
	if os, err := s.Orders(ctx, f.distributeur); err != nil || len(os) != 0 {
		t.Errorf("another account's orders: %v %v", os, err)
	}
	if cs, err := s.Carnets(ctx, store.CarnetFilter{Distributeur: f.distributeur}); err != nil || len(cs) != 1 {
		t.Errorf("distributeur's carnets: %v %v", cs, err)
	}
	// A carnet handed twice, or by another distributeur.
	if _, err := s.HandCarnet(ctx, f.carnets[0].Code, f.distributeur, "", "", "compte:3"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("carnet handed twice: %v", err)
	}
	if _, err := s.HandCarnet(ctx, f.carnets[1].Code, f.distributeur, "", "", "compte:3"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("carnet never assigned handed: %v", err)
	}
	demarches := place.ServiceDemarches
	key := 0
	next := func() string { key++; return fmt.Sprintf("cle-%d", key) }
	for _, tt := range []struct {
		name    string
		code    string
		lieu    string
		service string
		who     int64
		want    pass.Reason
	}{
		{"typo", injected.Code[:len(injected.Code)-2] + "-" + otherCheck(injected.Code), lieuInside, demarches, f.structure, pass.CodeInvalide},
		{"unknown", pass.NewCode(pass.KindPass).String(), lieuInside, demarches, f.structure, pass.CodeInvalide},
		{"carnet code", f.carnets[0].Code, lieuInside, demarches, f.structure, pass.CodeInvalide},
		{"not handed", issued.Code, lieuInside, demarches, f.structure, pass.BloqueR},
		{"outside", injected.Code, lieuOutside, demarches, f.outsider, pass.HorsPerimetre},
		{"service", injected.Code, lieuInside, place.ServiceLoisirs, f.structure, pass.ServiceNonAutorise},
		{"unknown service", injected.Code, lieuInside, "Cuisine", f.structure, pass.ServiceNonAutorise},
		{"accepted", injected.Code, lieuInside, demarches, f.structure, ""},
		{"used", injected.Code, lieuInside, demarches, f.structure, pass.DejaUtilise},
	} {
		res := f.redeem(t, s, tt.code, tt.lieu, tt.service, tt.who, next())
		if res.Reason != tt.want || (res.Reason != "" && res.Message == "") || (res.Reason == "") != (res.Redemption != nil) {
			t.Errorf("%s: %+v, want %q", tt.name, res, tt.want)
		}
	}
	// Another account than the place's.
	if _, err := s.Redeem(ctx, store.RedeemRequest{Code: f.passes[1].Code, LieuID: lieuInside, Service: demarches, AccountID: f.stranger, Key: next()}); !errors.Is(err, failure.ErrForbidden) {
		t.Errorf("redeemed by an account that does not act for the place: %v", err)
	}
	// A claim of the place gives the right to redeem for it.
	claim, err := s.AddClaim(ctx, store.Claim{UserID: f.stranger, LieuID: lieuInside, Status: store.StatusApproved}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	_ = claim
	if res := f.redeem(t, s, f.passes[1].Code, lieuInside, demarches, f.stranger, next()); res.Reason != "" {
		t.Errorf("redeemed by a claimant: %+v", res)
	}
	if ls, err := s.LieuxActedFor(ctx, f.stranger); err != nil || len(ls) != 1 || ls[0] != lieuInside {
		t.Errorf("LieuxActedFor(claimant) = %v, %v", ls, err)
	}
	// A blocked pass.
	if err := s.Block(ctx, f.passes[2].Code, "perdu", "compte:1"); err != nil {
		t.Fatal(err)
	}
	if res := f.redeem(t, s, f.passes[2].Code, lieuInside, demarches, f.structure, next()); res.Reason != pass.BloqueR {
		t.Errorf("blocked: %+v", res)
	}
	if d, err := s.PassByCode(ctx, f.passes[2].Code); err != nil || len(d.Events) == 0 || d.Events[len(d.Events)-1].Kind != pass.Bloque || d.Events[len(d.Events)-1].Note != "perdu" {
		t.Errorf("PassByCode of a blocked pass: %+v, %v; want its last event bloque, motif « perdu »", d.Events, err)
	}
	// After the tolerance.
	c.Set(time.Date(2027, 1, 31, 23, 30, 0, 0, time.UTC)) // 1 February in Paris
	if res := f.redeem(t, s, f.passes[3].Code, lieuInside, demarches, f.structure, next()); res.Reason != pass.Expire {
		t.Errorf("after the tolerance: %+v", res)
	}
	// Statements: December's, once the month is over.
	c.Set(time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC))
	if _, err := s.IssueStatements(ctx, "2026-12", "compte:1"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("statements of a month not over: %v", err)
	}
	c.Set(time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC))
	sts, err := s.IssueStatements(ctx, "2026-12", "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 || sts[0].LieuID != lieuInside || sts[0].TotalCents != 2000 || sts[0].Passes != 2 {
		t.Fatalf("statements: %+v", sts)
	}
	if again, err := s.IssueStatements(ctx, "2026-12", "compte:1"); err != nil || len(again) != 0 {
		t.Errorf("statements issued twice: %+v %v", again, err)
	}
	st, err := s.Statement(ctx, sts[0].ID)
	if err != nil || len(st.Lines) != 2 || st.Lines[0].Code != injected.Code || st.Lines[0].AmountCents != 1000 {
		t.Errorf("statement: %+v %v", st, err)
	}
	// A correction: not on an issued statement, on the next one.
	corr := pass.Correction{LieuID: lieuInside, Month: "2026-12", AmountCents: -1000, Note: "pass utilisé par erreur", RedemptionID: st.Lines[1].RedemptionID}
	if err := s.AddStatementCorrection(ctx, corr, "compte:1"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("a correction of an issued statement: %v", err)
	}
	corr.Month = "2027-01"
	if err := s.AddStatementCorrection(ctx, corr, "compte:1"); err != nil {
		t.Fatal(err)
	}
	// January has no redemption: a statement never goes below zero, so
	// a session forgotten in January makes up for it.
	if err := s.AddStatementCorrection(ctx, pass.Correction{LieuID: lieuInside, Month: "2027-01", AmountCents: 1500, Note: "séance oubliée"}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	c.Set(time.Date(2027, 2, 2, 9, 0, 0, 0, time.UTC))
	jan, err := s.IssueStatements(ctx, "2027-01", "compte:1")
	if err != nil || len(jan) != 1 || jan[0].TotalCents != 500 || jan[0].Passes != 0 {
		t.Fatalf("January (no redemption, a correction taking one back, one adding): %+v %v", jan, err)
	}
	if st, err := s.Statement(ctx, jan[0].ID); err != nil || len(st.Lines) != 2 || st.Lines[0].Kind != pass.LineCorrection || st.Lines[0].AmountCents != -1000 || st.Lines[0].Code != f.passes[1].Code {
		t.Errorf("January's lines: %+v %v", st.Lines, err)
	}
	if err := s.MarkPaid(ctx, st.ID, "VIR-2027-001", "compte:1"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPaid(ctx, st.ID, "VIR-2027-002", "compte:1"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("paid twice: %v", err)
	}
	if got, _ := s.Statements(ctx, "2026-12", ""); len(got) != 1 || !got[0].Paid || got[0].TransferRef != "VIR-2027-001" {
		t.Errorf("paid statement: %+v", got)
	}
	verifyClean(t, s)
}

// mustJSON is v in JSON.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// otherCheck returns a check character that is not code's.
func otherCheck(code string) string {
	if strings.HasSuffix(code, "0") {
		return "1"
	}
	return "0"
}

func testPassIdempotency(t *testing.T, s store.Store, _ *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 3, 1)
	p := f.passes[0]
	first := f.redeem(t, s, p.Code, lieuInside, place.ServiceDemarches, f.structure, "k1")
	if first.Reason != "" || first.Replayed {
		t.Fatalf("first: %+v", first)
	}
	// The same request again: the first answer, not « déjà utilisé ».
	again := f.redeem(t, s, strings.ToLower(p.Code), lieuInside, place.ServiceDemarches, f.structure, "k1")
	if again.Reason != "" || !again.Replayed || again.Redemption == nil || again.Redemption.ID != first.Redemption.ID {
		t.Errorf("replay: %+v", again)
	}
	// Its answer, every field (the API writes it as JSON, byte for byte).
	if a, b := mustJSON(t, first), mustJSON(t, again); a != b {
		t.Errorf("replayed answer\n%s\nfirst answer\n%s", b, a)
	}
	// The same key for another request.
	if other := f.redeem(t, s, f.passes[1].Code, lieuInside, place.ServiceDemarches, f.structure, "k1"); other.Reason != pass.CleReutilisee {
		t.Errorf("key reused: %+v", other)
	}
	// The same key of another account is another key.
	if _, err := s.AddClaim(ctx, store.Claim{UserID: f.stranger, LieuID: lieuInside, Status: store.StatusApproved}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if other := f.redeem(t, s, f.passes[1].Code, lieuInside, place.ServiceDemarches, f.stranger, "k1"); other.Reason != "" {
		t.Errorf("another account's key: %+v", other)
	}
	// A refusal is replayed too, even once the pass became usable.
	refused := f.redeem(t, s, f.passes[2].Code, lieuInside, place.ServiceLoisirs, f.structure, "k2")
	if refused.Reason != pass.ServiceNonAutorise {
		t.Fatalf("refused: %+v", refused)
	}
	if again := f.redeem(t, s, f.passes[2].Code, lieuInside, place.ServiceLoisirs, f.structure, "k2"); again.Reason != pass.ServiceNonAutorise || !again.Replayed {
		t.Errorf("refusal replayed: %+v", again)
	}
	us, err := s.Redemptions(ctx, "", f.order.ID)
	if err != nil || len(us) != 2 {
		t.Errorf("redemptions: %d %v", len(us), err)
	}
	for _, bad := range []string{"", strings.Repeat("x", 201)} {
		if _, err := s.Redeem(ctx, store.RedeemRequest{Code: p.Code, LieuID: lieuInside, Service: place.ServiceDemarches, AccountID: f.structure, Key: bad}); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("key %q: %v", bad, err)
		}
	}
	verifyClean(t, s)
}

func testPassCreditExpired(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 5, 1)
	f.redeem(t, s, f.passes[0].Code, lieuInside, place.ServiceDemarches, f.structure, "k")
	if err := s.Block(ctx, f.passes[1].Code, "volé", "compte:1"); err != nil {
		t.Fatal(err)
	}
	if cns, err := s.CreditExpired(ctx, time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC), "système"); err != nil || len(cns) != 0 {
		t.Errorf("credited on the last day: %v %v", cns, err)
	}
	c.Set(time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC))
	cns, err := s.CreditExpired(ctx, c.Now(), "système")
	if err != nil || len(cns) != 1 || cns[0].Passes != 9 || cns[0].AmountCents != 9000 || cns[0].OrderID != f.order.ID {
		t.Fatalf("credit notes: %+v %v", cns, err)
	}
	if again, err := s.CreditExpired(ctx, c.Now(), "système"); err != nil || len(again) != 0 {
		t.Errorf("credited twice: %v %v", again, err)
	}
	ps, _ := s.Passes(ctx, f.order.ID, 0)
	for i, p := range ps {
		if want := map[bool]pass.State{true: pass.Utilise, false: pass.Credite}[i == 0]; p.State != want {
			t.Errorf("pass %d: %s, want %s", i, p.State, want)
		}
	}
	if res := f.redeem(t, s, f.passes[2].Code, lieuInside, place.ServiceDemarches, f.structure, "k2"); res.Reason != pass.Expire {
		t.Errorf("a credited pass: %+v", res)
	}
	if got, err := s.CreditNotes(ctx, f.order.ID); err != nil || len(got) != 1 {
		t.Errorf("CreditNotes: %v %v", got, err)
	}
	if ending, err := s.OrdersEnding(ctx, "2026-12-01", "2026-12-31"); err != nil || len(ending) != 1 {
		t.Errorf("OrdersEnding: %v %v", ending, err)
	}
	verifyClean(t, s)
}

func testPassDashboard(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 3, 4, 2) // handed on 10 December, 11:00 UTC
	c.Set(time.Date(2026, 12, 12, 11, 0, 0, 0, time.UTC))
	for i, sv := range []string{place.ServiceDemarches, place.ServiceDemarches, place.ServiceOutils} {
		f.redeem(t, s, f.passes[i].Code, lieuInside, sv, f.structure, fmt.Sprint("k", i))
	}
	rows, err := s.Dashboard(ctx, store.DashboardFilter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("by order: %+v %v", rows, err)
	}
	r := rows[0]
	if r.Key != fmt.Sprint(f.order.ID) || r.Issued != 12 || r.Injected != 8 || r.Carnets != 3 || r.CarnetsInjected != 2 || r.CarnetsStarted != 1 ||
		r.Used != 3 || r.UseRate != 3.0/8 || r.UsedCents != 3000 || r.MedianDaysToFirstUse != 2 ||
		r.Services[place.ServiceDemarches] != 2 || r.Services[place.ServiceOutils] != 1 {
		t.Errorf("by order: %+v", r)
	}
	if rows, err := s.Dashboard(ctx, store.DashboardFilter{By: store.ByDistributeur}); err != nil || len(rows) != 1 || rows[0].Key != fmt.Sprint(f.distributeur) || rows[0].Issued != 8 || rows[0].Used != 3 {
		t.Errorf("by distributeur: %+v %v", rows, err)
	}
	if rows, err := s.Dashboard(ctx, store.DashboardFilter{By: store.ByLieu}); err != nil || len(rows) != 1 || rows[0].Key != lieuInside || rows[0].Used != 3 || rows[0].UsedCents != 3000 {
		t.Errorf("by place: %+v %v", rows, err)
	}
	if rows, err := s.Dashboard(ctx, store.DashboardFilter{By: store.ByTerritory}); err != nil || len(rows) != 2 || rows[0].Key != "" || rows[0].Issued != 4 || rows[1].Key != "51" || rows[1].Injected != 8 {
		t.Errorf("by territory: %+v %v", rows, err)
	}
	if rows, err := s.Dashboard(ctx, store.DashboardFilter{Financeur: f.distributeur}); err != nil || len(rows) != 0 {
		t.Errorf("another financeur's: %+v %v", rows, err)
	}
	if rows, err := s.Dashboard(ctx, store.DashboardFilter{Distributeur: f.distributeur, OrderID: f.order.ID}); err != nil || len(rows) != 1 || rows[0].Issued != 8 {
		t.Errorf("a distributeur's: %+v %v", rows, err)
	}
}

// testPassOrderTexts: the target publics and the financeur's printed text
// are kept with the order (migration 030), and bounded.
func testPassOrderTexts(t *testing.T, s store.Store, _ *Clock, _ TryExec) {
	ctx := context.Background()
	fin, err := s.CreateUser(ctx, account.User{Email: "finances@caf.fr", Role: account.Financeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	o := pass.Order{Financeur: fin, Carnets: 1, PassesPerCarnet: 2, ValueCents: 1000, ValidUntil: "2027-06-30",
		Perimeter: []pass.Zone{{Kind: pass.ZoneCommune, Code: "51454"}}, Services: []string{place.ServiceDemarches},
		Publics: "Allocataires de plus de 60 ans", PrintedText: "Offert par la CAF de la Marne — 03 26 00 00 00"}
	created, err := s.CreateOrder(ctx, o, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Order(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PrintedText != o.PrintedText || got.Publics != o.Publics {
		t.Errorf("Order: texte %q, publics %q; want %q, %q", got.PrintedText, got.Publics, o.PrintedText, o.Publics)
	}
	list, err := s.Orders(ctx, fin)
	if err != nil || len(list) != 1 || list[0].PrintedText != o.PrintedText {
		t.Errorf("Orders(%d) = %+v, %v", fin, list, err)
	}
	o.PrintedText = strings.Repeat("é", pass.MaxPrintedText+1)
	if _, err := s.CreateOrder(ctx, o, "compte:1"); failure.CodeOf(err) != failure.Invalid {
		t.Errorf("CreateOrder with %d characters of text: %v, want failure.Invalid", pass.MaxPrintedText+1, err)
	}
	o.PrintedText = strings.Repeat("é", pass.MaxPrintedText)
	if _, err := s.CreateOrder(ctx, o, "compte:1"); err != nil {
		t.Errorf("CreateOrder with %d characters of text: %v", pass.MaxPrintedText, err)
	}
}

// testPassQualificationBank: a qualification keeps the BIC (checked,
// written in upper case) and the account holder typed (migration 031).
func testPassQualificationBank(t *testing.T, s store.Store, _ *Clock, _ TryExec) {
	ctx := context.Background()
	put(t, s, "hub", Sample(lieuInside))
	who, err := s.CreateUser(ctx, account.User{Email: "epn@reims.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	q := pass.Qualification{LieuID: lieuInside, SIRET: SIRET("4349331230002"), AccountID: who, IBAN: IBAN, BIC: "cepa fr pp 513", Holder: " Association EPN de Reims "}
	for _, bad := range []pass.Qualification{
		{LieuID: q.LieuID, SIRET: q.SIRET, AccountID: who, IBAN: IBAN, BIC: "CEPAFR"},
		{LieuID: q.LieuID, SIRET: q.SIRET, AccountID: who, IBAN: IBAN, Holder: strings.Repeat("x", pass.MaxHolder+1)},
	} {
		if _, err := s.RequestQualification(ctx, bad, "compte:2"); failure.CodeOf(err) != failure.Invalid {
			t.Errorf("RequestQualification(BIC %q, holder of %d characters): %v, want failure.Invalid", bad.BIC, len(bad.Holder), err)
		}
	}
	if _, err := s.RequestQualification(ctx, q, "compte:2"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Qualifications(ctx, pass.QualificationPending)
	if err != nil || len(got) != 1 {
		t.Fatalf("Qualifications: %v %v", got, err)
	}
	if got[0].BIC != "CEPAFRPP513" || got[0].Holder != "Association EPN de Reims" || got[0].IBAN != IBAN {
		t.Errorf("kept BIC %q, holder %q, IBAN %q", got[0].BIC, got[0].Holder, got[0].IBAN)
	}
}
