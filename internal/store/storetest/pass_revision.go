package storetest

import (
	"context"
	"testing"

	"maillage/internal/pass"
	"maillage/internal/store"
)

// testPassQualificationsRevision: every change of the qualifications (a
// request, a decision) moves store.Revision.Qualifications, which the
// servers follow; reading it moves nothing, nor does a change of a place.
func testPassQualificationsRevision(t *testing.T, s store.Store, _ *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 1, 0)
	rev := func() int64 {
		t.Helper()
		r, err := s.Revision(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r.Qualifications
	}
	start := rev()
	if start == 0 {
		t.Errorf("two qualifications recorded, revision still 0")
	}
	if again := rev(); again != start {
		t.Errorf("reading moved the revision: %d then %d", start, again)
	}
	other := Sample("pn-epernay")
	put(t, s, "hub", other)
	if r := rev(); r != start {
		t.Errorf("a place's change moved the qualifications' revision: %d then %d", start, r)
	}
	q, err := s.RequestQualification(ctx, pass.Qualification{LieuID: "pn-epernay", SIRET: SIRET("5555555555550"), AccountID: f.stranger, IBAN: IBAN}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	asked := rev()
	if asked <= start {
		t.Errorf("a request: revision %d then %d", start, asked)
	}
	if err := s.DecideQualification(ctx, q.ID, pass.QualificationApproved, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if decided := rev(); decided <= asked {
		t.Errorf("a decision: revision %d then %d", asked, decided)
	}
}
