package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassInvariants writes bad rows with raw SQL, as a bug or a person
// at the database's prompt would: the database refuses each one.
func testPassInvariants(t *testing.T, s store.Store, c *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 3, 1)
	p0, p1, p3 := f.passes[0], f.passes[1], f.passes[3]
	f.redeem(t, s, p0.Code, lieuInside, place.ServiceDemarches, f.structure, "k0")
	third := Sample("pn-reims-2")
	third.Pivot = SIRET("5555555555555")
	put(t, s, "hub", third)
	pending, err := s.RequestQualification(ctx, pass.Qualification{LieuID: "pn-reims-2", SIRET: third.Pivot, AccountID: f.structure}, "compte:5")
	if err != nil {
		t.Fatal(err)
	}
	quals, err := s.Qualifications(ctx, pass.QualificationApproved)
	if err != nil || len(quals) != 2 {
		t.Fatalf("qualifications: %v %v", quals, err)
	}
	qual := map[string]int64{}
	for _, q := range quals {
		qual[q.LieuID] = q.ID
	}
	c.Set(time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC))
	if _, err := s.IssueStatements(ctx, "2026-12", "compte:1"); err != nil {
		t.Fatal(err)
	}
	o := f.order.ID
	dem, loisirs := place.ServiceDemarches, place.ServiceLoisirs
	handed := f.carnets[0].ID
	assigned, err := s.AssignCarnets(ctx, o, 1, nil, f.distributeur, "compte:3")
	if err != nil || len(assigned) != 1 || assigned[0].Handed {
		t.Fatalf("AssignCarnets: %+v %v", assigned, err)
	}
	redemption := func(passID, order, value int64, lieu, service, day, last, key string) string {
		return fmt.Sprintf(`INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
			VALUES (%d, %d, %d, '%s', '%s', '%s', '%s', '%sT12:00:00.000000000Z', %d, '%s')`, passID, order, value, lieu, service, day, last, day, f.structure, key)
	}
	mustPass := func(what, q string) {
		t.Helper()
		if err := exec(t, s, q); err != nil {
			t.Fatalf("%s: refused: %v", what, err)
		}
	}
	mustPass("a correction of January", fmt.Sprintf(`INSERT INTO pass_releve_corrections (lieu_id, mois, montant_centimes, note, at, actor) VALUES ('%s', '2027-01', -300, 'trop payé en décembre', 'x', 'y')`, lieuInside))
	mustPass("an idempotency row", fmt.Sprintf(`INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (%d, 'raw', 'h', '{}', 'x')`, f.structure))
	for _, tt := range []struct{ what, query string }{
		{"a redemption outside the perimeter (Toulouse, for an order of the Marne)", redemption(p1.ID, o, 1000, lieuOutside, dem, "2026-12-10", "2027-01-31", "raw")},
		{fmt.Sprintf("a redemption by a place whose qualification %d is pending", pending.ID), redemption(p1.ID, o, 1000, "pn-reims-2", dem, "2026-12-10", "2027-01-31", "raw")},
		{"a redemption by an unknown place", redemption(p1.ID, o, 1000, "nulle-part", dem, "2026-12-10", "2027-01-31", "raw")},
		{"a redemption for a service the order does not pay", redemption(p1.ID, o, 1000, lieuInside, loisirs, "2026-12-10", "2027-01-31", "raw")},
		{"a redemption after the last day", redemption(p1.ID, o, 1000, lieuInside, dem, "2027-02-01", "2027-01-31", "raw")},
		{"a redemption with a forged last day", redemption(p1.ID, o, 1000, lieuInside, dem, "2027-02-01", "2027-02-28", "raw")},
		{"a redemption of another value", redemption(p1.ID, o, 2000, lieuInside, dem, "2026-12-10", "2027-01-31", "raw")},
		{"a redemption of another order", redemption(p1.ID, o+1, 1000, lieuInside, dem, "2026-12-10", "2027-01-31", "raw")},
		{"a redemption without its idempotency row", redemption(p1.ID, o, 1000, lieuInside, dem, "2026-12-10", "2027-01-31", "absente")},
		{"a redemption of a pass never handed", redemption(p3.ID, o, 1000, lieuInside, dem, "2026-12-10", "2027-01-31", "raw")},
		{"a redemption of a used pass", redemption(p0.ID, o, 1000, lieuInside, dem, "2026-12-10", "2027-01-31", "raw")},
		{"a used pass put back", fmt.Sprintf(`UPDATE pass SET etat = 'injecte' WHERE id = %d`, p0.ID)},
		{"a pass never handed marked used", fmt.Sprintf(`UPDATE pass SET etat = 'utilise' WHERE id = %d`, p3.ID)},
		{"a pass's value changed", fmt.Sprintf(`UPDATE pass SET valeur_centimes = 5 WHERE id = %d`, p3.ID)},
		{"a pass deleted", fmt.Sprintf(`DELETE FROM pass WHERE id = %d`, p3.ID)},
		{"a pass issued already handed", fmt.Sprintf(`INSERT INTO pass (commande, carnet, code, valeur_centimes, etat) VALUES (%d, %d, 'PN-X', 1000, 'injecte')`, o, p3.CarnetID)},
		{"a pass of another value than its order's", fmt.Sprintf(`INSERT INTO pass (commande, carnet, code, valeur_centimes, etat) VALUES (%d, %d, 'PN-Y', 999, 'emis')`, o, p3.CarnetID)},
		{"an event rewritten", `UPDATE pass_evenements SET type = 'emis'`},
		// The order's perimeter and services, the carnets' handing
		// (review fix10p 4).
		{"an order's zone changed", fmt.Sprintf(`UPDATE pass_commande_zones SET code = '75' WHERE commande = %d`, o)},
		{"an order's zone deleted", fmt.Sprintf(`DELETE FROM pass_commande_zones WHERE commande = %d`, o)},
		{"a zone added to an order", fmt.Sprintf(`INSERT INTO pass_commande_zones (commande, type, code) VALUES (%d, 'departement', '75')`, o)},
		{"an order's service changed", fmt.Sprintf(`UPDATE pass_commande_services SET service = '%s' WHERE commande = %d AND service = '%s'`, loisirs, o, place.ServiceOutils)},
		{"an order's service deleted", fmt.Sprintf(`DELETE FROM pass_commande_services WHERE commande = %d AND service = '%s'`, o, place.ServiceOutils)},
		{"a service added to an order", fmt.Sprintf(`INSERT INTO pass_commande_services (commande, service) VALUES (%d, '%s')`, o, loisirs)},
		{"a carnet's handing redated", fmt.Sprintf(`UPDATE pass_carnets SET remis_at = '2020-01-01T00:00:00.000000000Z' WHERE id = %d`, handed)},
		{"a carnet's handing undone", fmt.Sprintf(`UPDATE pass_carnets SET remis_at = '', remis_par = '' WHERE id = %d`, handed)},
		{"a handed carnet's age band changed", fmt.Sprintf(`UPDATE pass_carnets SET tranche_age = '25-44' WHERE id = %d`, handed)},
		{"a handed carnet's commune changed", fmt.Sprintf(`UPDATE pass_carnets SET commune = '75056' WHERE id = %d`, handed)},
		{"a handed carnet's handler changed", fmt.Sprintf(`UPDATE pass_carnets SET remis_par = 'compte:1' WHERE id = %d`, handed)},
		{"a handed carnet given to another distributeur", fmt.Sprintf(`UPDATE pass_carnets SET distributeur = %d WHERE id = %d`, f.admin, handed)},
		{"an assigned carnet given to another distributeur", fmt.Sprintf(`UPDATE pass_carnets SET distributeur = %d WHERE id = %d`, f.admin, assigned[0].ID)},
		{"an assigned carnet taken back", fmt.Sprintf(`UPDATE pass_carnets SET distributeur = NULL WHERE id = %d`, assigned[0].ID)},
		{"a carnet handed without who", fmt.Sprintf(`UPDATE pass_carnets SET remis_at = '2026-12-10T12:00:00.000000000Z' WHERE id = %d`, assigned[0].ID)},
		{"a carnet's code changed", fmt.Sprintf(`UPDATE pass_carnets SET code = 'CN-X' WHERE id = %d`, assigned[0].ID)},
		{"an event deleted", `DELETE FROM pass_evenements`},
		{"a decided qualification changed", fmt.Sprintf(`UPDATE pass_qualifications SET statut = 'en_attente' WHERE id = %d`, qual[lieuInside])},
		{"a second qualification of a SIRET", fmt.Sprintf(`INSERT INTO pass_qualifications (lieu_id, siret, compte, iban, statut, created_at) VALUES ('autre', '%s', %d, '', 'en_attente', 'x')`, SIRET("4349331230002"), f.structure)},
		{"an order's last day moved", fmt.Sprintf(`UPDATE pass_commandes SET dernier_jour = '2030-01-01' WHERE id = %d`, o)},
		{"an order's printed text changed", fmt.Sprintf(`UPDATE pass_commandes SET texte_imprime = 'autre' WHERE id = %d`, o)},
		{"a reminder sent twice", fmt.Sprintf(`INSERT INTO pass_rappels (commande_id, etape, envoye_le) VALUES (%d, 'j-30', 'x'), (%d, 'j-30', 'y')`, o, o)},
		{"a reminder of no order", `INSERT INTO pass_rappels (commande_id, etape, envoye_le) VALUES (999999, 'j-30', 'x')`},
		{"a reminder without its step", fmt.Sprintf(`INSERT INTO pass_rappels (commande_id, etape, envoye_le) VALUES (%d, '', 'x')`, o)},
		{"an order's tolerance changed", fmt.Sprintf(`UPDATE pass_commandes SET tolerance_jours = 400 WHERE id = %d`, o)},
		{"an order whose last day is not its end plus tolerance", fmt.Sprintf(`INSERT INTO pass_commandes (financeur, nb_carnets, pass_par_carnet, valeur_centimes, fin_validite, tolerance_jours, dernier_jour, perimetre, publics, created_at, created_by)
			VALUES (%d, 1, 1, 1000, '2026-12-31', 0, '2027-01-31', 'departement:51', '', 'x', 'y')`, f.financeur)},
		{"a statement whose total is not the sum of its redemptions", fmt.Sprintf(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par) VALUES ('%s', '2026-11', 500, 0, 'x', 'y')`, lieuInside)},
		{"a statement that leaves out a redemption", fmt.Sprintf(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par) VALUES ('%s', '2027-01', 0, 0, 'x', 'y')`, lieuInside)},
		{"a statement's total changed", `UPDATE pass_releves SET total_centimes = total_centimes + 1`},
		{"a statement's count changed", `UPDATE pass_releves SET nb_pass = nb_pass + 1`},
		{"a statement deleted", `DELETE FROM pass_releves`},
		{"a statement issued paid", fmt.Sprintf(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par, paye_at, virement) VALUES ('%s', '2026-10', 0, 0, 'x', 'y', 'x', 'V')`, lieuInside)},
		{"a redemption in a month whose statement is issued", redemption(p1.ID, o, 1000, lieuInside, dem, "2026-12-20", "2027-01-31", "raw")},
		{"a correction of an issued statement", fmt.Sprintf(`INSERT INTO pass_releve_corrections (lieu_id, mois, montant_centimes, note, at, actor) VALUES ('%s', '2026-12', 100, 'oubli', 'x', 'y')`, lieuInside)},
		{"a correction without why", fmt.Sprintf(`INSERT INTO pass_releve_corrections (lieu_id, mois, montant_centimes, note, at, actor) VALUES ('%s', '2027-01', 100, '', 'x', 'y')`, lieuInside)},
		{"a correction changed", `UPDATE pass_releve_corrections SET montant_centimes = 1`},
		{"a correction deleted", `DELETE FROM pass_releve_corrections`},
		{"a redemption deleted", `DELETE FROM pass_utilisations`},
		{"a redemption moved", `UPDATE pass_utilisations SET lieu_id = 'ailleurs'`},
		{"a credit note that is not its passes' value", fmt.Sprintf(`INSERT INTO pass_avoirs (commande, valeur_centimes, nb_pass, montant_centimes, emis_at, emis_par) VALUES (%d, 1000, 3, 2000, 'x', 'y')`, o)},
		{"a credit note at another value than the order's", fmt.Sprintf(`INSERT INTO pass_avoirs (commande, valeur_centimes, nb_pass, montant_centimes, emis_at, emis_par) VALUES (%d, 500, 3, 1500, 'x', 'y')`, o)},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted by the database", tt.what)
		}
	}
	// The store's own writes still pass: the same carnet assigned again
	// to its distributeur, then handed.
	if _, err := s.AssignCarnets(ctx, o, 0, []string{assigned[0].Code}, f.distributeur, "compte:3"); err != nil {
		t.Errorf("the carnet assigned again to its distributeur: %v", err)
	}
	if _, err := s.HandCarnet(ctx, assigned[0].Code, f.distributeur, pass.Age25to44, "51454", "compte:3"); err != nil {
		t.Errorf("the assigned carnet handed: %v", err)
	}
	// What the database allows: the payment, once; a redemption written by
	// hand that follows every rule but the pass's state, which only
	// `pass verifier` sees.
	mustPass("a payment", `UPDATE pass_releves SET paye_at = '2027-01-05T00:00:00.000000000Z', paye_par = 'compte:1', virement = 'VIR-1'`)
	if err := exec(t, s, `UPDATE pass_releves SET virement = 'VIR-2'`); err == nil {
		t.Errorf("a payment changed: accepted by the database")
	}
	mustPass("a redemption by hand", redemption(p1.ID, o, 1000, lieuInside, dem, "2027-01-05", "2027-01-31", "raw"))
	if err := exec(t, s, redemption(p1.ID, o, 1000, lieuInside, dem, "2027-01-06", "2027-01-31", "raw")); err == nil {
		t.Errorf("a second redemption of a pass: accepted by the database")
	}
	// January's statement counts the redemption by hand and the correction.
	c.Set(time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
	jan, err := s.IssueStatements(ctx, "2027-01", "compte:1")
	if err != nil || len(jan) != 1 || jan[0].TotalCents != 700 || jan[0].Passes != 1 {
		t.Errorf("January: %+v %v", jan, err)
	}
	bad, err := s.VerifyPass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) != 1 || !strings.Contains(bad[0], p1.Code) {
		t.Errorf("pass verifier: %q, want the pass redeemed by hand", bad)
	}
}

// testPassConcurrent: 1 000 attempts on 100 passes from 20 clients, each
// attempt with its own key: exactly 100 succeed, all others are told the
// pass was used, and the statements add up.
func testPassConcurrent(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 10, 10, 10)
	if len(f.passes) != 100 {
		t.Fatalf("%d passes", len(f.passes))
	}
	attempts := make(chan int)
	var mu sync.Mutex
	reasons := map[pass.Reason]int{}
	used := map[int64]int{}
	var errs []error
	var wg sync.WaitGroup
	for client := 0; client < 20; client++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range attempts {
				p := f.passes[(i*7)%100]
				res, err := s.Redeem(ctx, store.RedeemRequest{Code: p.Code, LieuID: lieuInside, Service: place.ServiceDemarches,
					AccountID: f.structure, Actor: "compte:4", Key: fmt.Sprintf("tentative-%d", i)})
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					reasons[res.Reason]++
					if res.Redemption != nil {
						used[res.Redemption.PassID]++
					}
				}
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < 1000; i++ {
		attempts <- i
	}
	close(attempts)
	wg.Wait()
	for _, err := range errs {
		t.Errorf("attempt failed: %v", err)
	}
	if reasons[""] != 100 || reasons[pass.DejaUtilise] != 900 || len(used) != 100 {
		t.Errorf("answers %v, %d passes used; want 100 accepted, 900 deja_utilise", reasons, len(used))
	}
	c.Set(time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC))
	sts, err := s.IssueStatements(ctx, "2026-12", "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 || sts[0].TotalCents != 100*1000 || sts[0].Passes != 100 {
		t.Errorf("statements: %+v", sts)
	}
	verifyClean(t, s)
}

// testPassConcurrentSameKey: one request sent by 20 clients at once (a
// retry racing its original): one redemption, and every client gets it,
// none « déjà utilisé ».
func testPassConcurrentSameKey(t *testing.T, s store.Store, _ *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 1, 1)
	var wg sync.WaitGroup
	results := make([]store.RedeemResult, 20)
	errs := make([]error, 20)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = s.Redeem(ctx, store.RedeemRequest{Code: f.passes[0].Code, LieuID: lieuInside, Service: place.ServiceDemarches,
				AccountID: f.structure, Key: "la-meme"})
		}()
	}
	wg.Wait()
	replayed := 0
	for i, res := range results {
		if errs[i] != nil {
			t.Errorf("client %d: %v", i, errs[i])
			continue
		}
		if res.Reason != "" || res.Redemption == nil || res.Redemption.ID != results[0].Redemption.ID {
			t.Errorf("client %d: %+v", i, res)
		}
		if res.Replayed {
			replayed++
		}
	}
	if replayed != 19 {
		t.Errorf("%d answers replayed, want 19", replayed)
	}
	verifyClean(t, s)
}
