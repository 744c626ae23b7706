package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"maillage/internal/place"
	"maillage/internal/store"
)

// Changes reads the change log after revision since.
func (db *DB) Changes(ctx context.Context, since int64, limit int) (store.Changes, error) {
	c := store.Changes{Rev: since}
	rows, err := db.read.QueryContext(ctx, `SELECT seq, lieu_id, kind FROM lieux_changes WHERE seq > ? ORDER BY seq LIMIT ?`, since, limit+1)
	if err != nil {
		return c, fmt.Errorf("sqlite: journal des changements : %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	n := 0
	for rows.Next() {
		var seq int64
		var id, kind string
		if err := rows.Scan(&seq, &id, &kind); err != nil {
			return c, fmt.Errorf("sqlite: journal des changements : %w", err)
		}
		if n++; n > limit {
			c.More = true
			break
		}
		c.Rev = seq
		if !seen[id] {
			seen[id] = true
			c.IDs = append(c.IDs, id)
			if kind == "c" {
				if c.Created == nil {
					c.Created = map[string]bool{}
				}
				c.Created[id] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("sqlite: journal des changements : %w", err)
	}
	rows.Close()
	// Read after the rows: a pruning that removed some of them is seen.
	var pruned int64
	if err := db.read.QueryRowContext(ctx, `SELECT value FROM revisions WHERE name = 'lieux_elagues'`).Scan(&pruned); err != nil {
		return c, fmt.Errorf("sqlite: journal des changements : %w", err)
	}
	c.Gap = since < pruned
	return c, nil
}

// Revision reads the current revisions of the registry and the referential.
func (db *DB) Revision(ctx context.Context) (store.Revision, error) {
	var r store.Revision
	var last, removal sql.NullString
	err := db.read.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(seq) FROM lieux_changes), 0), (SELECT value FROM revisions WHERE name = 'lieux_elagues')),
		(SELECT value FROM revisions WHERE name = 'territoires'), (SELECT max(updated_at) FROM lieux), `+store.LastRemovalSQL+`,
		coalesce((SELECT value FROM revisions WHERE name = 'pass_qualifications'), 0)`).Scan(&r.Lieux, &r.Territories, &last, &removal, &r.Qualifications)
	if err != nil {
		return r, fmt.Errorf("sqlite: révision : %w", err)
	}
	if last.Valid {
		r.LastChange = store.ParseTime(last.String)
	}
	r.LastChange = store.LaterOf(r.LastChange, removal.String)
	return r, nil
}

// idBatch is how many ids one query reads (SQLite allows 32 766 parameters).
const idBatch = 500

// LieuxByID reads the places with these ids.
func (db *DB) LieuxByID(ctx context.Context, ids []string) ([]*place.Lieu, error) {
	out := make([]*place.Lieu, 0, len(ids))
	for len(ids) > 0 {
		batch := ids[:min(idBatch, len(ids))]
		ids = ids[len(batch):]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := db.read.QueryContext(ctx, selectLieux+" WHERE id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(batch)), ", ")+")", args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: lecture des lieux : %w", err)
		}
		for rows.Next() {
			l, err := scanLieu(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: lecture des lieux : %w", err)
			}
			out = append(out, &l)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqlite: lecture des lieux : %w", err)
		}
	}
	return out, nil
}

// PruneChanges removes the changes up to upTo from the log.
func (db *DB) PruneChanges(ctx context.Context, upTo int64) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: élagage du journal des changements : %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM lieux_changes WHERE seq <= ?`, upTo); err != nil {
		return fmt.Errorf("sqlite: élagage du journal des changements : %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE revisions SET value = max(value, ?) WHERE name = 'lieux_elagues'`, upTo); err != nil {
		return fmt.Errorf("sqlite: élagage du journal des changements : %w", err)
	}
	return tx.Commit()
}
