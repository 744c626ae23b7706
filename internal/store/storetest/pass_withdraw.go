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
)

// testPassWithdraw: a qualification withdrawn (with a reason, journaled)
// refuses the place's redemptions afterwards with lieu_non_qualifie, by
// the store and by the database itself; its past redemption and its
// statement stay; the account that acted for it no longer does, but still
// sees its money; a withdrawn qualification never changes again; a new
// request for the place and the SIRET is possible, and once approved the
// place redeems again.
func testPassWithdraw(t *testing.T, s store.Store, c *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 4, 2)
	if res := f.redeem(t, s, f.passes[0].Code, lieuInside, place.ServiceDemarches, f.structure, "avant"); res.Reason != "" {
		t.Fatalf("before the withdrawal: %+v", res)
	}
	if _, err := s.WithdrawQualification(ctx, lieuInside, "  ", "compte:1"); failure.CodeOf(err) != failure.Invalid {
		t.Errorf("a withdrawal without a reason: %v", err)
	}
	if _, err := s.WithdrawQualification(ctx, "pn-nulle-part", "fermé", "compte:1"); failure.CodeOf(err) != failure.Conflict {
		t.Errorf("withdrawing a place never qualified: %v", err)
	}
	c.Set(time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC))
	q, err := s.WithdrawQualification(ctx, lieuInside, "Le lieu a fermé ses ateliers.", "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != pass.QualificationWithdrawn || q.WithdrawnReason != "Le lieu a fermé ses ateliers." || q.WithdrawnBy != "compte:1" ||
		!q.WithdrawnAt.Equal(c.Now()) || q.LieuID != lieuInside || q.DecidedBy == "" {
		t.Errorf("the withdrawn qualification: %+v", q)
	}
	if _, err := s.WithdrawQualification(ctx, lieuInside, "encore", "compte:1"); failure.CodeOf(err) != failure.Conflict {
		t.Errorf("withdrawing twice: %v", err)
	}
	// Refused afterwards by Check and Redeem: the withdrawn
	// qualification's account no longer acts for the place (review 10A2
	// major 2), and the place itself is no longer qualified.
	req := store.RedeemRequest{Code: f.passes[1].Code, LieuID: lieuInside, Service: place.ServiceDemarches, AccountID: f.structure, Actor: "compte:5", Key: "apres"}
	notActing := func(when string) {
		t.Helper()
		if res, err := s.CheckRedemption(ctx, req); failure.CodeOf(err) != failure.Forbidden || strings.Contains(failure.MessageOf(err), "rôles") {
			t.Errorf("Check by the withdrawn qualification's account %s: %+v %v", when, res, err)
		}
		if res, err := s.Redeem(ctx, req); failure.CodeOf(err) != failure.Forbidden || strings.Contains(failure.MessageOf(err), "rôles") {
			t.Errorf("Redeem by the withdrawn qualification's account %s: %+v %v", when, res, err)
		}
	}
	notActing("after the withdrawal")
	admin := req
	admin.AnyLieu, admin.AccountID, admin.Key = true, f.admin, "admin"
	req = admin
	if res, err := s.Redeem(ctx, req); err != nil || res.Reason != pass.LieuNonQualifie {
		t.Errorf("an administrator's redemption after the withdrawal: %+v %v", res, err)
	}
	// By the database itself: the (order, place) pair is still there (the
	// past redemption holds it), the qualification is not.
	if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (%d, 'brut', 'h', '{}', 'x')`, f.structure)); err != nil {
		t.Fatal(err)
	}
	raw := fmt.Sprintf(`INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
		VALUES (%d, %d, 1000, '%s', '%s', '2026-12-10', '2027-01-31', '2026-12-10T15:00:00.000000000Z', %d, 'brut')`,
		f.passes[2].ID, f.order.ID, lieuInside, place.ServiceDemarches, f.structure)
	if err := exec(t, s, raw); err == nil {
		t.Errorf("the database took a redemption by a place whose qualification is withdrawn")
	}
	for what, query := range map[string]string{
		"a withdrawal undone":   fmt.Sprintf(`UPDATE pass_qualifications SET statut = 'acceptee', retire_at = '', retrait_motif = '', retire_par = '' WHERE id = %d`, q.ID),
		"a reason rewritten":    fmt.Sprintf(`UPDATE pass_qualifications SET retrait_motif = 'autre' WHERE id = %d`, q.ID),
		"a withdrawal deleted":  fmt.Sprintf(`DELETE FROM pass_qualifications WHERE id = %d`, q.ID),
		"a withdrawal unsigned": fmt.Sprintf(`UPDATE pass_qualifications SET statut = 'retiree', retire_at = 'x' WHERE lieu_id = '%s'`, lieuOutside),
	} {
		if err := exec(t, s, query); err == nil {
			t.Errorf("%s: taken by the database", what)
		}
	}
	// The place is no longer qualified nor acted for; its money still shows.
	if ids, err := s.QualifiedLieux(ctx); err != nil || slices.Contains(ids, lieuInside) {
		t.Errorf("QualifiedLieux = %v, %v", ids, err)
	}
	if ls, err := s.LieuxActedFor(ctx, f.structure); err != nil || len(ls) != 0 {
		t.Errorf("LieuxActedFor(the structure) = %v, %v", ls, err)
	}
	if ls, err := s.LieuxPaidTo(ctx, f.structure); err != nil || !slices.Equal(ls, []string{lieuInside}) {
		t.Errorf("LieuxPaidTo(the structure) = %v, %v", ls, err)
	}
	if ls, err := s.LieuxPaidTo(ctx, f.stranger); err != nil || len(ls) != 0 {
		t.Errorf("LieuxPaidTo(a stranger) = %v, %v", ls, err)
	}
	if qs, err := s.Qualifications(ctx, pass.QualificationWithdrawn); err != nil || len(qs) != 1 || qs[0].ID != q.ID || qs[0].WithdrawnReason != q.WithdrawnReason {
		t.Errorf("Qualifications(retiree) = %+v, %v", qs, err)
	}
	// A new request (same SIRET, another account), approved: redeems again.
	again, err := s.RequestQualification(ctx, pass.Qualification{LieuID: lieuInside, SIRET: SIRET("4349331230002"), AccountID: f.stranger, IBAN: IBAN}, "compte:9")
	if err != nil {
		t.Fatalf("a new request after the withdrawal: %v", err)
	}
	if err := s.DecideQualification(ctx, again.ID, pass.QualificationApproved, "compte:1"); err != nil {
		t.Fatal(err)
	}
	c.Set(time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC))
	if res := f.redeem(t, s, f.passes[3].Code, lieuInside, place.ServiceDemarches, f.stranger, "requalifie"); res.Reason != "" || res.Redemption == nil {
		t.Errorf("after a new qualification: %+v", res)
	}
	if ls, err := s.LieuxActedFor(ctx, f.stranger); err != nil || !slices.Equal(ls, []string{lieuInside}) {
		t.Errorf("LieuxActedFor(the new account) = %v, %v", ls, err)
	}
	// The withdrawn qualification's account still does not act for the
	// place qualified again for another structure (review 10A2 major 2).
	req = store.RedeemRequest{Code: f.passes[2].Code, LieuID: lieuInside, Service: place.ServiceDemarches, AccountID: f.structure, Actor: "compte:5", Key: "apres-requalifie"}
	notActing("once the place is qualified again for another account")
	if ls, err := s.LieuxActedFor(ctx, f.structure); err != nil || len(ls) != 0 {
		t.Errorf("LieuxActedFor(the withdrawn account) once qualified again = %v, %v", ls, err)
	}
	// The past redemption and the month's statement.
	us, err := s.Redemptions(ctx, lieuInside, 0)
	if err != nil || len(us) != 2 || us[0].Code != f.passes[0].Code {
		t.Errorf("the place's redemptions: %+v %v", us, err)
	}
	c.Set(time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC))
	sts, err := s.IssueStatements(ctx, "2026-12", "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sts {
		if st.LieuID == lieuInside && (st.Passes != 2 || st.TotalCents != 2000) {
			t.Errorf("the place's statement of December: %+v", st)
		}
	}
	verifyClean(t, s)
}
