package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// movePlace imports a place again with another commune, as a source or a
// contribution would move it.
func movePlace(t *testing.T, s store.Store, id, commune, postcode, insee, siret string) {
	t.Helper()
	l := Sample(id)
	l.Commune, l.CodePostal, l.CodeINSEE, l.Pivot = commune, postcode, insee, siret
	put(t, s, "hub", l)
}

// testPassPerimeterNow: the perimeter is judged on the place's commune at
// redemption time, not when it was qualified (review fix10p, major 1): a
// place moved out of the order's zones is refused hors_perimetre by
// « Vérifier », by the redemption and by the database itself; a place moved
// into them is accepted.
func testPassPerimeterNow(t *testing.T, s store.Store, _ *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 4, 1)
	dem := place.ServiceDemarches
	if res := f.redeem(t, s, f.passes[0].Code, lieuInside, dem, f.structure, "avant"); res.Reason != "" {
		t.Fatalf("redemption in Reims, for an order of the Marne: %+v", res)
	}
	// Reims's place moves to Paris 15e.
	movePlace(t, s, lieuInside, "Paris", "75015", "75115", "43493312300029")
	if res, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: f.passes[1].Code, LieuID: lieuInside, Service: dem, AccountID: f.structure}); err != nil || res.Reason != pass.HorsPerimetre {
		t.Errorf("Vérifier, the place moved to Paris: %+v %v; want hors_perimetre", res, err)
	}
	if res := f.redeem(t, s, f.passes[1].Code, lieuInside, dem, f.structure, "apres"); res.Reason != pass.HorsPerimetre || res.Redemption != nil {
		t.Errorf("redemption, the place moved to Paris: %+v; want hors_perimetre", res)
	}
	// The database refuses the row itself.
	if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (%d, 'raw', 'h', '{}', 'x')`, f.structure)); err != nil {
		t.Fatal(err)
	}
	raw := fmt.Sprintf(`INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
		VALUES (%d, %d, 1000, '%s', '%s', '2026-12-10', '2027-01-31', '2026-12-10T12:00:00.000000000Z', %d, 'raw')`, f.passes[1].ID, f.order.ID, lieuInside, dem, f.structure)
	if err := exec(t, s, raw); err == nil || !strings.Contains(err.Error(), "périmètre") {
		t.Errorf("a redemption row of a place moved out of the perimeter: %v; want the database's refusal (périmètre)", err)
	}
	// Toulouse's place moves to Reims: inside now, accepted.
	movePlace(t, s, lieuOutside, "Reims", "51100", "51454", SIRET("1234567890001"))
	if res, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: f.passes[2].Code, LieuID: lieuOutside, Service: dem, AccountID: f.outsider}); err != nil || res.Reason != "" {
		t.Errorf("Vérifier, the place moved into the Marne: %+v %v", res, err)
	}
	if res := f.redeem(t, s, f.passes[2].Code, lieuOutside, dem, f.outsider, "entre"); res.Reason != "" || res.Redemption == nil {
		t.Errorf("redemption, the place moved into the Marne: %+v", res)
	}
	// Back in Reims, the first place redeems again.
	movePlace(t, s, lieuInside, "Reims", "51100", "51454", "43493312300029")
	if res := f.redeem(t, s, f.passes[1].Code, lieuInside, dem, f.structure, "retour"); res.Reason != "" {
		t.Errorf("redemption, the place back in Reims: %+v", res)
	}
	verifyClean(t, s)
}

// testPassArrondissements: a place coded with a municipal arrondissement
// of Lyon, Marseille or Paris is inside its commune's zone, and inside
// the commune's département and EPCI (the referential gives none to the
// arrondissement here: the parent's counts); a place of Paris is not
// inside Lyon, nor inside one of Paris's arrondissements.
func testPassArrondissements(t *testing.T, s store.Store, _ *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 1, 0)
	ref := (&territory.Referential{
		Regions:      []territory.Region{{Code: "84", Nom: "Auvergne-Rhône-Alpes"}, {Code: "11", Nom: "Île-de-France"}, {Code: "93", Nom: "Provence-Alpes-Côte d'Azur"}},
		Departements: []territory.Departement{{Code: "69", Nom: "Rhône", Region: "84"}, {Code: "75", Nom: "Paris", Region: "11"}, {Code: "13", Nom: "Bouches-du-Rhône", Region: "93"}},
		EPCIs: []territory.EPCI{{Code: "200046977", Nom: "Métropole de Lyon", Type: "METRO"}, {Code: "200054781", Nom: "Métropole du Grand Paris", Type: "METRO"},
			{Code: "200054807", Nom: "Métropole d'Aix-Marseille-Provence", Type: "METRO"}},
		Communes: []territory.Commune{
			{Code: "69123", Nom: "Lyon", Departement: "69", Region: "84", EPCI: "200046977", CodesPostaux: []string{"69001"}},
			{Code: "69383", Nom: "Lyon 3e Arrondissement", Departement: "69", Region: "84", CodesPostaux: []string{"69003"}},
			{Code: "75056", Nom: "Paris", Departement: "75", Region: "11", EPCI: "200054781", CodesPostaux: []string{"75001"}},
			{Code: "75115", Nom: "Paris 15e Arrondissement", Departement: "75", Region: "11", CodesPostaux: []string{"75015"}},
			{Code: "13055", Nom: "Marseille", Departement: "13", Region: "93", EPCI: "200054807", CodesPostaux: []string{"13001"}},
		},
	}).Index()
	if err := s.ReplaceTerritories(ctx, ref); err != nil {
		t.Fatal(err)
	}
	places := []struct{ id, commune, postcode, insee string }{
		{"pn-lyon-3", "Lyon", "69003", "69383"},
		{"pn-lyon-9", "Lyon", "69009", "69389"}, // not in the referential at all
		{"pn-paris-15", "Paris", "75015", "75115"},
		{"pn-paris-20", "Paris", "75020", "75120"},
		{"pn-paris", "Paris", "75001", "75056"},
		{"pn-marseille-1", "Marseille", "13001", "13201"},
		{"pn-marseille-16", "Marseille", "13016", "13216"},
	}
	for i, p := range places {
		l := Sample(p.id)
		l.Nom = "Espace numérique " + p.id
		l.Commune, l.CodePostal, l.CodeINSEE, l.Pivot, l.Coordinates = p.commune, p.postcode, p.insee, SIRET(fmt.Sprintf("77777777%05d", i)), nil
		put(t, s, "hub", l)
		if _, err := s.RequestQualification(ctx, pass.Qualification{LieuID: p.id, SIRET: l.Pivot, AccountID: f.structure, IBAN: IBAN, Status: pass.QualificationApproved}, "compte:1"); err != nil {
			t.Fatal(err)
		}
	}
	dem := place.ServiceDemarches
	orders := map[string]int64{}
	codes := map[string][]pass.Pass{}
	for _, zone := range []string{"commune:69123", "epci:200046977", "departement:69", "commune:75056", "commune:75115", "commune:13055", "epci:200054807"} {
		zs, err := pass.ParsePerimeter(zone)
		if err != nil {
			t.Fatal(err)
		}
		o, err := s.CreateOrder(ctx, pass.Order{Financeur: f.financeur, Carnets: 1, PassesPerCarnet: 8, ValueCents: 1000, ValidUntil: "2026-12-31",
			Perimeter: zs, Services: []string{dem}}, "compte:1")
		if err != nil {
			t.Fatal(err)
		}
		cs, err := s.AssignCarnets(ctx, o.ID, 1, nil, f.distributeur, "compte:3")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.HandCarnet(ctx, cs[0].Code, f.distributeur, "", "", "compte:3"); err != nil {
			t.Fatal(err)
		}
		orders[zone] = o.ID
		if codes[zone], err = s.Passes(ctx, o.ID, 0); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		lieu, zone string
		inside     bool
	}{
		{"pn-lyon-3", "commune:69123", true},
		{"pn-lyon-9", "commune:69123", true},
		{"pn-lyon-3", "epci:200046977", true},
		{"pn-lyon-9", "epci:200046977", true},
		{"pn-lyon-3", "departement:69", true},
		{"pn-lyon-9", "departement:69", true},
		{"pn-paris-15", "commune:75056", true},
		{"pn-paris-20", "commune:75056", true},
		{"pn-paris", "commune:75056", true},
		{"pn-paris-15", "commune:75115", true},
		{"pn-paris-20", "commune:75115", false},
		{"pn-paris", "commune:75115", false},
		{"pn-marseille-1", "commune:13055", true},
		{"pn-marseille-16", "commune:13055", true},
		{"pn-marseille-16", "epci:200054807", true},
		{"pn-paris", "commune:69123", false},
		{"pn-paris-15", "commune:69123", false},
		{"pn-lyon-3", "commune:75056", false},
		{"pn-marseille-1", "epci:200046977", false},
		{"pn-paris-15", "departement:69", false},
	} {
		want := pass.Reason("")
		if !tt.inside {
			want = pass.HorsPerimetre
		}
		res, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: codes[tt.zone][0].Code, LieuID: tt.lieu, Service: dem, AccountID: f.structure})
		if err != nil || res.Reason != want {
			t.Errorf("Vérifier %s for an order of %s: %+v %v; want %q", tt.lieu, tt.zone, res, err, want)
		}
		p := codes[tt.zone][0]
		codes[tt.zone] = codes[tt.zone][1:]
		if res := f.redeem(t, s, p.Code, tt.lieu, dem, f.structure, tt.lieu+" "+tt.zone); res.Reason != want {
			t.Errorf("redemption by %s for an order of %s: %+v; want %q", tt.lieu, tt.zone, res, want)
		}
	}
	// The database refuses Paris for Lyon, by hand too.
	if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (%d, 'raw', 'h', '{}', 'x')`, f.structure)); err != nil {
		t.Fatal(err)
	}
	p := codes["commune:69123"][0]
	if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
		VALUES (%d, %d, 1000, 'pn-paris', '%s', '2026-12-10', '2027-01-31', '2026-12-10T12:00:00.000000000Z', %d, 'raw')`, p.ID, orders["commune:69123"], dem, f.structure)); err == nil || !strings.Contains(err.Error(), "périmètre") {
		t.Errorf("a redemption row of Paris for an order of Lyon: %v; want the database's refusal (périmètre)", err)
	}
	verifyClean(t, s)
}

// testPassStatementIssuedEarly: a place's statement of the current month
// issued (by an instance whose clock ran ahead: the store issues only
// months that are over, which storetest Pass/Circuit checks; its emis_at
// is that clock, past the month since migration 046) makes the
// redemption and « Vérifier » a clear French conflict, not an internal
// error (review fix10p 6).
func testPassStatementIssuedEarly(t *testing.T, s store.Store, _ *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 2, 1)
	if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par) VALUES ('%s', '2026-12', 0, 0, '2027-01-01T00:00:00.000000000Z', 'compte:1')`, lieuInside)); err != nil {
		t.Fatal(err)
	}
	req := store.RedeemRequest{Code: f.passes[0].Code, LieuID: lieuInside, Service: place.ServiceDemarches, AccountID: f.structure, Actor: "compte:5", Key: "k"}
	_, err := s.Redeem(ctx, req)
	if failure.CodeOf(err) != failure.Conflict || !strings.Contains(failure.MessageOf(err), "relevé de ce lieu pour le mois en cours est déjà émis") {
		t.Errorf("redemption in a month whose statement is issued: %v (code %s); want a French conflict", err, failure.CodeOf(err))
	}
	_, checked := s.CheckRedemption(ctx, req)
	if failure.CodeOf(checked) != failure.Conflict || failure.MessageOf(checked) != failure.MessageOf(err) {
		t.Errorf("Vérifier in a month whose statement is issued: %v; want as the redemption: %v", checked, err)
	}
	// Nothing was written: the pass is still to be used, its key free.
	if d, err := s.PassByCode(ctx, f.passes[0].Code); err != nil || d.Pass.State != pass.Injecte {
		t.Errorf("after the refusal: %+v %v", d.Pass, err)
	}
	verifyClean(t, s)
}

// testPassCorrections: a statement's correction is about a place the Pass
// numérique pays and, when it names a redemption, one of that place: the
// store says why in French, the database refuses the raw rows (review
// fix10p 7).
func testPassCorrections(t *testing.T, s store.Store, clock *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 4, 1)
	dem := place.ServiceDemarches
	mine := f.redeem(t, s, f.passes[0].Code, lieuInside, dem, f.structure, "a")
	// Toulouse's place moves into the Marne and redeems one.
	movePlace(t, s, lieuOutside, "Reims", "51100", "51454", SIRET("1234567890001"))
	theirs := f.redeem(t, s, f.passes[1].Code, lieuOutside, dem, f.outsider, "b")
	if mine.Redemption == nil || theirs.Redemption == nil {
		t.Fatalf("redemptions: %+v %+v", mine, theirs)
	}
	unqualified := Sample("pn-reims-3")
	unqualified.Pivot = SIRET("5555555555555")
	put(t, s, "hub", unqualified)
	for _, tt := range []struct {
		name string
		c    pass.Correction
		code failure.Code
		says string
	}{
		{"an unknown place", pass.Correction{LieuID: "nulle-part", Month: "2026-12", AmountCents: 100, Note: "oubli"}, failure.Invalid, "« nulle-part »"},
		{"a place never qualified", pass.Correction{LieuID: "pn-reims-3", Month: "2026-12", AmountCents: 100, Note: "oubli"}, failure.Invalid, "« pn-reims-3 »"},
		{"another place's redemption", pass.Correction{LieuID: lieuInside, Month: "2026-12", AmountCents: -1000, Note: "erreur", RedemptionID: theirs.Redemption.ID}, failure.Invalid, lieuOutside},
		{"no such redemption", pass.Correction{LieuID: lieuInside, Month: "2026-12", AmountCents: -1000, Note: "erreur", RedemptionID: theirs.Redemption.ID + 1000}, failure.NotFound, fmt.Sprint(theirs.Redemption.ID + 1000)},
	} {
		err := s.AddStatementCorrection(ctx, tt.c, "compte:1")
		if failure.CodeOf(err) != tt.code || !strings.Contains(failure.MessageOf(err), tt.says) || !strings.Contains(failure.MessageOf(err), "Correction, champ") {
			t.Errorf("correction of %s: %v (code %s); want %s naming %s", tt.name, err, failure.CodeOf(err), tt.code, tt.says)
		}
	}
	if err := s.AddStatementCorrection(ctx, pass.Correction{LieuID: lieuInside, Month: "2026-12", AmountCents: -1000, Note: "pass utilisé par erreur", RedemptionID: mine.Redemption.ID}, "compte:1"); err != nil {
		t.Errorf("correction of the place's own redemption: %v", err)
	}
	// A correction naming a redemption takes it back, at most its value,
	// once (review 10N2, MAJOR 4): the store says so in French first, the
	// database refuses such rows too.
	for _, tt := range []struct {
		name string
		c    pass.Correction
		code failure.Code
		says string
	}{
		{"the same redemption again", pass.Correction{LieuID: lieuInside, Month: "2026-12", AmountCents: -1000, Note: "encore", RedemptionID: mine.Redemption.ID}, failure.Conflict, "est déjà corrigée (-10,00\u202f€, le 2026-12-10) ; une utilisation se corrige une fois"},
		{"a redemption given back more", pass.Correction{LieuID: lieuOutside, Month: "2026-12", AmountCents: 500, Note: "plus", RedemptionID: theirs.Redemption.ID}, failure.Invalid, "champ montant « 5,00\u202f€ »"},
		{"a redemption taken back beyond its value", pass.Correction{LieuID: lieuOutside, Month: "2026-12", AmountCents: -1001, Note: "trop", RedemptionID: theirs.Redemption.ID}, failure.Invalid, "montant négatif, de -10,00\u202f€ au plus"},
	} {
		err := s.AddStatementCorrection(ctx, tt.c, "compte:1")
		if failure.CodeOf(err) != tt.code || !strings.Contains(failure.MessageOf(err), tt.says) {
			t.Errorf("correction of %s: %v (code %s); want %s saying %s", tt.name, err, failure.CodeOf(err), tt.code, tt.says)
		}
	}
	for _, tt := range []struct{ what, query string }{
		{"a second correction of a redemption", fmt.Sprintf(`INSERT INTO pass_releve_corrections (lieu_id, mois, corrige, montant_centimes, note, at, actor) VALUES ('%s', '2026-12', %d, -1, 'encore', 'x', 'y')`, lieuInside, mine.Redemption.ID)},
		{"a positive correction of a redemption", fmt.Sprintf(`INSERT INTO pass_releve_corrections (lieu_id, mois, corrige, montant_centimes, note, at, actor) VALUES ('%s', '2026-12', %d, 100, 'plus', 'x', 'y')`, lieuOutside, theirs.Redemption.ID)},
		{"a correction beyond its redemption's value", fmt.Sprintf(`INSERT INTO pass_releve_corrections (lieu_id, mois, corrige, montant_centimes, note, at, actor) VALUES ('%s', '2026-12', %d, -1001, 'trop', 'x', 'y')`, lieuOutside, theirs.Redemption.ID)},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted by the database", tt.what)
		}
	}
	for _, tt := range []struct{ what, query string }{
		{"a correction of an unknown place", `INSERT INTO pass_releve_corrections (lieu_id, mois, montant_centimes, note, at, actor) VALUES ('nulle-part', '2026-12', 100, 'oubli', 'x', 'y')`},
		{"a correction of a place never qualified", `INSERT INTO pass_releve_corrections (lieu_id, mois, montant_centimes, note, at, actor) VALUES ('pn-reims-3', '2026-12', 100, 'oubli', 'x', 'y')`},
		{"a correction of another place's redemption", fmt.Sprintf(`INSERT INTO pass_releve_corrections (lieu_id, mois, corrige, montant_centimes, note, at, actor) VALUES ('%s', '2026-12', %d, -1000, 'erreur', 'x', 'y')`, lieuInside, theirs.Redemption.ID)},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted by the database", tt.what)
		}
	}
	// A statement is never issued below zero: the month is refused,
	// naming the place and its corrections, until a correction makes up
	// for it; a statement of zero has nothing to pay.
	if err := s.AddStatementCorrection(ctx, pass.Correction{LieuID: lieuInside, Month: "2026-12", AmountCents: -50000, Note: "gros"}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	// Listed before issue, with the place's redemptions of the month.
	pending, err := s.PendingCorrections(ctx, "2026-12")
	if err != nil || len(pending) != 2 || pending[0].LieuID != lieuInside || pending[0].RedemptionID != mine.Redemption.ID || pending[0].Code != f.passes[0].Code ||
		pending[0].AmountCents != -1000 || pending[0].UsedCents != 1000 || pending[0].Passes != 1 || pending[1].AmountCents != -50000 || pending[1].Note != "gros" {
		t.Errorf("pending corrections: %+v %v", pending, err)
	}
	clock.Set(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC))
	sts, err := s.IssueStatements(ctx, "2026-12", "compte:1")
	if failure.CodeOf(err) != failure.Invalid || len(sts) != 0 || !strings.Contains(failure.MessageOf(err), "lieu "+lieuInside+", 2026-12 : total -500,00\u202f€ (utilisations 10,00\u202f€ ; corrections n° ") ||
		!strings.Contains(failure.MessageOf(err), "-500,00\u202f€ « gros »") || strings.Contains(failure.MessageOf(err), lieuOutside) {
		t.Errorf("issuing a month with a statement below zero: %v %v", sts, err)
	}
	if all, err := s.Statements(ctx, "2026-12", ""); err != nil || len(all) != 0 {
		t.Errorf("statements after the refusal: %v %v", all, err)
	}
	if err := s.AddStatementCorrection(ctx, pass.Correction{LieuID: lieuInside, Month: "2026-12", AmountCents: 50000, Note: "annule « gros »"}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	sts, err = s.IssueStatements(ctx, "2026-12", "compte:1")
	if err != nil || len(sts) != 2 {
		t.Fatalf("statements of 2026-12: %v %v", sts, err)
	}
	for _, st := range sts {
		err := s.MarkPaid(ctx, st.ID, "VIR-1", "compte:1")
		switch st.LieuID {
		case lieuInside:
			if st.TotalCents != 0 || failure.CodeOf(err) != failure.Invalid || !strings.Contains(failure.MessageOf(err), "montant 0,00\u202f€, rien à payer") {
				t.Errorf("paying a statement of %s: %v", pass.Euros(st.TotalCents), err)
			}
		default:
			if err != nil {
				t.Errorf("paying %s's statement: %v", st.LieuID, err)
			}
		}
	}
	if pending, err := s.PendingCorrections(ctx, "2026-12"); err != nil || len(pending) != 0 {
		t.Errorf("pending corrections once issued: %+v %v", pending, err)
	}
	// In the database: a statement issued below zero (its total the sum
	// of its month, so that only the new check refuses it).
	if err := s.AddStatementCorrection(ctx, pass.Correction{LieuID: lieuOutside, Month: "2026-11", AmountCents: -500, Note: "erreur"}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par) VALUES ('%s', '2026-11', -500, 0, '2026-12-05T10:00:00Z', 'y')`, lieuOutside)); err == nil {
		t.Errorf("a statement below zero: accepted by the database")
	}
	verifyClean(t, s)
}

// testPassVerifyOrders: `pass verifier` counts each order's carnets and
// passes and checks every code's check character (review fix10p 5): a
// pass added by hand to an order (with its event, so that its state
// verifies), with a code whose check character is wrong, is reported for
// both.
func testPassVerifyOrders(t *testing.T, s store.Store, _ *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 3, 0)
	verifyClean(t, s)
	if n, err := s.PassLedgerSize(ctx); err != nil || n != (pass.LedgerSize{Passes: 6}) {
		t.Errorf("PassLedgerSize: %+v, %v; want 6 passes and nothing else", n, err)
	}
	good := pass.NewCode(pass.KindPass).String()
	bad := good[:len(good)-1] + otherCheck(good)
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO pass (commande, carnet, code, valeur_centimes, etat) VALUES (%d, %d, '%s', 1000, 'emis')`, f.order.ID, f.carnets[1].ID, bad),
		fmt.Sprintf(`INSERT INTO pass_evenements (pass, type, actor, at) SELECT id, 'emis', 'main', 'x' FROM pass WHERE code = '%s'`, bad),
	} {
		if err := exec(t, s, q); err != nil {
			t.Fatal(err)
		}
	}
	found, err := s.VerifyPass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("commande %d : 7 pass, 2 carnet(s) de 3 en demandent 6", f.order.ID),
		fmt.Sprintf("carnet %s : 4 pass, sa commande en met 3", f.carnets[1].Code),
		fmt.Sprintf("pass %s : code invalide (préfixe, longueur ou caractère de contrôle)", bad),
	} {
		if !slices.Contains(found, want) {
			t.Errorf("pass verifier: %q; want %q among them", found, want)
		}
	}
	if len(found) != 3 {
		t.Errorf("pass verifier: %d lines, want 3: %q", len(found), found)
	}
}
