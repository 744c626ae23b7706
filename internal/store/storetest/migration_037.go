package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// RunMigration037 builds the Pass numérique's circuit with the schema of
// before withdrawals (migrations up to 036): a qualified place, an order
// whose (order, place) pair names the qualification, a redemption (the
// pair and the redemption written with raw SQL, as the code of then did:
// today's code judges the perimeter with migration 039's view); it
// migrates (SQLite rebuilds pass_qualifications under that pair's foreign
// key, then 039 pass_utilisations without it) and checks that nothing was
// lost, that the ledger verifies, and that the place can be withdrawn and
// qualified again. open opens the same database at each call.
func RunMigration037(t *testing.T, open Open, exec ExecArgs) {
	ctx := context.Background()
	c := &Clock{}
	c.Set(time.Date(2026, 12, 10, 11, 0, 0, 0, time.UTC))
	old := open(t, store.WithMigrationsUpTo(36), store.WithClock(c.Now))
	f := newPassFixture(t, old, 1, 3, 1)
	at := "2026-12-10T12:00:00.000000000Z"
	p := f.passes[0]
	exec(t, old, `INSERT INTO pass_commande_lieux (commande, lieu_id, qualification)
		SELECT ?, lieu_id, id FROM pass_qualifications WHERE lieu_id = ? AND statut = 'acceptee'`, f.order.ID, lieuInside)
	exec(t, old, `INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (?, 'k', 'h', '{}', ?)`, f.structure, at)
	exec(t, old, `INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
		VALUES (?, ?, 1000, ?, ?, '2026-12-10', '2027-01-31', ?, ?, 'k')`, p.ID, f.order.ID, lieuInside, place.ServiceDemarches, at, f.structure)
	exec(t, old, `UPDATE pass SET etat = 'utilise' WHERE id = ?`, p.ID)
	exec(t, old, `INSERT INTO pass_evenements (pass, type, actor, at) VALUES (?, 'utilise', 'compte:5', ?)`, p.ID, at)
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s := open(t, store.WithClock(c.Now))
	defer s.Close()
	qs, err := s.Qualifications(ctx, "")
	if err != nil || len(qs) != 2 {
		t.Fatalf("qualifications after the migration: %+v %v", qs, err)
	}
	for _, q := range qs {
		if q.Status != pass.QualificationApproved || q.IBAN != IBAN || q.DecidedBy != "compte:1" || q.WithdrawnReason != "" || !q.WithdrawnAt.IsZero() {
			t.Errorf("qualification %d after the migration: %+v", q.ID, q)
		}
	}
	verifyClean(t, s)
	if us, err := s.Redemptions(ctx, lieuInside, 0); err != nil || len(us) != 1 || us[0].PassID != p.ID {
		t.Errorf("redemptions after the migrations: %+v %v", us, err)
	}
	if _, err := s.WithdrawQualification(ctx, lieuInside, "fermé", "compte:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redeem(ctx, store.RedeemRequest{Code: f.passes[1].Code, LieuID: lieuInside, Service: place.ServiceDemarches, AccountID: f.structure,
		Actor: "compte:4", Key: "k2"}); failure.CodeOf(err) != failure.Forbidden {
		t.Errorf("after the withdrawal: %v", err)
	}
	if _, err := s.RequestQualification(ctx, pass.Qualification{LieuID: lieuInside, SIRET: SIRET("4349331230002"), AccountID: f.structure, IBAN: IBAN,
		Status: pass.QualificationApproved}, "compte:1"); err != nil {
		t.Fatalf("qualified again: %v", err)
	}
	if res := f.redeem(t, s, f.passes[1].Code, lieuInside, place.ServiceDemarches, f.structure, "k3"); res.Reason != "" {
		t.Errorf("qualified again: %+v", res)
	}
	verifyClean(t, s)
}
