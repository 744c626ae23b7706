package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// ownFormerID finds the id a record split off place lieuID had as a place
// of its own before a merge absorbed it: its own id, or the id prefixed
// with its source (store.PublicID's two forms), when that id now
// redirects to lieuID. Its own id is not taken when another record of the
// place, from another source, has the same id (the place may have been
// that record's). "" when there is none.
func (s *Store) ownFormerID(ctx context.Context, tx rowQuerier, lieuID, source, sourceID string) (string, error) {
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
	rest := othersOf(recs, source, sourceID)
	others, former, err := s.othersID(ctx, tx, lieuID, rest)
	if err != nil {
		return "", "", err
	}
	if len(former) > 0 {
		reclaimed = former[0]
		if err := s.takeBackID(ctx, tx, reclaimed); err != nil {
			return "", "", err
		}
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

// othersOf are the current records of recs other than (source, sourceID),
// the first seen first.
func othersOf(recs []store.SourceRecord, source, sourceID string) []store.SourceRecord {
	var rest []store.SourceRecord
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() && (r.Source != source || r.SourceID != sourceID) {
			rest = append(rest, r)
		}
	}
	slices.SortStableFunc(rest, func(a, b store.SourceRecord) int { return a.FirstSeen.Compare(b.FirstSeen) })
	return rest
}

// othersID is the id the records rest (othersOf) take when they leave
// place lieuID together: the id the first seen of them had before a merge
// brought it in, or a new id; former are the ids they had before merges,
// the first seen first.
func (s *Store) othersID(ctx context.Context, q rowQuerier, lieuID string, rest []store.SourceRecord) (others string, former []string, err error) {
	for _, r := range rest {
		id, err := s.ownFormerID(ctx, q, lieuID, r.Source, r.SourceID)
		if err != nil {
			return "", nil, err
		}
		if id != "" {
			former = append(former, id)
		}
	}
	if len(former) > 0 {
		return former[0], former, nil
	}
	return store.PublicID(rest[0].SourceID, rest[0].Source, s.taken(ctx, q)), nil, nil
}

// recordID is the id record (source, sourceID) takes when it leaves place
// lieuID: the id its own place had before a merge absorbed it
// (reclaimed), or a new id.
func (s *Store) recordID(ctx context.Context, q rowQuerier, lieuID, source, sourceID string) (id, reclaimed string, err error) {
	if reclaimed, err = s.ownFormerID(ctx, q, lieuID, source, sourceID); err != nil || reclaimed != "" {
		return reclaimed, reclaimed, err
	}
	return store.PublicID(sourceID, source, s.taken(ctx, q)), "", nil
}

// SplitPreview says where SplitRecord would put a record and its place's
// other records, as the store is now (see store.Records).
func (s *Store) SplitPreview(ctx context.Context, source, sourceID string) (store.Split, error) {
	var out store.Split
	var lieuID string
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT lieu_id FROM enregistrements WHERE source = ? AND source_id = ? AND retire_at = ''`), source, sourceID).Scan(&lieuID)
	if errors.Is(err, sql.ErrNoRows) {
		return out, failure.Errorf(failure.NotFound, "Enregistrement %s de la source « %s » introuvable parmi les enregistrements publiés.", sourceID, source)
	}
	if err != nil {
		return out, wrap("séparation d'un enregistrement", nil, err)
	}
	if lieuID == "" {
		return out, errUnplaced(source, sourceID)
	}
	recs, err := s.records(ctx, s.rdb, lieuID, true)
	if err != nil {
		return out, wrap("séparation d'un enregistrement", nil, err)
	}
	rest := othersOf(recs, source, sourceID)
	if len(rest) == 0 {
		return out, failure.Errorf(failure.Conflict, "L'enregistrement %s de la source « %s » est le seul du lieu %s : il n'y a rien à séparer.", sourceID, source, lieuID)
	}
	out.From = lieuID
	if store.PublishedFrom(lieuID, source, sourceID, recs) {
		out.Record = lieuID
		out.Others, _, err = s.othersID(ctx, s.rdb, lieuID, rest)
	} else {
		out.Others = lieuID
		out.Record, _, err = s.recordID(ctx, s.rdb, lieuID, source, sourceID)
	}
	return out, wrap("séparation d'un enregistrement", nil, err)
}
