package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// ChangeSource changes a declared source's settings (see store.Sources):
// in one transaction, the row, the validators of its harvests when its
// address changes, the places its current records feed with
// another source's (the rule of merge.Compute ranks records by priority
// first) computed again, and the journal.
func (s *Store) ChangeSource(ctx context.Context, name string, c store.SourceChange, actor string) (store.Source, int, error) {
	var after store.Source
	recomputed := 0
	err := s.handTx(ctx, func(tx *Tx) error {
		var before store.Source
		var secs int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT type, url, correspondance, intervalle_secondes, priorite, perte_max FROM sources WHERE nom = ? AND type <> '' AND retiree_le = ''`+s.dialect.ForUpdate), name).
			Scan(&before.Type, &before.URL, &before.Correspondence, &secs, &before.Priority, &before.MaxLoss)
		if errors.Is(err, sql.ErrNoRows) {
			return failure.Errorf(failure.NotFound, "Source « %s » introuvable ou supprimée (maillage sources liste montre les sources déclarées).", name)
		}
		if err != nil {
			return err
		}
		before.Name, before.Interval = name, time.Duration(secs)*time.Second
		after = before
		c.Apply(&after)
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE sources SET url = ?, intervalle_secondes = ?, priorite = ?, perte_max = ? WHERE nom = ?`),
			after.URL, int64(after.Interval/time.Second), after.Priority, after.MaxLoss, name); err != nil {
			return err
		}
		if after.URL != before.URL {
			// The validators of the old address's harvests (ETag,
			// Last-Modified, content hash) say nothing of the new one:
			// forgotten, the next harvest fetches and imports it whole.
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE moissons SET etag = '', last_modified = '', empreinte = '' WHERE source = ?`), name); err != nil {
				return err
			}
		}
		if after.Priority != before.Priority {
			// Only a place of several sources' records can change: the
			// priority ranks a source against the others.
			rows, err := tx.QueryContext(ctx, s.q(`SELECT DISTINCT lieu_id FROM enregistrements e WHERE source = ? AND retire_at = ''
				AND EXISTS (SELECT 1 FROM enregistrements o WHERE o.lieu_id = e.lieu_id AND o.source <> ? AND o.retire_at = '') ORDER BY lieu_id`), name, name)
			if err != nil {
				return err
			}
			var ids []string
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, id := range ids {
				if err := s.recompute(ctx, tx, id, actor, ""); err != nil {
					return err
				}
			}
			recomputed = len(ids)
		}
		e := store.SourceEntry(store.ActionSourceChanged, actor, name, store.SourceFacts(before), store.SourceFacts(after))
		e.After = store.WithRecomputed(e.After, recomputed)
		return s.appendAudit(ctx, tx, e)
	})
	return after, recomputed, wrap("modification de la source", nil, err)
}
