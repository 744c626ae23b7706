package accountsql

import (
	"context"
)

// SourcesOfPlaces maps the published places to the sources of their
// current records.
func (s *Store) SourcesOfPlaces(ctx context.Context) (map[string][]string, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT DISTINCT e.lieu_id, e.source FROM enregistrements e JOIN lieux l ON l.id = e.lieu_id
		WHERE e.retire_at = '' ORDER BY e.lieu_id, e.source`)
	if err != nil {
		return nil, wrap("sources des lieux", nil, err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var id, source string
		if err := rows.Scan(&id, &source); err != nil {
			return nil, wrap("sources des lieux", nil, err)
		}
		out[id] = append(out[id], source)
	}
	return out, wrap("sources des lieux", nil, rows.Err())
}
