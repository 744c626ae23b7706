package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"iter"
	"time"

	"maillage/internal/audit"
)

// appendAudit chains an entry to the journal, inside the transaction of the change.
func (s *Store) appendAudit(ctx context.Context, tx *Tx, e audit.Entry) error {
	return s.appendAudits(ctx, tx, []audit.Entry{e})
}

// AuditHead is the journal's head now.
func (s *Store) AuditHead(ctx context.Context) (audit.Checkpoint, error) {
	c := audit.Checkpoint{At: s.now().UTC()}
	var first sql.NullString
	err := s.rdb.QueryRowContext(ctx, `SELECT seq, hash, (SELECT hash FROM audit WHERE seq = 1) FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&c.Seq, &c.Hash, &first)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if first.Valid {
		c.Journal = audit.JournalID(first.String)
	}
	return c, wrap("journal", nil, err)
}

// AppendIn chains an entry to the journal inside a transaction the
// adapter began itself (an import), at that transaction's time.
func (s *Store) AppendIn(ctx context.Context, tx *sql.Tx, now time.Time, e audit.Entry) error {
	return s.appendAudit(ctx, &Tx{Tx: tx, now: now}, e)
}

// Record appends an entry to the journal on its own.
func (s *Store) Record(ctx context.Context, e audit.Entry) error {
	return wrap("journal", nil, s.tx(ctx, func(tx *Tx) error { return s.appendAudit(ctx, tx, e) }))
}

const auditColumns = `seq, at, actor, action, kind, object_id, before, after, prev_hash, hash`

func scanAudit(scan func(...any) error) (audit.Entry, error) {
	var e audit.Entry
	var at, before, after string
	err := scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Kind, &e.ObjectID, &before, &after, &e.PrevHash, &e.Hash)
	e.At = parseTS(at)
	if before != "" {
		e.Before = json.RawMessage(before)
	}
	if after != "" {
		e.After = json.RawMessage(after)
	}
	return e, err
}

// Audit returns the journal entries about one object, oldest first.
func (s *Store) Audit(ctx context.Context, kind, id string) ([]audit.Entry, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+auditColumns+` FROM audit WHERE kind = ? AND object_id = ? ORDER BY seq`), kind, id)
	if err != nil {
		return nil, wrap("journal", nil, err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanAudit(rows.Scan)
		if err != nil {
			return nil, wrap("journal", nil, err)
		}
		out = append(out, e)
	}
	return out, wrap("journal", nil, rows.Err())
}

// AuditAll iterates over the whole journal, in order.
func (s *Store) AuditAll(ctx context.Context) iter.Seq2[*audit.Entry, error] {
	return func(yield func(*audit.Entry, error) bool) {
		rows, err := s.rdb.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit ORDER BY seq`)
		if err != nil {
			yield(nil, wrap("journal", nil, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows.Scan)
			if err != nil {
				yield(nil, wrap("journal", nil, err))
				return
			}
			if !yield(&e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, wrap("journal", nil, err))
		}
	}
}
