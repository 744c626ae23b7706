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

func (s *Store) currentRecordsWhere(ctx context.Context, where string, args []any) ([]store.CurrentRecord, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT e.source, e.source_id, e.lieu_id, e.valeurs, e.latitude, e.longitude, e.pass_numerique, e.provenance, e.hash, e.premier_vu, e.dernier_vu, e.retire_at, e.diagnostics, l.nom, l.created_at
		FROM enregistrements e JOIN lieux l ON l.id = e.lieu_id
		WHERE e.retire_at = '' AND `+where), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.CurrentRecord
	for rows.Next() {
		var name string
		var created any
		sr, err := scanRecord(func(dest ...any) error {
			return rows.Scan(append(dest, &name, &created)...)
		})
		if err != nil {
			return nil, err
		}
		out = append(out, store.CurrentRecord{Source: sr.Source, Lieu: sr.Lieu, Place: sr.LieuID, PlaceName: name,
			PlaceCreated: parseTS(timeText(created))})
	}
	return out, rows.Err()
}
