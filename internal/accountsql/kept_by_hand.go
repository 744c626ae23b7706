package accountsql

import (
	"context"
	"sort"

	"maillage/internal/audit"
	"maillage/internal/store"
)

// keptByHand journals a place that lost its last current record but
// stays published, held up by fields set by hand: the entry names the
// records withdrawn last (their source and id, when), so that the
// history says why the place has no source any more
// (lieu.sources_retirees). The coordinators find it among the places no
// source describes (OrphanedPlaces).
func (s *Store) keptByHand(ctx context.Context, tx *Tx, id, actor, why string) error {
	all, err := s.records(ctx, tx, id, false)
	if err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].WithdrawnAt.After(all[j].WithdrawnAt) })
	var gone []map[string]string
	for _, r := range all {
		if r.WithdrawnAt.IsZero() || !r.WithdrawnAt.Equal(all[0].WithdrawnAt) {
			break
		}
		gone = append(gone, map[string]string{"source": r.Source, "id_source": r.SourceID, "retire_le": ts(r.WithdrawnAt)})
	}
	if len(gone) == 0 {
		return nil // a place made by hand, never held by a record
	}
	if why == "" {
		why = "plus aucun enregistrement de source ne le décrit"
	}
	return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "lieu.sources_retirees", Kind: "lieu", ObjectID: id,
		After: audit.JSON(map[string]any{"motif": why, "enregistrements": gone, "garde_par": "modifications à la main"})})
}

// OrphanedPlaces lists the published places whose every record was
// withdrawn, held up by fields set by hand, that no person edited or
// confirmed since the last withdrawal (see store.OrphanedPlaces).
func (s *Store) OrphanedPlaces(ctx context.Context) ([]store.Orphan, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT l.id, l.nom, e.source, e.source_id, e.retire_at,
		COALESCE((SELECT max(c.at) FROM lieux_champs c WHERE c.lieu_id = l.id AND c.origine <> 'source'), '')
		FROM lieux l JOIN enregistrements e ON e.lieu_id = l.id
		WHERE e.retire_at <> '' AND NOT EXISTS (SELECT 1 FROM enregistrements c WHERE c.lieu_id = l.id AND c.retire_at = '')
		ORDER BY l.id, e.retire_at DESC, e.source, e.source_id`)
	if err != nil {
		return nil, wrap("lieux sans source", nil, err)
	}
	defer rows.Close()
	var out []store.Orphan
	for rows.Next() {
		var o store.Orphan
		var withdrawn, edited string
		if err := rows.Scan(&o.LieuID, &o.Nom, &o.Source, &o.SourceID, &withdrawn, &edited); err != nil {
			return nil, wrap("lieux sans source", nil, err)
		}
		if len(out) > 0 && out[len(out)-1].LieuID == o.LieuID {
			continue // its latest withdrawal only
		}
		o.WithdrawnAt = parseTS(withdrawn)
		if edited != "" && parseTS(edited).After(o.WithdrawnAt) {
			out = append(out, store.Orphan{LieuID: o.LieuID}) // checked since: skipped below
			continue
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("lieux sans source", nil, err)
	}
	kept := out[:0]
	for _, o := range out {
		if o.Source != "" {
			kept = append(kept, o)
		}
	}
	return kept, nil
}
