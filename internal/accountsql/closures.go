package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

var _ store.Closures = (*Store)(nil)

const closureColumns = `id, lieu_id, du, au, motif, precision, created_at, created_by`

func scanClosure(scan func(...any) error) (string, place.Closure, error) {
	var c place.Closure
	var lieu, from, to, at string
	if err := scan(&c.ID, &lieu, &from, &to, &c.Reason, &c.Text, &at, &c.By); err != nil {
		return "", c, err
	}
	c.From, _ = place.ParseClosureDay(from)
	c.To, _ = place.ParseClosureDay(to)
	c.At = parseTS(at)
	return lieu, c, nil
}

// closureJSON is a closure as the journal keeps it.
func closureJSON(c place.Closure) []byte {
	m := map[string]any{"fermeture": c.ID, "du": place.FormatClosureDay(c.From), "au": place.FormatClosureDay(c.To), "motif": c.Reason}
	if c.Text != "" {
		m["precision"] = c.Text
	}
	return audit.JSON(m)
}

// touchLieu writes the place's row unchanged, in tx: the change log
// (migration 010's triggers) takes its id, so that every instance reads
// the place, and its closures, again.
func (s *Store) touchLieu(ctx context.Context, tx *Tx, id string) error {
	res, err := tx.ExecContext(ctx, s.q(`UPDATE lieux SET id = id WHERE id = ?`), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errLieuNotFound
	}
	return nil
}

// AddClosure records a closure of a place, journaled.
func (s *Store) AddClosure(ctx context.Context, lieuID string, c place.Closure, actor string) (place.Closure, error) {
	err := s.handTx(ctx, func(tx *Tx) error {
		if _, msg := c.Check(place.Day(tx.now, paris)); msg != "" {
			return failure.Errorf(failure.Invalid, "%s", msg)
		}
		if err := s.touchLieu(ctx, tx, lieuID); err != nil {
			return err
		}
		var open int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM fermetures WHERE lieu_id = ? AND au >= ?`),
			lieuID, place.FormatClosureDay(place.Day(tx.now, paris))).Scan(&open); err != nil {
			return err
		}
		if open >= place.MaxOpenClosures {
			return failure.Errorf(failure.Invalid, "Ce lieu annonce déjà %d fermetures à venir : retirez-en une avant d'en annoncer une autre.", open)
		}
		c.At, c.By = tx.now, actor
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO fermetures (lieu_id, du, au, motif, precision, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			lieuID, place.FormatClosureDay(c.From), place.FormatClosureDay(c.To), c.Reason, c.Text, ts(tx.now), actor).Scan(&c.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: store.ActionClosureAdded, Kind: "lieu", ObjectID: lieuID, After: closureJSON(c)})
	})
	return c, wrap("fermeture", errLieuNotFound, err)
}

var errClosureNotFound = failure.Errorf(failure.NotFound, "Cette fermeture n'existe pas (ou plus) pour ce lieu.")

// RemoveClosure withdraws a closure, journaled with what it said.
func (s *Store) RemoveClosure(ctx context.Context, lieuID string, id int64, actor string) error {
	err := s.handTx(ctx, func(tx *Tx) error {
		_, c, err := scanClosure(tx.QueryRowContext(ctx, s.q(`SELECT `+closureColumns+` FROM fermetures WHERE id = ? AND lieu_id = ?`+s.dialect.ForUpdate), id, lieuID).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return errClosureNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM fermetures WHERE id = ?`), id); err != nil {
			return err
		}
		// The place may be unpublished meanwhile: its closure goes all the same.
		if err := s.touchLieu(ctx, tx, lieuID); err != nil && !errors.Is(err, errLieuNotFound) {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: store.ActionClosureRemoved, Kind: "lieu", ObjectID: lieuID, Before: closureJSON(c)})
	})
	return wrap("fermeture", errClosureNotFound, err)
}

// closureBatch is how many ids one query reads.
const closureBatch = 500

// AllClosures reads the closures of every place.
func (s *Store) AllClosures(ctx context.Context) (map[string][]place.Closure, error) {
	return s.closures(ctx, nil, true)
}

// ClosuresOf reads the closures of places.
func (s *Store) ClosuresOf(ctx context.Context, ids []string) (map[string][]place.Closure, error) {
	return s.closures(ctx, ids, false)
}

func (s *Store) closures(ctx context.Context, ids []string, all bool) (map[string][]place.Closure, error) {
	out := map[string][]place.Closure{}
	read := func(query string, args ...any) error {
		rows, err := s.rdb.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			lieu, c, err := scanClosure(rows.Scan)
			if err != nil {
				return err
			}
			out[lieu] = append(out[lieu], c)
		}
		return rows.Err()
	}
	const order = ` ORDER BY lieu_id, du, au, id`
	if all {
		if err := read(`SELECT ` + closureColumns + ` FROM fermetures` + order); err != nil {
			return nil, wrap("fermetures", nil, err)
		}
		return out, nil
	}
	for len(ids) > 0 {
		batch := ids[:min(closureBatch, len(ids))]
		ids = ids[len(batch):]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		if err := read(`SELECT `+closureColumns+` FROM fermetures WHERE lieu_id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(batch)), ", ")+`)`+order, args...); err != nil {
			return nil, wrap("fermetures", nil, err)
		}
	}
	return out, nil
}
