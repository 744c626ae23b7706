package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"maillage/internal/audit"
	"maillage/internal/store"
)

// appendAudit chains an entry to the journal inside a pgx transaction (an
// import's), as accountsql does inside database/sql ones: the journal is
// locked so that two writers never chain to the same entry.
func appendAudit(ctx context.Context, tx pgx.Tx, e audit.Entry, keys audit.Keyring) error {
	if _, err := tx.Exec(ctx, `LOCK TABLE audit IN EXCLUSIVE MODE`); err != nil {
		return err
	}
	var prev *audit.Entry
	var p audit.Entry
	err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&p.Seq, &p.Hash)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return err
	default:
		prev = &p
	}
	var prevHash string
	if prev != nil {
		prevHash = prev.Hash
	}
	key, err := keys.SignAfter(prevHash)
	if err != nil {
		return err
	}
	e.Seal(prev, key)
	_, err = tx.Exec(ctx, `INSERT INTO audit (seq, at, actor, action, kind, object_id, before, after, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.Seq, store.FormatTime(e.At), e.Actor, e.Action, e.Kind, e.ObjectID, string(e.Before), string(e.After), e.PrevHash, e.Hash)
	return err
}
