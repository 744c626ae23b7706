package accountsql

import (
	"context"
	"database/sql"
	"errors"

	"maillage/internal/store"
)

// ownFormerID finds the id a record split off place lieuID had as a place
// of its own before a merge absorbed it: its own id, or the id prefixed
// with its source (store.PublicID's two forms), when that id now
// redirects to lieuID. Its own id is not taken when another record of the
// place, from another source, has the same id (the place may have been
// that record's). "" when there is none.
func (s *Store) ownFormerID(ctx context.Context, tx *Tx, lieuID, source, sourceID string) (string, error) {
	prefixed := store.PublicID(sourceID, source, func(id string) bool { return id == sourceID })
	for i, id := range []string{sourceID, prefixed} {
		var to string
		err := tx.QueryRowContext(ctx, s.q(`SELECT lieu_id FROM redirections WHERE ancien_id = ?`), id).Scan(&to)
		if errors.Is(err, sql.ErrNoRows) || err == nil && to != lieuID {
			continue
		}
		if err != nil {
			return "", err
		}
		if i == 0 {
			var others int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM enregistrements WHERE lieu_id = ? AND source_id = ? AND source <> ?`),
				lieuID, sourceID, source).Scan(&others); err != nil {
				return "", err
			}
			if others > 0 {
				continue
			}
		}
		return id, nil
	}
	return "", nil
}

// takeBackID removes the redirection of id, which the split place takes
// back.
func (s *Store) takeBackID(ctx context.Context, tx *Tx, id string) error {
	_, err := tx.ExecContext(ctx, s.q(`DELETE FROM redirections WHERE ancien_id = ?`), id)
	return err
}
