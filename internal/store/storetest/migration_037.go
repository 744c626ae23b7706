package storetest

import (
	"context"
	"testing"
	"time"

	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// RunMigration037 builds the Pass numérique's circuit with the schema of
// before withdrawals (migrations up to 036): a qualified place, an order
// whose (order, place) pair names the qualification, a redemption; it
// migrates (SQLite rebuilds pass_qualifications under that pair's foreign
// key) and checks that nothing was lost, that the ledger verifies, and
// that the place can be withdrawn and qualified again. open opens the
// same database at each call.
func RunMigration037(t *testing.T, open Open) {
	ctx := context.Background()
	c := &Clock{}
	c.Set(time.Date(2026, 12, 10, 11, 0, 0, 0, time.UTC))
	old := open(t, store.WithMigrationsUpTo(36), store.WithClock(c.Now))
	f := newPassFixture(t, old, 1, 3, 1)
	if res := f.redeem(t, old, f.passes[0].Code, lieuInside, place.ServiceDemarches, f.structure, "k"); res.Reason != "" {
		t.Fatalf("redemption before the migration: %+v", res)
	}
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
	if _, err := s.WithdrawQualification(ctx, lieuInside, "fermé", "compte:1"); err != nil {
		t.Fatal(err)
	}
	if res := f.redeem(t, s, f.passes[1].Code, lieuInside, place.ServiceDemarches, f.structure, "k2"); res.Reason != pass.LieuNonQualifie {
		t.Errorf("after the withdrawal: %+v", res)
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
