package dedupsql

import (
	"context"
	"slices"
	"sort"
	"strings"

	"maillage/internal/store"
)

// The review's reads: keys and places only, the records of what is shown
// being read by key (accountsql's CurrentRecordsByKeys).

// WaitingPairs lists the pairs waiting for a person (see
// store.DuplicatesQueue).
func (s *Store) WaitingPairs(ctx context.Context) ([]store.WaitingPair, error) {
	rows, err := s.R.QueryContext(ctx, s.Q(`SELECT p.source_a, p.id_a, p.source_b, p.id_b, p.total, ea.lieu_id, eb.lieu_id, p.decision
		FROM paires_doublons p
		JOIN enregistrements ea ON ea.source = p.source_a AND ea.source_id = p.id_a
		JOIN enregistrements eb ON eb.source = p.source_b AND eb.source_id = p.id_b
		JOIN lieux la ON la.id = ea.lieu_id
		JOIN lieux lb ON lb.id = eb.lieu_id
		WHERE ea.retire_at = '' AND eb.retire_at = '' AND
			(p.bande = 'a_verifier' AND p.decision = '' AND ea.lieu_id <> eb.lieu_id
			OR p.bande IN ('a_verifier', 'distincts') AND p.decision = ? AND ea.lieu_id = eb.lieu_id)`), store.DecisionAuto)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	var out []store.WaitingPair
	for rows.Next() {
		var p store.WaitingPair
		var decision string
		if err := rows.Scan(&p.A.Source, &p.A.ID, &p.B.Source, &p.B.ID, &p.Total, &p.PlaceA, &p.PlaceB, &decision); err != nil {
			return nil, s.Wrap(err)
		}
		p.Weakened = decision == store.DecisionAuto
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.Wrap(err)
	}
	// Pairs between places a decision separated are not offered: a
	// confirmation would be refused.
	apart, err := s.separatedPlaces(ctx)
	if err != nil {
		return nil, err
	}
	if len(apart) > 0 {
		out = slices.DeleteFunc(out, func(p store.WaitingPair) bool { return apart[[2]string{p.PlaceA, p.PlaceB}] })
	}
	// Sorted here: both engines, the same byte order as store.RecordKey.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return pairKeyLess(out[i].PairKey, out[j].PairKey)
	})
	// One entry per pair of places: the first, the best scored; a
	// decision on it is one on the places.
	first := map[[2]string]int{}
	kept := out[:0]
	for _, p := range out {
		places := [2]string{min(p.PlaceA, p.PlaceB), max(p.PlaceA, p.PlaceB)}
		if i, seen := first[places]; seen {
			kept[i].Others++
			continue
		}
		first[places] = len(kept)
		kept = append(kept, p)
	}
	return kept, nil
}

func pairKeyLess(a, b store.PairKey) bool {
	if a.A != b.A {
		return a.A.Less(b.A)
	}
	return a.B.Less(b.B)
}

// MergedPlaces lists the published places that several current records
// hold (see store.DuplicatesQueue).
func (s *Store) MergedPlaces(ctx context.Context) ([]store.MergedPlace, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT e.lieu_id, e.source, e.source_id
		FROM enregistrements e JOIN lieux l ON l.id = e.lieu_id
		WHERE e.retire_at = '' AND e.lieu_id IN
			(SELECT lieu_id FROM enregistrements WHERE retire_at = '' GROUP BY lieu_id HAVING count(*) > 1)`)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	at := map[string]int{}
	var out []store.MergedPlace
	for rows.Next() {
		var id string
		var k store.RecordKey
		if err := rows.Scan(&id, &k.Source, &k.ID); err != nil {
			return nil, s.Wrap(err)
		}
		i, ok := at[id]
		if !ok {
			i = len(out)
			at[id] = i
			out = append(out, store.MergedPlace{ID: id})
		}
		out[i].Records = append(out[i].Records, k)
	}
	if err := rows.Err(); err != nil {
		return nil, s.Wrap(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	for _, p := range out {
		sort.Slice(p.Records, func(i, j int) bool { return p.Records[i].Less(p.Records[j]) })
	}
	return out, nil
}

// chunk bounds the keys of one query (4 placeholders a pair, 2 a record
// side): far below both engines' limits.
const chunk = 200

// pairsOf reads the pairs the filter names by key or by record, a chunk
// of keys per query (each an equality on the primary key or an index), with
// the filter's band and decision conditions.
func (s *Store) pairsOf(ctx context.Context, f store.PairFilter, where []string, args []any) ([]store.DuplicatePair, error) {
	base := "SELECT " + pairColumns + " FROM paires_doublons WHERE "
	seen := map[store.PairKey]bool{}
	var out []store.DuplicatePair
	add := func(ps []store.DuplicatePair) {
		for _, p := range ps {
			if !seen[p.PairKey] {
				seen[p.PairKey] = true
				out = append(out, p)
			}
		}
	}
	run := func(or []string, keyArgs []any) error {
		w := append([]string{"(" + strings.Join(or, " OR ") + ")"}, where...)
		ps, err := s.query(ctx, base+strings.Join(w, " AND "), append(keyArgs, args...)...)
		add(ps)
		return err
	}
	for i := 0; i < len(f.Keys); i += chunk {
		var or []string
		var a []any
		for _, k := range f.Keys[i:min(i+chunk, len(f.Keys))] {
			k = store.NewPairKey(k.A, k.B)
			or = append(or, "(source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?)")
			a = append(a, k.A.Source, k.A.ID, k.B.Source, k.B.ID)
		}
		if err := run(or, a); err != nil {
			return nil, err
		}
	}
	for i := 0; i < len(f.Records); i += chunk {
		recs := f.Records[i:min(i+chunk, len(f.Records))]
		for _, side := range []string{"(source_a = ? AND id_a = ?)", "(source_b = ? AND id_b = ?)"} {
			var or []string
			var a []any
			for _, r := range recs {
				or = append(or, side)
				a = append(a, r.Source, r.ID)
			}
			if err := run(or, a); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return pairKeyLess(out[i].PairKey, out[j].PairKey)
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
