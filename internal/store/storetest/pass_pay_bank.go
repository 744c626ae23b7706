package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassPayNeedsBankDetails: a statement whose payee has no IBAN (a
// place qualified before bank details were required) cannot be marked
// paid; once the place is qualified again with an IBAN (withdrawal, new
// qualification), that earlier statement is paid to the new account
// (review 10N round 2, finding 2). The order's dashboard tells what was
// paid from what is still due (finding 3).
func testPassPayNeedsBankDetails(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	c.Set(time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC))
	f := newPassFixture(t, s, 1, 2, 1)
	const lieu = "pn-reims-sans-iban"
	l := Sample(lieu)
	l.Pivot = SIRET("5522334450001")
	put(t, s, "hub", l)
	if _, err := s.RequestQualification(ctx, pass.Qualification{LieuID: lieu, SIRET: l.Pivot, AccountID: f.stranger, Status: pass.QualificationApproved}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if res := f.redeem(t, s, f.passes[0].Code, lieu, place.ServiceDemarches, f.stranger, "k"); res.Reason != "" {
		t.Fatalf("redemption: %+v", res)
	}
	c.Set(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC))
	sts, err := s.IssueStatements(ctx, "2026-12", "compte:1")
	if err != nil || len(sts) != 1 || sts[0].LieuID != lieu {
		t.Fatalf("statements: %+v %v", sts, err)
	}
	// A redemption in January: on no statement yet.
	if res := f.redeem(t, s, f.passes[1].Code, lieuInside, place.ServiceDemarches, f.structure, "k2"); res.Reason != "" {
		t.Fatalf("January's redemption: %+v", res)
	}
	dashboard := func(paid, due int64) {
		t.Helper()
		rows, err := s.Dashboard(ctx, store.DashboardFilter{By: store.ByOrder})
		if err != nil || len(rows) != 1 || rows[0].UsedCents != 2000 || rows[0].PaidCents != paid || rows[0].DueCents != due {
			t.Errorf("order's dashboard: %+v %v; want used 2000, paid %d, due %d", rows, err, paid, due)
		}
	}
	dashboard(0, 2000)
	err = s.MarkPaid(ctx, sts[0].ID, "VIR-2027-001", "compte:1")
	if failure.CodeOf(err) != failure.Conflict || !strings.Contains(failure.MessageOf(err), "Le lieu "+lieu+" n'a pas de coordonnées bancaires : ") {
		t.Fatalf("paying a statement without IBAN: %v; want a French conflict naming the place", err)
	}
	if got, err := s.Statement(ctx, sts[0].ID); err != nil || got.Paid {
		t.Fatalf("after the refusal: %+v %v; want not paid", got, err)
	}
	// The structure's way to bank details: withdrawal, then a new qualification.
	if _, err := s.WithdrawQualification(ctx, lieu, "coordonnées bancaires", "compte:1"); err != nil {
		t.Fatal(err)
	}
	c.Set(time.Date(2027, 1, 5, 9, 0, 0, 0, time.UTC))
	if _, err := s.RequestQualification(ctx, pass.Qualification{LieuID: lieu, SIRET: l.Pivot, AccountID: f.stranger, IBAN: IBAN, Holder: "EPN de Reims", Status: pass.QualificationApproved}, "compte:1"); err != nil {
		t.Fatal(err)
	}
	qs, err := s.Qualifications(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if q, ok := pass.PayeeOf(qs, lieu, sts[0].IssuedAt); !ok || q.IBAN != IBAN || q.Holder != "EPN de Reims" {
		t.Errorf("payee of the earlier statement: %+v %v; want the new qualification's bank details", q, ok)
	}
	if err := s.MarkPaid(ctx, sts[0].ID, "VIR-2027-001", "compte:1"); err != nil {
		t.Fatalf("paying once the place has bank details: %v", err)
	}
	dashboard(1000, 1000)
	verifyClean(t, s)
}
