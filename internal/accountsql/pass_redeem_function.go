package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"maillage/internal/pass"
	"maillage/internal/store"
)

// On PostgreSQL a redemption is one call of pass_utiliser (migration 034),
// in its own transaction: the idempotency look-up, the account's right to
// act for the place, the pass locked and the facts pass.Check needs, and,
// when the redemption is accepted, its four rows. The statements of Redeem
// cost one round trip each, ~11 per redemption, and the round trips were
// most of a redemption's time (pprof: a third of the server's CPU in the
// system calls of pgx's reads and writes). A refusal is judged here, with
// pass.Check on the facts the function read, and its answer recorded by a
// second statement: refusals are rare, and their answer is not the
// database's to write.

const sqlRedeemFunction = `SELECT issue, empreinte_donnee, reponse_donnee, id_pass, id_commande, id_carnet, valeur, etat_pass,
	qualifie, dans_perimetre, id_utilisation FROM pass_utiliser(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// Issues of pass_utiliser.
const (
	issueReplay    = "rejoue"
	issueNotActing = "non_habilite"
	issueRefused   = "refus"
	issueRedeemed  = "utilise"
)

// redeemByFunction is Redeem through pass_utiliser.
func (s *Store) redeemByFunction(ctx context.Context, r store.RedeemRequest, key, code, shown, hash string) (store.RedeemResult, error) {
	for attempt := 0; ; attempt++ {
		res, err := s.redeemOnce(ctx, r, key, code, shown, hash)
		// The same key sent twice at once: the second waited for the
		// first's pass or idempotency row and found the key taken; it now
		// replays the first's answer.
		if err != nil && isUnique(err) && attempt < 3 {
			continue
		}
		return res, wrap("utilisation", nil, err)
	}
}

func (s *Store) redeemOnce(ctx context.Context, r store.RedeemRequest, key, code, shown, hash string) (store.RedeemResult, error) {
	now := s.now().UTC()
	day := pass.Day(now)
	res := store.RedeemResult{Code: shown}
	var (
		issue                                      string
		stored, answer, state                      sql.NullString
		passID, orderID, carnetID, value, redeemed sql.NullInt64
		qualified, inside                          bool
	)
	err := s.db.QueryRowContext(ctx, s.q(sqlRedeemFunction), r.AccountID, key, hash, shown, code, r.LieuID, r.Service, r.AnyLieu,
		day, ts(now), r.Actor).Scan(&issue, &stored, &answer, &passID, &orderID, &carnetID, &value, &state, &qualified, &inside, &redeemed)
	if err != nil {
		return res, err
	}
	switch issue {
	case issueReplay:
		return replay(res, hash, stored.String, answer.String)
	case issueNotActing:
		return res, errNotActing
	case issueRefused, issueRedeemed:
	default:
		return res, fmt.Errorf("pass_utiliser : issue inconnue %q", issue)
	}
	a := pass.Attempt{Service: r.Service, Day: day, Qualified: qualified, Inside: inside}
	if passID.Valid {
		o, err := s.order(ctx, s.rdb, orderID.Int64)
		if err != nil {
			return res, err
		}
		a.Pass = &pass.Pass{ID: passID.Int64, Code: code, OrderID: orderID.Int64, CarnetID: carnetID.Int64, ValueCents: value.Int64,
			State: pass.State(state.String)}
		a.Order = &o
	}
	res.Reason, res.Message = pass.Check(a)
	// The function and pass.Check judge alike (storetest's Circuit and
	// Check run every reason on both engines); a difference is a bug,
	// said loudly. A redemption the function recorded stays recorded (the
	// database's constraints accepted it) and its key replays it.
	if (issue == issueRedeemed) != (res.Reason == "") {
		return res, fmt.Errorf("pass_utiliser (%s) et pass.Check (%q) ne jugent pas pareil le pass %s", issue, res.Reason, code)
	}
	if issue == issueRedeemed {
		res.Redemption = &pass.Redemption{ID: redeemed.Int64, PassID: a.Pass.ID, Code: code, OrderID: a.Order.ID, LieuID: r.LieuID,
			Service: r.Service, Day: day, At: now, AccountID: r.AccountID, ValueCents: a.Pass.ValueCents}
		return res, nil
	}
	body, err := json.Marshal(res)
	if err != nil {
		return res, err
	}
	_, err = s.db.ExecContext(ctx, s.q(sqlRedeemAnswer), r.AccountID, key, hash, string(body), ts(now))
	return res, err
}

// replay is the answer stored for a key: given again when the request is
// the same (its fingerprint hash), cle_reutilisee otherwise.
func replay(res store.RedeemResult, hash, stored, answer string) (store.RedeemResult, error) {
	if stored != hash {
		res.Reason, res.Message = pass.CleReutilisee, pass.CleReutilisee.Message()
		return res, nil
	}
	if err := json.Unmarshal([]byte(answer), &res); err != nil {
		return res, err
	}
	res.Replayed = true
	return res, nil
}
