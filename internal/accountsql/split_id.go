package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"slices"

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

// splitOthers takes the current records of place lieuID other than
// (source, sourceID), the record the place was published from, out of
// it: the place keeps its id (and what hangs on it) with that record; the
// others go to the id one of them had before a merge brought it in (its
// redirection goes, and the others' former ids now redirect to it), or
// to a new id. It returns the others' place and the redirection taken
// back ("" for none).
func (s *Store) splitOthers(ctx context.Context, tx *Tx, lieuID, source, sourceID string, recs []store.SourceRecord) (others, reclaimed string, err error) {
	var rest []store.SourceRecord
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() && (r.Source != source || r.SourceID != sourceID) {
			rest = append(rest, r)
		}
	}
	// The first seen first: its former id, if any, is the others' id.
	slices.SortStableFunc(rest, func(a, b store.SourceRecord) int { return a.FirstSeen.Compare(b.FirstSeen) })
	var former []string
	for _, r := range rest {
		id, err := s.ownFormerID(ctx, tx, lieuID, r.Source, r.SourceID)
		if err != nil {
			return "", "", err
		}
		if id != "" {
			former = append(former, id)
		}
	}
	if len(former) > 0 {
		reclaimed, others = former[0], former[0]
		if err := s.takeBackID(ctx, tx, reclaimed); err != nil {
			return "", "", err
		}
	} else {
		others = store.PublicID(rest[0].SourceID, rest[0].Source, s.taken(ctx, tx))
	}
	for _, id := range former[min(1, len(former)):] {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE redirections SET lieu_id = ? WHERE ancien_id = ?`), others, id); err != nil {
			return "", "", err
		}
	}
	for _, r := range rest {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE enregistrements SET lieu_id = ? WHERE source = ? AND source_id = ?`), others, r.Source, r.SourceID); err != nil {
			return "", "", err
		}
	}
	return others, reclaimed, nil
}
