package dedupsql

import (
	"context"
	"slices"

	"maillage/internal/store"
)

// separatedPlaces are the pairs of places a person said are distinct: a
// pair they rejected or split joins a current record of one to a current
// record of the other (the merge run's rule, dedup.separated). Each pair
// of places is there in both orders.
func (s *Store) separatedPlaces(ctx context.Context) (map[[2]string]bool, error) {
	rows, err := s.R.QueryContext(ctx, s.Q(`SELECT ea.lieu_id, eb.lieu_id
		FROM paires_doublons p
		JOIN enregistrements ea ON ea.source = p.source_a AND ea.source_id = p.id_a AND ea.retire_at = ''
		JOIN enregistrements eb ON eb.source = p.source_b AND eb.source_id = p.id_b AND eb.retire_at = ''
		WHERE p.decision IN (?, ?) AND ea.lieu_id <> eb.lieu_id`), store.DecisionRejected, store.DecisionSplit)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	out := map[[2]string]bool{}
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return nil, s.Wrap(err)
		}
		out[[2]string{a, b}], out[[2]string{b, a}] = true, true
	}
	return out, s.Wrap(rows.Err())
}

// SeparatedFrom lists the places a person said are distinct from place id
// (see store.DuplicatesQueue), in id order.
func (s *Store) SeparatedFrom(ctx context.Context, id string) ([]string, error) {
	rows, err := s.R.QueryContext(ctx, s.Q(`SELECT DISTINCT CASE WHEN ea.lieu_id = ? THEN eb.lieu_id ELSE ea.lieu_id END
		FROM paires_doublons p
		JOIN enregistrements ea ON ea.source = p.source_a AND ea.source_id = p.id_a AND ea.retire_at = ''
		JOIN enregistrements eb ON eb.source = p.source_b AND eb.source_id = p.id_b AND eb.retire_at = ''
		WHERE p.decision IN (?, ?) AND (ea.lieu_id = ? OR eb.lieu_id = ?) AND ea.lieu_id <> eb.lieu_id`),
		id, store.DecisionRejected, store.DecisionSplit, id, id)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return nil, s.Wrap(err)
		}
		out = append(out, other)
	}
	slices.Sort(out)
	return out, s.Wrap(rows.Err())
}
