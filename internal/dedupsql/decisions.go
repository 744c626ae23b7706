package dedupsql

import (
	"context"

	"maillage/internal/store"
)

// PairDecisions returns the decision taken on every stored pair ("" when
// none): what a merge run needs of the stored pairs, without their
// scores.
func (s *Store) PairDecisions(ctx context.Context) (map[store.PairKey]string, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT source_a, id_a, source_b, id_b, decision FROM paires_doublons`)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	out := map[store.PairKey]string{}
	for rows.Next() {
		var k store.PairKey
		var d string
		if err := rows.Scan(&k.A.Source, &k.A.ID, &k.B.Source, &k.B.ID, &d); err != nil {
			return nil, s.Wrap(err)
		}
		out[k] = d
	}
	return out, s.Wrap(rows.Err())
}
