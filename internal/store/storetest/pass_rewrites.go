package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassRewrites: the ledger's rows rewritten other ways than UPDATE and
// DELETE (review 10A round 2, MAJOR 1, 4 and 6): SQLite's REPLACE, which
// deletes the row it conflicts with; PostgreSQL's TRUNCATE, which fires no
// row trigger; and the idempotency rows, the first answers replayed on a
// retry. The database refuses each one.
func testPassRewrites(t *testing.T, s store.Store, c *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 3, 1)
	p0 := f.passes[0]
	f.redeem(t, s, p0.Code, lieuInside, place.ServiceDemarches, f.structure, "k0")
	quals, err := s.Qualifications(ctx, pass.QualificationApproved)
	if err != nil || len(quals) != 2 {
		t.Fatalf("qualifications: %v %v", quals, err)
	}
	qual := map[string]int64{}
	for _, q := range quals {
		qual[q.LieuID] = q.ID
	}
	if _, err := s.WithdrawQualification(ctx, lieuOutside, "fermé", "compte:1"); err != nil {
		t.Fatal(err)
	}
	c.Set(time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC))
	sts, err := s.IssueStatements(ctx, "2026-12", "compte:1")
	if err != nil || len(sts) != 1 {
		t.Fatalf("IssueStatements: %+v %v", sts, err)
	}
	if err := exec(t, s, fmt.Sprintf(`UPDATE pass_releves SET paye_at = '2027-01-05T00:00:00.000000000Z', paye_par = 'compte:1', virement = 'VIR-1' WHERE id = %d`, sts[0].ID)); err != nil {
		t.Fatal(err)
	}
	o, handed := f.order.ID, f.carnets[0].ID
	for _, tt := range []struct{ what, query string }{
		{"an idempotency row rewritten", fmt.Sprintf(`UPDATE pass_idempotence SET reponse = '{"raison":"deja_utilise"}' WHERE compte = %d AND cle = 'k0'`, f.structure)},
		{"an idempotency row deleted", fmt.Sprintf(`DELETE FROM pass_idempotence WHERE compte = %d`, f.structure)},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted by the database", tt.what)
		}
	}
	if exec(t, s, `SELECT sqlite_version()`) == nil {
		for _, tt := range []struct{ what, query string }{
			{"an approved qualification's IBAN replaced", fmt.Sprintf(`INSERT OR REPLACE INTO pass_qualifications (id, lieu_id, siret, compte, iban, statut, created_at, decided_by, decided_at, bic, titulaire)
				SELECT id, lieu_id, siret, compte, 'FR7600000000000000000000666', statut, created_at, decided_by, decided_at, bic, 'ATTACKER' FROM pass_qualifications WHERE id = %d`, qual[lieuInside])},
			{"a withdrawn qualification approved again", fmt.Sprintf(`REPLACE INTO pass_qualifications (id, lieu_id, siret, compte, iban, statut, created_at, decided_by, decided_at, bic, titulaire)
				SELECT id, lieu_id, siret, compte, iban, 'acceptee', created_at, decided_by, decided_at, bic, titulaire FROM pass_qualifications WHERE id = %d`, qual[lieuOutside])},
			{"an order given to another financeur", fmt.Sprintf(`INSERT OR REPLACE INTO pass_commandes (id, financeur, nb_carnets, pass_par_carnet, valeur_centimes, fin_validite, tolerance_jours, dernier_jour, perimetre, publics, created_at, created_by)
				SELECT id, %d, nb_carnets, pass_par_carnet, valeur_centimes, fin_validite, tolerance_jours, dernier_jour, perimetre, publics, created_at, created_by FROM pass_commandes WHERE id = %d`, f.stranger, o)},
			{"a handed carnet un-handed", fmt.Sprintf(`INSERT OR REPLACE INTO pass_carnets (id, commande, code, distributeur) SELECT id, commande, code, %d FROM pass_carnets WHERE id = %d`, f.admin, handed)},
			{"a paid statement made unpaid", fmt.Sprintf(`INSERT OR REPLACE INTO pass_releves (id, lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par)
				SELECT id, lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par FROM pass_releves WHERE id = %d`, sts[0].ID)},
			{"a statement replaced by its place and month", fmt.Sprintf(`INSERT OR REPLACE INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par)
				SELECT lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par FROM pass_releves WHERE id = %d`, sts[0].ID)},
			{"a used pass replaced as issued", fmt.Sprintf(`INSERT OR REPLACE INTO pass (id, commande, carnet, code, valeur_centimes, etat) SELECT id, commande, carnet, code, valeur_centimes, 'emis' FROM pass WHERE id = %d`, p0.ID)},
			{"an event replaced", `INSERT OR REPLACE INTO pass_evenements SELECT * FROM pass_evenements`},
			{"a redemption replaced", `INSERT OR REPLACE INTO pass_utilisations SELECT * FROM pass_utilisations`},
			{"an idempotency row replaced", fmt.Sprintf(`INSERT OR REPLACE INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (%d, 'k0', 'h', '{"raison":"deja_utilise"}', 'x')`, f.structure)},
			{"an approved qualification upserted", fmt.Sprintf(`INSERT INTO pass_qualifications (id, lieu_id, siret, compte, iban, statut, created_at) VALUES (%d, 'x', 'x', 1, '', 'en_attente', 'x')
				ON CONFLICT (id) DO UPDATE SET iban = 'FR7600000000000000000000666'`, qual[lieuInside])},
			{"a statement updated or replaced onto another", fmt.Sprintf(`UPDATE OR REPLACE pass_releves SET id = id + 1000 WHERE id = %d`, sts[0].ID)},
		} {
			if err := exec(t, s, tt.query); err == nil {
				t.Errorf("%s: accepted by the database", tt.what)
			}
		}
	} else {
		for _, table := range []string{"pass_commandes", "pass", "pass_evenements", "pass_qualifications", "pass_utilisations", "pass_releves",
			"pass_releve_corrections", "pass_avoirs", "pass_idempotence", "pass_carnets", "pass_commande_zones", "pass_commande_services"} {
			if err := exec(t, s, `TRUNCATE `+table+` CASCADE`); err == nil {
				t.Errorf("TRUNCATE %s: accepted by the database", table)
			}
		}
	}
	verifyClean(t, s)
}
