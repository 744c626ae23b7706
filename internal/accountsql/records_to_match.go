package accountsql

import (
	"context"
	"encoding/json"
	"fmt"

	"maillage/internal/place"
	"maillage/internal/store"
)

// HasPending reports whether a current record waits for a merge run.
func (s *Store) HasPending(ctx context.Context) (bool, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM enregistrements WHERE a_comparer <> 0 AND retire_at = '' LIMIT 1) p`).Scan(&n)
	return n > 0, wrap("enregistrements à comparer", nil, err)
}

// RecordsToMatch calls fn with every current record of a published place
// or unplaced, slimmed to what the matcher reads, an unplaced record whole
// (see store.Duplicates).
func (s *Store) RecordsToMatch(ctx context.Context, fn func(store.MatchRecord) error) error {
	// A record an import left unplaced is read with its own first sighting
	// (its name is set below, from its values).
	rows, err := s.rdb.QueryContext(ctx, `SELECT e.source, e.source_id, e.lieu_id, e.valeurs, e.latitude, e.longitude, e.a_comparer, COALESCE(l.nom, ''), l.created_at, e.premier_vu,
			e.pass_numerique, CASE WHEN e.lieu_id = '' THEN e.provenance ELSE '' END
		FROM enregistrements e LEFT JOIN lieux l ON l.id = e.lieu_id
		WHERE e.retire_at = '' AND (l.id IS NOT NULL OR e.lieu_id = '') ORDER BY e.source, e.source_id`)
	if err != nil {
		return wrap("enregistrements à comparer", nil, err)
	}
	defer rows.Close()
	var vals []string
	for rows.Next() {
		var m store.MatchRecord
		var sourceID, raw, prov string
		var row store.Row
		var created any
		var firstSeen string
		if err := rows.Scan(&m.Source, &sourceID, &m.Place, &raw, &row.Lat, &row.Lon, &m.Pending, &m.PlaceName, &created, &firstSeen, &row.Pass, &prov); err != nil {
			return err
		}
		vals = vals[:0]
		if err := json.Unmarshal([]byte(raw), &vals); err != nil || len(vals) != place.NumFields {
			return fmt.Errorf("enregistrement %s/%s : valeurs illisibles", m.Source, sourceID)
		}
		var l place.Lieu
		if m.Place == "" {
			// Whole, as scanRecord reads it: its placement takes it so.
			copy(row.Values[:], vals)
			row.Provenance = []byte(prov)
			l, err = row.Lieu()
		} else {
			for _, i := range matchFields {
				row.Values[i] = vals[i]
			}
			l, err = place.Decode(row.Values)
			if err == nil && row.Lat != nil && row.Lon != nil {
				l.Coordinates = &place.Point{Lat: *row.Lat, Lon: *row.Lon}
			}
		}
		if err != nil {
			return fmt.Errorf("enregistrement %s/%s : %w", m.Source, sourceID, err)
		}
		l.ID = sourceID
		m.Lieu, m.PlaceCreated = l, parseTS(timeText(created))
		if m.Place == "" {
			m.PlaceName, m.PlaceCreated = l.Nom, parseTS(firstSeen)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// matchFields are the fields the matcher reads (internal/dedup).
var matchFields = []int{place.FNom, place.FAdresse, place.FCommune, place.FCodePostal, place.FCodeINSEE, place.FPivot,
	place.FTelephone, place.FCourriels, place.FSiteWeb, place.FTypologie, place.FHoraires, place.FItinerance}
