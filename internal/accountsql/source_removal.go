package accountsql

import (
	"context"

	"maillage/internal/store"
)

// SourceRemovalImpact counts what removing a source will withdraw and
// unpublish (the rule of recompute: a place without current records is
// unpublished unless hand edits hold it up).
func (s *Store) SourceRemovalImpact(ctx context.Context, source string) (store.RemovalImpact, error) {
	var out store.RemovalImpact
	if err := s.rdb.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM enregistrements WHERE source = ? AND retire_at = ''`), source).Scan(&out.Records); err != nil {
		return out, wrap("conséquences de la suppression de la source", nil, err)
	}
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT
		COUNT(CASE WHEN held = 0 THEN 1 END), COUNT(CASE WHEN held = 1 THEN 1 END)
		FROM (SELECT CASE WHEN EXISTS (SELECT 1 FROM enregistrements o WHERE o.lieu_id = l.id AND o.retire_at = '' AND o.source <> ?)
			OR EXISTS (SELECT 1 FROM lieux_champs c WHERE c.lieu_id = l.id AND c.origine <> 'source' AND c.champ <> 'date_maj') THEN 1 ELSE 0 END AS held
			FROM lieux l WHERE EXISTS (SELECT 1 FROM enregistrements e WHERE e.lieu_id = l.id AND e.source = ? AND e.retire_at = '')) places`),
		source, source).Scan(&out.Unpublished, &out.Kept)
	return out, wrap("conséquences de la suppression de la source", nil, err)
}
