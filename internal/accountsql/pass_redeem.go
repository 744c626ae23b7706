package accountsql

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// MaxKeyLength bounds an Idempotency-Key.
const MaxKeyLength = 200

var errNotActing = failure.Errorf(failure.Forbidden, "Ce compte n'agit pas pour ce lieu : seuls les comptes de la structure qualifiée (qualification ou revendication acceptée) y utilisent des pass.")

// The statements of a redemption (prepared once on SQLite: prepareHot).
const (
	sqlRedeemKey       = `SELECT empreinte, reponse FROM pass_idempotence WHERE compte = ? AND cle = ?`
	sqlRedeemClaims    = `SELECT count(*) FROM revendications WHERE lieu_id = ? AND compte = ? AND statut = ?`
	sqlRedeemQualifier = `SELECT count(*) FROM pass_qualifications WHERE lieu_id = ? AND compte = ? AND statut = ?`
	sqlRedeemPass      = `SELECT id, commande, carnet, valeur_centimes, etat FROM pass WHERE code = ?`
	sqlRedeemQualified = `SELECT count(*) FROM pass_qualifications WHERE lieu_id = ? AND statut = ?`
	// The place inside one of the order's zones now: its commune (or the
	// commune of its arrondissement), département or EPCI as lieux and the
	// referential say at this moment (migration 039's view, which the
	// database's trigger pass_utilisations_perimetre reads alike).
	sqlRedeemInside = `SELECT count(*) FROM pass_lieux_territoire t JOIN pass_commande_zones z ON z.commande = ?
			AND ((z.type = 'commune' AND z.code IN (t.commune, t.commune_parente)) OR (z.type = 'departement' AND z.code = t.departement)
			  OR (z.type = 'epci' AND z.code = t.epci))
		WHERE t.lieu_id = ?`
	sqlRedeemInsert = `INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	sqlRedeemState  = `UPDATE pass SET etat = 'utilise' WHERE id = ?`
	sqlRedeemEvent  = `INSERT INTO pass_evenements (pass, type, actor, at) VALUES (?, 'utilise', ?, ?)`
	sqlRedeemAnswer = `INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (?, ?, ?, ?, ?)`
)

// errRolesApart: a financeur or distributeur account never redeems a pass
// (migration 038's trigger on pass_utilisations, both engines), nor does
// the account that ordered the pass's order or holds its carnet, whatever
// its role now (migration 045).
var errRolesApart = failure.Errorf(failure.Forbidden, "Un compte de financeur ou de distributeur du Pass numérique n'encaisse pas de pass, même pour un lieu qu'il représente : les rôles restent séparés. Encaissez avec un compte de la structure qualifiée.")

// errStatementIssued: the place's statement of the redemption's month is
// issued (the database's trigger on pass_utilisations, both engines). The
// store issues a month's statements only once it is over; this is left
// for a clock that runs behind another instance's.
var errStatementIssued = failure.Errorf(failure.Conflict, "Le relevé de ce lieu pour le mois en cours est déjà émis : aucun pass ne s'y ajoute plus. Vérifiez la date et l'heure du serveur, et prévenez l'administrateur du Pass numérique.")

// Redeem redeems a pass, idempotent by (account, key).
func (s *Store) Redeem(ctx context.Context, r store.RedeemRequest) (store.RedeemResult, error) {
	res, err := s.redeem(ctx, r)
	switch {
	case err == nil:
	case strings.Contains(err.Error(), "un compte financeur ou distributeur n'utilise pas de pass"):
		return store.RedeemResult{}, errRolesApart
	case strings.Contains(err.Error(), "le relevé de ce mois est émis"):
		return store.RedeemResult{}, errStatementIssued
	}
	return res, err
}

func (s *Store) redeem(ctx context.Context, r store.RedeemRequest) (store.RedeemResult, error) {
	key := strings.TrimSpace(r.Key)
	if key == "" || len(key) > MaxKeyLength {
		return store.RedeemResult{}, failure.Errorf(failure.Invalid, "Clé d'idempotence (Idempotency-Key) manquante ou trop longue (%d caractères au plus).", MaxKeyLength)
	}
	if r.AccountID <= 0 {
		return store.RedeemResult{}, failure.Errorf(failure.Invalid, "Le compte qui utilise le pass est obligatoire.")
	}
	code := pass.Canonical(r.Code, pass.KindPass)
	shown := code
	if shown == "" {
		shown = strings.TrimSpace(r.Code)
		if len(shown) > 64 {
			shown = shown[:64]
		}
	}
	sum := sha256.Sum256([]byte(shown + "\x00" + r.LieuID + "\x00" + r.Service))
	hash := hex.EncodeToString(sum[:])
	if s.dialect.RedeemFunction {
		return s.redeemByFunction(ctx, r, key, code, shown, hash)
	}
	s.prepareHot(ctx, sqlRedeemKey, sqlRedeemClaims, sqlRedeemQualifier, sqlRedeemPass+s.dialect.ForUpdate, sqlRedeemQualified,
		sqlRedeemInside, sqlRedeemInsert, sqlRedeemState, sqlRedeemEvent, sqlRedeemAnswer)
	var res store.RedeemResult
	var err error
	for attempt := 0; ; attempt++ {
		err = s.tx(ctx, func(tx *Tx) error {
			var err error
			res, err = s.redeemIn(ctx, tx, r, key, code, shown, hash)
			return err
		})
		// The same key sent twice at once: the second waited for the
		// first's idempotency row and found it taken; it now replays it.
		if err != nil && isUnique(err) && attempt < 3 {
			continue
		}
		break
	}
	return res, wrap("utilisation", nil, err)
}

func (s *Store) redeemIn(ctx context.Context, tx *Tx, r store.RedeemRequest, key, code, shown, hash string) (store.RedeemResult, error) {
	res := store.RedeemResult{Code: shown}
	var stored, answer string
	err := tx.QueryRowContext(ctx, s.q(sqlRedeemKey), r.AccountID, key).Scan(&stored, &answer)
	switch {
	case err == nil:
		return replay(res, hash, stored, answer)
	case !errors.Is(err, sql.ErrNoRows):
		return res, err
	}
	a, err := s.attempt(ctx, tx, r, code, pass.Day(tx.now), s.dialect.ForUpdate)
	if err != nil {
		return res, err
	}
	res.Reason, res.Message = pass.Check(a)
	if res.Reason == "" {
		u := pass.Redemption{PassID: a.Pass.ID, Code: code, OrderID: a.Order.ID, LieuID: r.LieuID, Service: r.Service, Day: a.Day,
			At: tx.now, AccountID: r.AccountID, ValueCents: a.Pass.ValueCents}
		if err := tx.QueryRowContext(ctx, s.q(sqlRedeemInsert),
			u.PassID, u.OrderID, u.ValueCents, u.LieuID, u.Service, u.Day, a.Order.LastDay(), ts(tx.now), u.AccountID, key).Scan(&u.ID); err != nil {
			return res, err
		}
		if _, err := tx.ExecContext(ctx, s.q(sqlRedeemState), u.PassID); err != nil {
			return res, err
		}
		if _, err := tx.ExecContext(ctx, s.q(sqlRedeemEvent), u.PassID, r.Actor, ts(tx.now)); err != nil {
			return res, err
		}
		res.Redemption = &u
	}
	body, err := json.Marshal(res)
	if err != nil {
		return res, err
	}
	_, err = tx.ExecContext(ctx, s.q(sqlRedeemAnswer), r.AccountID, key, hash, string(body), ts(tx.now))
	return res, err
}

// attemptQuerier reads within a transaction (Redeem) or from the read
// pool (CheckRedemption).
type attemptQuerier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// attempt reads what pass.Check needs to judge a redemption of the pass
// whose canonical code is code ("" when invalid) on day, after checking
// that the account acts for the place (errNotActing) unless AnyLieu; lock
// is appended to the read of the pass (FOR UPDATE in a redemption).
func (s *Store) attempt(ctx context.Context, q attemptQuerier, r store.RedeemRequest, code, day, lock string) (pass.Attempt, error) {
	a := pass.Attempt{Service: r.Service, Day: day}
	if !r.AnyLieu {
		var n int
		if err := q.QueryRowContext(ctx, s.q(sqlRedeemClaims), r.LieuID, r.AccountID, store.StatusApproved).Scan(&n); err != nil {
			return a, err
		}
		if n == 0 {
			// Only an approved qualification: a withdrawn one's account no
			// longer acts for the place, even once another structure has it
			// qualified again (review 10A2 major 2).
			if err := q.QueryRowContext(ctx, s.q(sqlRedeemQualifier), r.LieuID, r.AccountID, pass.QualificationApproved).Scan(&n); err != nil {
				return a, err
			}
		}
		if n == 0 {
			return a, errNotActing
		}
	}
	if code != "" {
		p := pass.Pass{Code: code}
		var st string
		err := q.QueryRowContext(ctx, s.q(sqlRedeemPass+lock), code).Scan(&p.ID, &p.OrderID, &p.CarnetID, &p.ValueCents, &st)
		switch {
		case err == nil:
			p.State = pass.State(st)
			o, err := s.order(ctx, q, p.OrderID)
			if err != nil {
				return a, err
			}
			a.Pass, a.Order = &p, &o
		case !errors.Is(err, sql.ErrNoRows):
			return a, err
		}
	}
	if a.Pass != nil {
		var n int
		if err := q.QueryRowContext(ctx, s.q(sqlRedeemQualified), r.LieuID, pass.QualificationApproved).Scan(&n); err != nil {
			return a, err
		}
		a.Qualified = n > 0
		if err := q.QueryRowContext(ctx, s.q(sqlRedeemInside), a.Order.ID, r.LieuID).Scan(&n); err != nil {
			return a, err
		}
		a.Inside = n > 0
	}
	return a, nil
}

const redemptionColumns = `u.id, u.pass, p.code, u.commande, u.lieu_id, u.service, u.jour, u.at, u.compte, u.valeur_centimes`

func scanRedemption(scan func(...any) error) (pass.Redemption, error) {
	var u pass.Redemption
	var at string
	err := scan(&u.ID, &u.PassID, &u.Code, &u.OrderID, &u.LieuID, &u.Service, &u.Day, &at, &u.AccountID, &u.ValueCents)
	u.At = parseTS(at)
	return u, err
}

// Redemptions lists redemptions.
func (s *Store) Redemptions(ctx context.Context, lieuID string, orderID int64) ([]pass.Redemption, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+redemptionColumns+` FROM pass_utilisations u JOIN pass p ON p.id = u.pass
		WHERE (? = '' OR u.lieu_id = ?) AND (? = 0 OR u.commande = ?) ORDER BY u.id`), lieuID, lieuID, orderID, orderID)
	if err != nil {
		return nil, wrap("utilisations", nil, err)
	}
	defer rows.Close()
	var out []pass.Redemption
	for rows.Next() {
		u, err := scanRedemption(rows.Scan)
		if err != nil {
			return nil, wrap("utilisations", nil, err)
		}
		out = append(out, u)
	}
	return out, wrap("utilisations", nil, rows.Err())
}
