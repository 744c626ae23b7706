package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"maillage/internal/audit"
)

// appendAudits chains entries to the journal in tx, in order, with one
// read of the journal's head and multi-row inserts (a merge run journals
// thousands of merges; appendAudit is the case of one entry).
func (s *Store) appendAudits(ctx context.Context, tx *Tx, entries []audit.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	if s.dialect.LockAudit != "" {
		if _, err := tx.ExecContext(ctx, s.dialect.LockAudit); err != nil {
			return err
		}
	}
	var prev *audit.Entry
	var p audit.Entry
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&p.Seq, &p.Hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		prev = &p
	}
	if err := audit.CheckFloor(prev, s.dialect.AuditFloor); err != nil {
		return err
	}
	var prevHash string
	if prev != nil {
		prevHash = prev.Hash
	}
	key, err := s.dialect.AuditKeys.SignAfter(prevHash)
	if err != nil {
		return err
	}
	const perInsert = 100 // 10 values each
	for start := 0; start < len(entries); start += perInsert {
		chunk := entries[start:min(start+perInsert, len(entries))]
		args := make([]any, 0, 10*len(chunk))
		for i := range chunk {
			e := &chunk[i]
			if e.At.IsZero() {
				e.At = tx.now
			}
			e.Seal(prev, key)
			prev = e
			args = append(args, e.Seq, ts(e.At), e.Actor, e.Action, e.Kind, e.ObjectID, string(e.Before), string(e.After), e.PrevHash, e.Hash)
		}
		q := `INSERT INTO audit (seq, at, actor, action, kind, object_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)` +
			strings.Repeat(`, (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, len(chunk)-1)
		if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
			return err
		}
	}
	return nil
}
