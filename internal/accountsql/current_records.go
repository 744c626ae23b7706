package accountsql

import (
	"context"

	"maillage/internal/store"
)

// CurrentRecords returns every current record of a published place, with
// its place, ordered by source and id (for the deduplication).
func (s *Store) CurrentRecords(ctx context.Context) ([]store.CurrentRecord, error) {
	out, err := s.currentRecordsWhere(ctx, "", nil)
	return out, wrap("enregistrements", nil, err)
}

// currentRecordsWhere returns the current records of published places
// that where (a condition on e, the records; "" for all) selects, with
// their places, ordered by source and id.
func (s *Store) currentRecordsWhere(ctx context.Context, where string, args []any) ([]store.CurrentRecord, error) {
	if where != "" {
		where = " AND " + where
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT e.source, e.source_id, e.lieu_id, e.valeurs, e.latitude, e.longitude, e.pass_numerique, e.provenance, e.hash, e.premier_vu, e.dernier_vu, e.retire_at, e.diagnostics, l.nom, l.created_at, l.ordre_creation
		FROM enregistrements e JOIN lieux l ON l.id = e.lieu_id
		WHERE e.retire_at = ''`+where+` ORDER BY e.source, e.source_id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.CurrentRecord
	for rows.Next() {
		var name string
		var created any
		var order int64
		sr, err := scanRecord(func(dest ...any) error {
			return rows.Scan(append(dest, &name, &created, &order)...)
		})
		if err != nil {
			return nil, err
		}
		out = append(out, store.CurrentRecord{Source: sr.Source, Lieu: sr.Lieu, Place: sr.LieuID, PlaceName: name,
			PlaceCreated: parseTS(timeText(created)), PlaceOrder: order})
	}
	return out, rows.Err()
}
