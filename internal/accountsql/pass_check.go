package accountsql

import (
	"context"
	"strings"

	"maillage/internal/pass"
	"maillage/internal/store"
)

// CheckRedemption says what Redeem would answer now, writing nothing.
func (s *Store) CheckRedemption(ctx context.Context, r store.RedeemRequest) (store.RedeemResult, error) {
	code := pass.Canonical(r.Code, pass.KindPass)
	res := store.RedeemResult{Code: code}
	if code == "" {
		if res.Code = strings.TrimSpace(r.Code); len(res.Code) > 64 {
			res.Code = res.Code[:64]
		}
	}
	a, err := s.attempt(ctx, s.rdb, r, code, pass.Day(s.now()), "")
	if err != nil {
		return res, wrap("vérification", nil, err)
	}
	res.Reason, res.Message = pass.Check(a)
	// The service is the last check: without one, the rest holds.
	if r.Service == "" && res.Reason == pass.ServiceNonAutorise {
		res.Reason, res.Message = "", ""
	}
	return res, nil
}
