package accountsql

import (
	"context"
	"strconv"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
)

// UseTOTPStep records that an account used the code of a TOTP step; it
// reports false when that step (or a later one) was already used.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	var n int64
	err := s.tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE comptes SET totp_dernier_pas = ? WHERE id = ? AND totp_dernier_pas < ?`), step, userID, step)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, wrap("code à usage unique", nil, err)
}

// AddLoginToken stores the hash of a sign-in link.
func (s *Store) AddLoginToken(ctx context.Context, hash, email string, expires time.Time) error {
	err := s.exec(ctx, `INSERT INTO jetons_connexion (hash, email, expires_at, used) VALUES (?, ?, ?, 0)`, hash, account.NormalizeEmail(email), ts(expires))
	return wrap("lien de connexion", errLinkInvalid, err)
}

// UseLoginToken consumes a sign-in link: once, before it expires.
func (s *Store) UseLoginToken(ctx context.Context, hash string, now time.Time) (string, error) {
	var email string
	err := s.tx(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, s.q(`UPDATE jetons_connexion SET used = 1 WHERE hash = ? AND used = 0 AND expires_at > ? RETURNING email`), hash, ts(now)).Scan(&email)
	})
	return email, wrap("lien de connexion", errLinkInvalid, err)
}

// AddSession records a signed-in browser.
func (s *Store) AddSession(ctx context.Context, se account.Session) error {
	err := s.exec(ctx, `INSERT INTO sessions (hash, compte, created_at, last_seen_at, revoked) VALUES (?, ?, ?, ?, 0)`,
		se.Hash, se.UserID, ts(se.Created), ts(se.LastSeen))
	return wrap("session", errSessionNotFound, err)
}

// Session returns a session by the hash of its token.
func (s *Store) Session(ctx context.Context, hash string) (account.Session, error) {
	var se account.Session
	var created, seen string
	var revoked int
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT hash, compte, created_at, last_seen_at, revoked FROM sessions WHERE hash = ?`), hash).
		Scan(&se.Hash, &se.UserID, &created, &seen, &revoked)
	se.Created, se.LastSeen, se.Revoked = parseTS(created), parseTS(seen), revoked != 0
	return se, wrap("session", errSessionNotFound, err)
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, hash string, now time.Time) error {
	err := s.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE hash = ?`, ts(now), hash)
	return wrap("session", errSessionNotFound, err)
}

// RevokeSession ends a session.
func (s *Store) RevokeSession(ctx context.Context, hash, actor string) error {
	return wrap("session", errSessionNotFound, s.tx(ctx, func(tx *Tx) error {
		var user int64
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE sessions SET revoked = 1 WHERE hash = ? RETURNING compte`), hash).Scan(&user); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "session.revoquee", Kind: "compte", ObjectID: strconv.FormatInt(user, 10)})
	}))
}

// Sessions lists an account's sessions still open.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]account.Session, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT hash, compte, created_at, last_seen_at, revoked FROM sessions WHERE compte = ? AND revoked = 0 ORDER BY created_at DESC`), userID)
	if err != nil {
		return nil, wrap("sessions", nil, err)
	}
	defer rows.Close()
	var out []account.Session
	for rows.Next() {
		var se account.Session
		var created, seen string
		var revoked int
		if err := rows.Scan(&se.Hash, &se.UserID, &created, &seen, &revoked); err != nil {
			return nil, wrap("sessions", nil, err)
		}
		se.Created, se.LastSeen = parseTS(created), parseTS(seen)
		out = append(out, se)
	}
	return out, wrap("sessions", nil, rows.Err())
}

// DeleteExpired deletes the sign-in links and sessions that can no longer
// be used (see store.Sessions).
func (s *Store) DeleteExpired(ctx context.Context, now time.Time) (links, sessions int64, err error) {
	err = s.tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM jetons_connexion WHERE expires_at <= ?`), ts(now))
		if err != nil {
			return err
		}
		if links, err = res.RowsAffected(); err != nil {
			return err
		}
		res, err = tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE revoked <> 0 OR last_seen_at <= ? OR created_at <= ?`),
			ts(now.Add(-account.SessionIdle)), ts(now.Add(-account.SessionAbsolute)))
		if err != nil {
			return err
		}
		if sessions, err = res.RowsAffected(); err != nil {
			return err
		}
		// Sign-in limits forgotten after a day of quiet, browsers no
		// longer known.
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM limites_connexion WHERE dernier <= ? AND jusqu_a <= ?`), ts(now.Add(-24*time.Hour)), ts(now)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`DELETE FROM appareils_connus WHERE expires_at <= ?`), ts(now))
		return err
	})
	return links, sessions, wrap("nettoyage des sessions", nil, err)
}
