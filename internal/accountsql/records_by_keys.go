package accountsql

import (
	"context"
	"sort"
	"strings"

	"maillage/internal/store"
)

// CurrentRecordsByKeys returns the current records of published places
// among keys, with their places, ordered by source and id (see
// store.DuplicatesQueue): a chunk of keys per query, each an equality on
// the records' primary key.
func (s *Store) CurrentRecordsByKeys(ctx context.Context, keys []store.RecordKey) ([]store.CurrentRecord, error) {
	const chunk = 200
	seen := map[store.RecordKey]bool{}
	var out []store.CurrentRecord
	for i := 0; i < len(keys); i += chunk {
		var or []string
		var args []any
		for _, k := range keys[i:min(i+chunk, len(keys))] {
			if seen[k] {
				continue
			}
			seen[k] = true
			or = append(or, "(e.source = ? AND e.source_id = ?)")
			args = append(args, k.Source, k.ID)
		}
		if len(or) == 0 {
			continue
		}
		rs, err := s.currentRecordsWhere(ctx, "("+strings.Join(or, " OR ")+")", args)
		if err != nil {
			return nil, wrap("enregistrements", nil, err)
		}
		out = append(out, rs...)
	}
	sort.Slice(out, func(i, j int) bool {
		return store.RecordKey{Source: out[i].Source, ID: out[i].Lieu.ID}.Less(store.RecordKey{Source: out[j].Source, ID: out[j].Lieu.ID})
	})
	return out, nil
}
