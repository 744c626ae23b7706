package sourcesql

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"maillage/internal/store"
)

// LeaseHolder tells who holds a lease that has not expired.
func (s *Store) LeaseHolder(ctx context.Context, name string) (string, error) {
	var holder string
	err := s.Tx(ctx, func(tx *sql.Tx, now string) error {
		err := tx.QueryRowContext(ctx, s.Q(`SELECT detenteur FROM baux WHERE nom = ? AND expire_le > ?`), name, now).Scan(&holder)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return holder, err
}

// TakeOverLease gives a lease held by from (expired or not) to holder, in
// one statement.
func (s *Store) TakeOverLease(ctx context.Context, name, from, holder string, ttl time.Duration) (bool, error) {
	var ok bool
	err := s.Tx(ctx, func(tx *sql.Tx, now string) error {
		until := store.FormatTime(store.ParseTime(now).Add(ttl))
		res, err := tx.ExecContext(ctx, s.Q(`UPDATE baux SET detenteur = ?, expire_le = ? WHERE nom = ? AND detenteur = ?`), holder, until, name, from)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}
