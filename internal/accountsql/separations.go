package accountsql

import (
	"context"

	"maillage/internal/store"
)

// A merge run reads people's decisions when it starts, and merges long
// after: a pair rejected (« lieux distincts ») or split while it works
// must still keep its places apart. Each transaction of merges reads the
// decisions again, after the places' lock (which a person's decision
// takes too), and skips a merge that would join two places a decision
// separates: the rule of dedup.separated, on the places as they are now.

// placePair is two published places a person's decision separates.
type placePair struct{ a, b string }

// separations returns the pairs of published places that a rejected or
// split pair between a current record of each keeps apart, among the
// places of places (the others cannot take part in tx's merges).
func (s *Store) separations(ctx context.Context, tx *Tx, places map[string]bool) ([]placePair, error) {
	// The bands list makes the query use the index on (bande, decision):
	// the table holds every pair scored, the decisions are few.
	rows, err := tx.Tx.QueryContext(ctx, s.q(`SELECT ea.lieu_id, eb.lieu_id FROM paires_doublons p
		JOIN enregistrements ea ON ea.source = p.source_a AND ea.source_id = p.id_a AND ea.retire_at = ''
		JOIN enregistrements eb ON eb.source = p.source_b AND eb.source_id = p.id_b AND eb.retire_at = ''
		WHERE p.bande IN ('meme', 'a_verifier', 'distincts') AND p.decision IN (?, ?) AND ea.lieu_id <> eb.lieu_id`),
		store.DecisionRejected, store.DecisionSplit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []placePair
	for rows.Next() {
		var p placePair
		if err := rows.Scan(&p.a, &p.b); err != nil {
			return nil, err
		}
		if places[p.a] && places[p.b] {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// separatedIn reports whether a separation keeps the places whose merges
// so far lead to a and b (find) apart.
func separatedIn(seps []placePair, find func(string) string, a, b string) bool {
	for _, p := range seps {
		x, y := find(p.a), find(p.b)
		if x == a && y == b || x == b && y == a {
			return true
		}
	}
	return false
}
