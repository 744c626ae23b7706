package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassRolesByOrder: the account that ordered an order, or holds a
// carnet, never redeems its passes, whatever its role now (review 10A2
// major 7): the financeur made a contributeur with a qualified place of
// its own, the distributeur made a contributeur with an accepted claim,
// are refused by the store (« Vérifier » and « Encaisser ») and by the
// database itself; another pass stays redeemable by the same account.
func testPassRolesByOrder(t *testing.T, s store.Store, _ *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 3, 2)
	other := Sample("pn-chalons")
	other.Pivot = SIRET("5555555550001")
	put(t, s, "hub", other)
	for _, who := range []int64{f.financeur, f.distributeur} {
		u, err := s.User(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		u.Role = account.Contributeur
		if err := s.UpdateUser(ctx, u, "compte:1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RequestQualification(ctx, pass.Qualification{LieuID: "pn-chalons", SIRET: SIRET("5555555550001"), AccountID: f.financeur,
		IBAN: IBAN, Status: pass.QualificationApproved}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	claim, err := s.AddClaim(ctx, store.Claim{UserID: f.distributeur, LieuID: lieuInside, Status: store.StatusPending}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DecideClaim(ctx, claim, store.StatusApproved, "compte:1"); err != nil {
		t.Fatal(err)
	}
	for i, tt := range []struct {
		who  int64
		lieu string
	}{{f.financeur, "pn-chalons"}, {f.distributeur, lieuInside}} {
		req := store.RedeemRequest{Code: f.passes[i].Code, LieuID: tt.lieu, Service: place.ServiceDemarches, AccountID: tt.who,
			Actor: fmt.Sprintf("compte:%d", tt.who), Key: fmt.Sprintf("k%d", i)}
		if f.passes[i].CarnetID != f.carnets[0].ID || f.carnets[0].Distributeur != f.distributeur {
			t.Fatalf("pass %d is not of the distributeur's first carnet: %+v", i, f.passes[i])
		}
		_, checked := s.CheckRedemption(ctx, req)
		_, err := s.Redeem(ctx, req)
		if failure.CodeOf(err) != failure.Forbidden || !strings.Contains(failure.MessageOf(err), "rôles restent séparés") {
			t.Errorf("account %d redeemed a pass of its own order or carnet: %v", tt.who, err)
		}
		if failure.CodeOf(checked) != failure.CodeOf(err) || failure.MessageOf(checked) != failure.MessageOf(err) {
			t.Errorf("Vérifier by account %d: %v; want as the redemption: %v", tt.who, checked, err)
		}
		if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (%d, 'brut%d', 'h', '{}', 'x')`, tt.who, i)); err != nil {
			t.Fatal(err)
		}
		raw := fmt.Sprintf(`INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
			VALUES (%d, %d, 1000, '%s', '%s', '2026-12-10', '2027-01-31', '2026-12-10T15:00:00.000000000Z', %d, 'brut%d')`,
			f.passes[i].ID, f.order.ID, tt.lieu, place.ServiceDemarches, tt.who, i)
		if err := exec(t, s, raw); err == nil {
			t.Errorf("the database took a redemption by account %d of a pass of its own order or carnet", tt.who)
		}
	}
	// The distributeur (a contributeur now) redeems a pass of a carnet it
	// does not hold, of an order it did not make: the rule is by order and
	// carnet, not a ban of the account.
	financeur2, err := s.CreateUser(ctx, account.User{Email: "finances@region.fr", Role: account.Financeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	distributeur2, err := s.CreateUser(ctx, account.User{Email: "mediation@ville.fr", Role: account.Distributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.CreateOrder(ctx, pass.Order{Financeur: financeur2, Carnets: 1, PassesPerCarnet: 1, ValueCents: 1000,
		ValidUntil: "2026-12-31", ToleranceDays: 31, Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "51"}},
		Services: []string{place.ServiceDemarches}, Publics: "Personnes éloignées du numérique"}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.AssignCarnets(ctx, o.ID, 1, nil, distributeur2, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.HandCarnet(ctx, strings.ToLower(cs[0].Code), distributeur2, pass.Age65to74, "51454", "compte:1"); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Passes(ctx, o.ID, 0)
	if err != nil || len(ps) != 1 {
		t.Fatalf("passes of the second order: %+v %v", ps, err)
	}
	if res := f.redeem(t, s, ps[0].Code, lieuInside, place.ServiceDemarches, f.distributeur, "autre"); res.Reason != "" || res.Redemption == nil {
		t.Errorf("a pass of another order and carnet: %+v", res)
	}
	verifyClean(t, s)
}

// testPassOrderEndBound: an order ends at most pass.MaxYearsAhead years
// after the day it is recorded (review 10A2 minor 3), by the store itself
// (the command line and the page check it first): « 9999-12-31 » and ten
// days of tolerance made a last day « 10000-01-10 », before every day.
func testPassOrderEndBound(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 1, 0)
	for end, ok := range map[string]bool{"9999-12-31": false, "2031-12-11": false, "2031-12-10": true} {
		_, err := s.CreateOrder(ctx, pass.Order{Financeur: f.financeur, Carnets: 1, PassesPerCarnet: 1, ValueCents: 1000,
			ValidUntil: end, ToleranceDays: 10, Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "51"}},
			Services: []string{place.ServiceDemarches}}, "compte:1")
		if ok && err != nil {
			t.Errorf("an order ending %s: %v", end, err)
		}
		if !ok && (failure.CodeOf(err) != failure.Invalid || !strings.Contains(failure.MessageOf(err), "au plus 5 ans après aujourd'hui (2026-12-10)")) {
			t.Errorf("an order ending %s: %v", end, err)
		}
	}
	verifyClean(t, s)
}
