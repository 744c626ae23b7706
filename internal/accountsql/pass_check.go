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
	// A redemption that passes every check is refused last by the
	// database when the account orders or hands passes (migration 038):
	// Redeem answers errRolesApart, and so does « Vérifier ».
	if res.Reason == "" {
		var n int
		if err := s.rdb.QueryRowContext(ctx, s.q(`SELECT count(*) FROM comptes WHERE id = ? AND role IN ('financeur', 'distributeur')`), r.AccountID).Scan(&n); err != nil {
			return res, wrap("vérification", nil, err)
		}
		if n > 0 {
			return res, errRolesApart
		}
	}
	return res, nil
}
