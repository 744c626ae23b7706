package postgres

import (
	"context"
	"fmt"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// Changes reads the change log after revision since.
func (db *DB) Changes(ctx context.Context, since int64, limit int) (store.Changes, error) {
	c := store.Changes{Rev: since}
	rows, err := db.pool.Query(ctx, `SELECT seq, lieu_id, kind FROM lieux_changes WHERE seq > $1 ORDER BY seq LIMIT $2`, since, limit+1)
	if err != nil {
		return c, fmt.Errorf("postgres: journal des changements : %w", err)
	}
	seen := map[string]bool{}
	n := 0
	for rows.Next() {
		var seq int64
		var id, kind string
		if err := rows.Scan(&seq, &id, &kind); err != nil {
			rows.Close()
			return c, fmt.Errorf("postgres: journal des changements : %w", err)
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
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("postgres: journal des changements : %w", err)
	}
	// Read after the rows: a pruning that removed some of them is seen.
	var pruned int64
	if err := db.pool.QueryRow(ctx, `SELECT value FROM revisions WHERE name = 'lieux_elagues'`).Scan(&pruned); err != nil {
		return c, fmt.Errorf("postgres: journal des changements : %w", err)
	}
	c.Gap = since < pruned
	return c, nil
}

// Revision reads the current revisions of the registry and the referential.
func (db *DB) Revision(ctx context.Context) (store.Revision, error) {
	var r store.Revision
	var last *time.Time
	var removal *string
	err := db.pool.QueryRow(ctx, `SELECT greatest(coalesce((SELECT max(seq) FROM lieux_changes), 0), (SELECT value FROM revisions WHERE name = 'lieux_elagues')),
		(SELECT value FROM revisions WHERE name = 'territoires'), (SELECT max(updated_at) FROM lieux), `+store.LastRemovalSQL+`,
		coalesce((SELECT value FROM revisions WHERE name = 'pass_qualifications'), 0)`).Scan(&r.Lieux, &r.Territories, &last, &removal, &r.Qualifications)
	if err != nil {
		return r, fmt.Errorf("postgres: révision : %w", err)
	}
	if last != nil {
		r.LastChange = last.UTC()
	}
	if removal != nil {
		r.LastChange = store.LaterOf(r.LastChange, *removal)
	}
	return r, nil
}

// LieuxByID reads the places with these ids.
func (db *DB) LieuxByID(ctx context.Context, ids []string) ([]*place.Lieu, error) {
	out := make([]*place.Lieu, 0, len(ids))
	rows, err := db.pool.Query(ctx, selectLieux+" WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: lecture des lieux : %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanLieu(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: lecture des lieux : %w", err)
		}
		out = append(out, &l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: lecture des lieux : %w", err)
	}
	return out, nil
}

// PruneChanges removes the changes up to upTo from the log.
func (db *DB) PruneChanges(ctx context.Context, upTo int64) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: élagage du journal des changements : %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `DELETE FROM lieux_changes WHERE seq <= $1`, upTo); err != nil {
		return fmt.Errorf("postgres: élagage du journal des changements : %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE revisions SET value = greatest(value, $1) WHERE name = 'lieux_elagues'`, upTo); err != nil {
		return fmt.Errorf("postgres: élagage du journal des changements : %w", err)
	}
	return tx.Commit(ctx)
}
