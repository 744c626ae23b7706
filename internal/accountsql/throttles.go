package accountsql

import (
	"context"
	"time"

	"maillage/internal/account"
)

// Throttle reads, changes and stores the throttle of key in one
// transaction (see store.Throttles).
func (s *Store) Throttle(ctx context.Context, key string, next func(account.Throttle) account.Throttle) (account.Throttle, error) {
	var t account.Throttle
	err := s.tx(ctx, func(tx *Tx) error {
		// The row exists before it is read, so that it is locked even the
		// first time (PostgreSQL; SQLite's writers are serialised).
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO limites_connexion (cle, n, depuis, dernier, jusqu_a) VALUES (?, 0, '', '', '') ON CONFLICT (cle) DO NOTHING`), key); err != nil {
			return err
		}
		var since, last, until string
		if err := tx.QueryRowContext(ctx, s.q(`SELECT n, depuis, dernier, jusqu_a FROM limites_connexion WHERE cle = ?`+s.dialect.ForUpdate), key).
			Scan(&t.N, &since, &last, &until); err != nil {
			return err
		}
		t.Since, t.Last, t.Until = parseTS(since), parseTS(last), parseTS(until)
		t = next(t)
		if t.Zero() {
			_, err := tx.ExecContext(ctx, s.q(`DELETE FROM limites_connexion WHERE cle = ?`), key)
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`UPDATE limites_connexion SET n = ?, depuis = ?, dernier = ?, jusqu_a = ? WHERE cle = ?`),
			t.N, ts(t.Since), ts(t.Last), ts(t.Until), key)
		return err
	})
	return t, wrap("limites de connexion", nil, err)
}

// KnowDevice records a browser where an account signed in.
func (s *Store) KnowDevice(ctx context.Context, hash string, userID int64, expires time.Time) error {
	err := s.exec(ctx, `INSERT INTO appareils_connus (hash, compte, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (hash) DO UPDATE SET compte = excluded.compte, expires_at = excluded.expires_at`, hash, userID, ts(expires))
	return wrap("appareil connu", nil, err)
}

// KnownDevice reports whether a browser is known for an account.
func (s *Store) KnownDevice(ctx context.Context, hash string, userID int64, now time.Time) (bool, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT count(*) FROM appareils_connus WHERE hash = ? AND compte = ? AND expires_at > ?`), hash, userID, ts(now)).Scan(&n)
	return n > 0, wrap("appareil connu", nil, err)
}
