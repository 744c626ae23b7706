package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassCheck: CheckRedemption gives Redeem's reason without redeeming
// (the counter's « Vérifier »), and without a service checks the rest.
func testPassCheck(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 2, 1)
	injected, issued := f.passes[0], f.passes[2]
	demarches := place.ServiceDemarches
	for _, tt := range []struct {
		name       string
		code, lieu string
		service    string
		who        int64
		anyLieu    bool
		want       pass.Reason
	}{
		{"valid", injected.Code, lieuInside, demarches, f.structure, false, ""},
		{"valid, no service yet", injected.Code, lieuInside, "", f.structure, false, ""},
		{"service not paid for", injected.Code, lieuInside, place.ServiceLoisirs, f.structure, false, pass.ServiceNonAutorise},
		{"typo", injected.Code[:len(injected.Code)-2] + "-" + otherCheck(injected.Code), lieuInside, "", f.structure, false, pass.CodeInvalide},
		{"not handed", issued.Code, lieuInside, "", f.structure, false, pass.BloqueR},
		{"outside", injected.Code, lieuOutside, "", f.outsider, false, pass.HorsPerimetre},
		{"administrator, any place", injected.Code, lieuOutside, "", f.admin, true, pass.HorsPerimetre},
	} {
		res, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: tt.code, LieuID: tt.lieu, Service: tt.service, AccountID: tt.who, AnyLieu: tt.anyLieu})
		if err != nil || res.Reason != tt.want || (res.Reason != "") != (res.Message != "") || res.Redemption != nil {
			t.Errorf("%s: %+v, %v; want %q", tt.name, res, err, tt.want)
		}
	}
	if _, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: injected.Code, LieuID: lieuInside, AccountID: f.stranger}); !errors.Is(err, failure.ErrForbidden) {
		t.Errorf("checked by an account that does not act for the place: %v", err)
	}
	// Checking redeems nothing: the pass is still injecte, and redeemable.
	if d, err := s.PassByCode(ctx, injected.Code); err != nil || d.Pass.State != pass.Injecte {
		t.Fatalf("after checks: %+v %v", d.Pass, err)
	}
	if res := f.redeem(t, s, injected.Code, lieuInside, demarches, f.structure, "k"); res.Reason != "" {
		t.Fatalf("redeem after checks: %+v", res)
	}
	if res, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: injected.Code, LieuID: lieuInside, AccountID: f.structure}); err != nil || res.Reason != pass.DejaUtilise {
		t.Errorf("check of a used pass: %+v %v", res, err)
	}
	// The store's clock decides the day.
	c.Set(time.Date(2027, 1, 31, 23, 30, 0, 0, time.UTC)) // 1 February in Paris
	if res, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: f.passes[1].Code, LieuID: lieuInside, AccountID: f.structure}); err != nil || res.Reason != pass.Expire {
		t.Errorf("check after the tolerance: %+v %v", res, err)
	}
	verifyClean(t, s)
}
