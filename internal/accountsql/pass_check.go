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
	now := s.now()
	a, err := s.attempt(ctx, s.rdb, r, code, pass.Day(now), "")
	if err != nil {
		return res, wrap("vérification", nil, err)
	}
	res.Reason, res.Message = pass.Check(a)
	// The service is the last check: without one, the rest holds.
	if r.Service == "" && res.Reason == pass.ServiceNonAutorise {
		res.Reason, res.Message = "", ""
	}
	// A redemption that passes every check is refused last by the
	// database when the account orders or hands passes (migration 038),
	// ordered this pass's order or holds its carnet (migration 045), or
	// when the place's statement of the month is issued: Redeem answers
	// errRolesApart or errStatementIssued, and so does « Vérifier ».
	if res.Reason == "" {
		var roles, statements int
		if err := s.rdb.QueryRowContext(ctx, s.q(`SELECT (SELECT count(*) FROM comptes WHERE id = ? AND role IN ('financeur', 'distributeur'))
				+ (SELECT count(*) FROM pass p JOIN pass_commandes c ON c.id = p.commande LEFT JOIN pass_carnets k ON k.id = p.carnet
					WHERE p.code = ? AND (c.financeur = ? OR k.distributeur = ?)),
			(SELECT count(*) FROM pass_releves WHERE lieu_id = ? AND mois = ?)`), r.AccountID, code, r.AccountID, r.AccountID, r.LieuID, pass.Month(now)).Scan(&roles, &statements); err != nil {
			return res, wrap("vérification", nil, err)
		}
		switch {
		case roles > 0:
			return res, errRolesApart
		case statements > 0:
			return res, errStatementIssued
		}
	}
	return res, nil
}
