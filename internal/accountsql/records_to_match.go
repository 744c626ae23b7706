package accountsql

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"

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
	rows, err := s.rdb.QueryContext(ctx, `SELECT e.source, e.source_id, e.lieu_id, e.valeurs, e.latitude, e.longitude, e.a_comparer, COALESCE(l.nom, ''), l.created_at, COALESCE(l.ordre_creation, 0), e.premier_vu,
			e.pass_numerique, CASE WHEN e.lieu_id = '' THEN e.provenance ELSE '' END
		FROM enregistrements e LEFT JOIN lieux l ON l.id = e.lieu_id
		WHERE e.retire_at = '' AND (l.id IS NOT NULL OR e.lieu_id = '') ORDER BY e.source, e.source_id`)
	if err != nil {
		return wrap("enregistrements à comparer", nil, err)
	}
	defer rows.Close()
	// The rows are read here, decoded by batches on every core, and given
	// to fn in the order read.
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *matchBatch)
	defer close(jobs)
	for range workers {
		go func() {
			for b := range jobs {
				b.done <- b.decode()
			}
		}()
	}
	var inflight []*matchBatch
	give := func() error {
		b := inflight[0]
		inflight = inflight[1:]
		if err := <-b.done; err != nil {
			return err
		}
		for i := range b.rows {
			if err := fn(b.rows[i].m); err != nil {
				return err
			}
		}
		return nil
	}
	b := newMatchBatch()
	for rows.Next() {
		b.rows = append(b.rows, matchRow{})
		r := &b.rows[len(b.rows)-1]
		if err := rows.Scan(&r.m.Source, &r.sourceID, &r.m.Place, &r.raw, &r.row.Lat, &r.row.Lon, &r.m.Pending, &r.m.PlaceName, &r.created, &r.m.PlaceOrder, &r.firstSeen, &r.row.Pass, &r.prov); err != nil {
			return err
		}
		if len(b.rows) < matchBatchSize {
			continue
		}
		jobs <- b
		inflight = append(inflight, b)
		b = newMatchBatch()
		if len(inflight) > 2*workers {
			if err := give(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(b.rows) > 0 {
		jobs <- b
		inflight = append(inflight, b)
	}
	for len(inflight) > 0 {
		if err := give(); err != nil {
			return err
		}
	}
	return nil
}

// matchBatchSize is how many rows a worker decodes at a time.
const matchBatchSize = 512

// matchBatch is rows read for RecordsToMatch, decoded by a worker.
type matchBatch struct {
	rows []matchRow
	done chan error
}

func newMatchBatch() *matchBatch {
	return &matchBatch{rows: make([]matchRow, 0, matchBatchSize), done: make(chan error, 1)}
}

// matchRow is a row as read, and its record once decoded.
type matchRow struct {
	m                              store.MatchRecord
	sourceID, raw, prov, firstSeen string
	created                        any
	row                            store.Row
}

// decode decodes the batch's records: an unplaced record whole, the
// others slimmed to the fields the matcher reads.
func (b *matchBatch) decode() error {
	var vals []string
	for i := range b.rows {
		r := &b.rows[i]
		m := &r.m
		vals = vals[:0]
		if err := json.Unmarshal([]byte(r.raw), &vals); err != nil || len(vals) != place.NumFields {
			return fmt.Errorf("enregistrement %s/%s : valeurs illisibles", m.Source, r.sourceID)
		}
		var l place.Lieu
		var err error
		if m.Place == "" {
			// Whole, as scanRecord reads it: its placement takes it so.
			copy(r.row.Values[:], vals)
			r.row.Provenance = []byte(r.prov)
			l, err = r.row.Lieu()
		} else {
			for _, i := range matchFields {
				r.row.Values[i] = vals[i]
			}
			l, err = place.Decode(r.row.Values)
			if err == nil && r.row.Lat != nil && r.row.Lon != nil {
				l.Coordinates = &place.Point{Lat: *r.row.Lat, Lon: *r.row.Lon}
			}
		}
		if err != nil {
			return fmt.Errorf("enregistrement %s/%s : %w", m.Source, r.sourceID, err)
		}
		l.ID = r.sourceID
		m.Lieu, m.PlaceCreated = l, parseTS(timeText(r.created))
		if m.Place == "" {
			m.PlaceName, m.PlaceCreated = l.Nom, parseTS(r.firstSeen)
		}
		r.raw, r.prov, r.row = "", "", store.Row{} // not kept
	}
	return nil
}

// matchFields are the fields the matcher reads (internal/dedup).
var matchFields = []int{place.FNom, place.FAdresse, place.FCommune, place.FCodePostal, place.FCodeINSEE, place.FPivot,
	place.FTelephone, place.FCourriels, place.FSiteWeb, place.FTypologie, place.FHoraires, place.FItinerance}
