package accountsql

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/merge"
	"maillage/internal/place"
	"maillage/internal/store"
)

// PlaceRecords places the records imports left unplaced (see
// store.Placer): a new place is inserted once, computed from all its
// records, instead of a place per record merged and deleted afterwards.
func (s *Store) PlaceRecords(ctx context.Context, placements []store.Placement, compared []store.PendingRecord) (placed, created int, err error) {
	err = s.tx(ctx, func(tx *Tx) error {
		// As MergeRecords: the writers' lock first, so that two runs, or
		// a run and an import, read the places as the other committed them.
		if err := s.lockPlaces(ctx, tx); err != nil {
			return err
		}
		var err error
		if placed, created, err = s.placeRecordsIn(ctx, tx, placements); err != nil {
			return err
		}
		return s.clearPending(ctx, tx, compared)
	})
	if err != nil {
		return 0, 0, wrap("placement des enregistrements", nil, err)
	}
	return placed, created, nil
}

func (s *Store) placeRecordsIn(ctx context.Context, tx *Tx, placements []store.Placement) (placed, created int, err error) {
	// The records the run gives whole are not read again: their tokens
	// say whether they are as it read them.
	var keys, given []store.RecordKey
	for _, p := range placements {
		for _, r := range p.Records {
			if r.Lieu != nil {
				given = append(given, r.Key)
			} else {
				keys = append(keys, r.Key)
			}
		}
	}
	unplaced, err := s.unplacedRecords(ctx, tx, keys)
	if err != nil {
		return 0, 0, err
	}
	tokens, err := s.unplacedTokens(ctx, tx, given)
	if err != nil {
		return 0, 0, err
	}
	// The records still placeable, placement by placement: current,
	// unplaced and as the run read them.
	kept := make([][]store.SourceRecord, len(placements))
	var existing []string
	for i, p := range placements {
		for _, r := range p.Records {
			if r.Lieu != nil {
				if t, ok := tokens[r.Key]; ok && t == r.Token {
					kept[i] = append(kept[i], store.SourceRecord{Source: r.Key.Source, SourceID: r.Key.ID, Lieu: *r.Lieu})
				}
			} else if u, ok := unplaced[r.Key]; ok && u.token == r.Token {
				kept[i] = append(kept[i], u.rec)
			}
		}
		if p.Place != "" && len(kept[i]) > 0 {
			existing = append(existing, p.Place)
		}
	}
	published, err := s.publishedIDs(ctx, tx, existing)
	if err != nil {
		return 0, 0, err
	}
	prio, err := s.priorities(ctx, tx)
	if err != nil {
		return 0, 0, err
	}
	taken := s.taken(ctx, tx)
	mine := map[string]bool{} // the ids this transaction gives
	placeOf := map[store.RecordKey]string{}
	var fresh []freshPlace
	var joined []string // existing places that take records
	var entries []audit.Entry
	for i, p := range placements {
		recs := kept[i]
		if len(recs) == 0 || p.Place != "" && !published[p.Place] {
			continue // left waiting for the next run
		}
		id := p.Place
		if id == "" {
			first := recs[0]
			id = store.PublicID(first.SourceID, first.Source, func(c string) bool { return mine[c] || taken(c) })
			mine[id] = true
			fresh = append(fresh, freshPlace{id: id, records: recs})
		} else {
			joined = append(joined, id)
		}
		for _, r := range recs {
			placeOf[store.RecordKey{Source: r.Source, ID: r.SourceID}] = id
		}
		placed += len(recs)
		if e, ok := placementEntry(p, id, recs); ok {
			entries = append(entries, e)
		}
	}
	if err := s.setPlaces(ctx, tx, placeOf); err != nil {
		return 0, 0, err
	}
	if err := s.insertFresh(ctx, tx, fresh, prio); err != nil {
		return 0, 0, err
	}
	// The published places that took records, computed again from all
	// theirs, as a merge computes its survivor.
	if len(joined) > 0 {
		places, err := s.storedPlaces(ctx, tx, joined)
		if err != nil {
			return 0, 0, err
		}
		hands, err := s.handEditsOf(ctx, tx, joined)
		if err != nil {
			return 0, 0, err
		}
		records, err := s.currentRecordsOf(ctx, tx, joined)
		if err != nil {
			return 0, 0, err
		}
		for _, id := range joined {
			p := places[id]
			cur, err := place.Decode(p.vals)
			if err != nil {
				return 0, 0, err
			}
			cur.ID, cur.PassNumerique, cur.Provenance = id, p.lieu.PassNumerique, p.lieu.Provenance
			if err := s.rewrite(ctx, tx, loadedPlace{id: id, records: records[id], hash: p.hash, principal: p.principal, principalID: p.principalID,
				published: true, cur: &cur, hand: hands[id]}, "dedup", prio); err != nil {
				return 0, 0, err
			}
		}
	}
	if err := s.appendAudits(ctx, tx, entries); err != nil {
		return 0, 0, err
	}
	return placed, len(fresh), nil
}

// placementEntry is the journal's entry of a placement that put records
// together, or with a published place: one entry for the place, whose
// motif names the pairs (their explanation is stored with them, shown on
// the place's history and by « maillage doublons »).
func placementEntry(p store.Placement, id string, recs []store.SourceRecord) (audit.Entry, bool) {
	if p.Place == "" && len(recs) < 2 {
		return audit.Entry{}, false // a place of one record, as an import creates it
	}
	names := make([]string, len(recs))
	for i, r := range recs {
		names[i] = r.Source + " « " + r.SourceID + " »"
	}
	var pairs []string
	best := 0.0
	for _, pp := range p.Pairs {
		w := fmt.Sprintf("%s « %s » et %s « %s » (score %s", pp.Key.A.Source, pp.Key.A.ID, pp.Key.B.Source, pp.Key.B.ID, french.Decimal(pp.Score, 1))
		if pp.Confirmed {
			w += ", confirmée par une personne"
		}
		pairs = append(pairs, w+")")
		best = max(best, pp.Score)
	}
	motif := "Même lieu : " + strings.Join(pairs, " ; ")
	info := map[string]any{"motif": motif, "enregistrements": strings.Join(names, ", ")}
	if best != 0 {
		info["score"] = best
	}
	action := "lieu.fusionne"
	if p.Place == "" {
		info["nouveau"] = true
	}
	actor := p.Actor
	if actor == "" {
		actor = "dedup"
	}
	return audit.Entry{Actor: actor, Action: action, Kind: "lieu", ObjectID: id, After: audit.JSON(info)}, true
}

// errUnplaced refuses to decide on a record an import left unplaced: the
// merge run places it first.
func errUnplaced(source, id string) error {
	return failure.Errorf(failure.Conflict, "L'enregistrement %s « %s » attend la recherche des doublons : il n'est encore dans aucun lieu (« maillage doublons --comparer » la lance).", source, id)
}

// bySourceChunks calls fn with the ids of keys by source (in the order
// the sources first come), mergeChunk ids at most a call.
func bySourceChunks(keys []store.RecordKey, fn func(source string, ids []string) error) error {
	bySource := map[string][]string{}
	var order []string
	for _, k := range keys {
		if _, ok := bySource[k.Source]; !ok {
			order = append(order, k.Source)
		}
		bySource[k.Source] = append(bySource[k.Source], k.ID)
	}
	for _, source := range order {
		ids := bySource[source]
		for start := 0; start < len(ids); start += mergeChunk {
			if err := fn(source, ids[start:min(start+mergeChunk, len(ids))]); err != nil {
				return err
			}
		}
	}
	return nil
}

// unplacedRecord is a record read for a placement, with its token.
type unplacedRecord struct {
	rec   store.SourceRecord
	token int64
}

// unplacedRecords reads the current unplaced records among keys.
func (s *Store) unplacedRecords(ctx context.Context, tx *Tx, keys []store.RecordKey) (map[store.RecordKey]unplacedRecord, error) {
	out := make(map[store.RecordKey]unplacedRecord, len(keys))
	err := bySourceChunks(keys, func(source string, chunk []string) error {
		args := append([]any{source}, anys(chunk)...)
		// By key only: with lieu_id = '' in the condition, the engine
		// may read every unplaced record through lieu_id's index.
		q := strings.Replace(selectRecords, "SELECT ", "SELECT a_comparer, ", 1) +
			` WHERE source = ? AND source_id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		rows, err := tx.Tx.QueryContext(ctx, s.q(q), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var token int64
			sr, err := scanRecord(func(dest ...any) error { return rows.Scan(append([]any{&token}, dest...)...) })
			if err != nil {
				rows.Close()
				return err
			}
			if sr.LieuID == "" && sr.WithdrawnAt.IsZero() {
				out[store.RecordKey{Source: sr.Source, ID: sr.SourceID}] = unplacedRecord{rec: sr, token: token}
			}
		}
		rows.Close()
		return rows.Err()
	})
	return out, err
}

// unplacedTokens reads the tokens of the current unplaced records among
// keys.
func (s *Store) unplacedTokens(ctx context.Context, tx *Tx, keys []store.RecordKey) (map[store.RecordKey]int64, error) {
	out := make(map[store.RecordKey]int64, len(keys))
	err := bySourceChunks(keys, func(source string, chunk []string) error {
		args := append([]any{source}, anys(chunk)...)
		// By key only, as unplacedRecords.
		rows, err := tx.Tx.QueryContext(ctx, s.q(`SELECT source_id, a_comparer, lieu_id, retire_at FROM enregistrements
				WHERE source = ? AND source_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, lieu, withdrawn string
			var token int64
			if err := rows.Scan(&id, &token, &lieu, &withdrawn); err != nil {
				rows.Close()
				return err
			}
			if lieu == "" && withdrawn == "" {
				out[store.RecordKey{Source: source, ID: id}] = token
			}
		}
		rows.Close()
		return rows.Err()
	})
	return out, err
}

// publishedIDs tells which of ids are published places.
func (s *Store) publishedIDs(ctx context.Context, tx *Tx, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(ids); start += mergeChunk {
		chunk := ids[start:min(start+mergeChunk, len(ids))]
		rows, err := tx.Tx.QueryContext(ctx, s.q(`SELECT id FROM lieux WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), anys(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// setPlaces puts records in their places, no longer pending.
func (s *Store) setPlaces(ctx context.Context, tx *Tx, placeOf map[store.RecordKey]string) error {
	keys := make([]store.RecordKey, 0, len(placeOf))
	for k := range placeOf {
		keys = append(keys, k)
	}
	return bySourceChunks(keys, func(source string, chunk []string) error {
		args := make([]any, 0, 3*len(chunk)+1)
		for _, id := range chunk {
			args = append(args, id, placeOf[store.RecordKey{Source: source, ID: id}])
		}
		args = append(args, source)
		args = append(args, anys(chunk)...)
		q := `UPDATE enregistrements SET a_comparer = 0, lieu_id = CASE source_id` + strings.Repeat(` WHEN ? THEN ?`, len(chunk)) +
			` END WHERE source = ? AND source_id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		_, err := tx.ExecContext(ctx, s.q(q), args...)
		return err
	})
}

// freshPlace is a new place and its records.
type freshPlace struct {
	id      string
	records []store.SourceRecord
}

// insertFresh publishes new places, each computed from its records, in
// multi-row statements, with their field-level provenance.
func (s *Store) insertFresh(ctx context.Context, tx *Tx, fresh []freshPlace, prio map[string]int) error {
	var places, provenance []any
	n, np := 0, 0
	flush := func() error {
		if n > 0 {
			if _, err := tx.ExecContext(ctx, s.q(insertPlaces(n)), places...); err != nil {
				return err
			}
		}
		if np > 0 {
			q := `INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor, source, source_id) VALUES (?, ?, 'source', ?, '', ?, ?)` +
				strings.Repeat(`, (?, ?, 'source', ?, '', ?, ?)`, np-1)
			if _, err := tx.ExecContext(ctx, s.q(q), provenance...); err != nil {
				return err
			}
		}
		places, provenance, n, np = places[:0], provenance[:0], 0, 0
		return nil
	}
	now := s.updatedAt(tx.now)
	computed := computeFresh(fresh, prio)
	for k, f := range fresh {
		order, err := s.nextCreation(ctx, tx)
		if err != nil {
			return err
		}
		c := &computed[k]
		places = append(places, f.id, c.best.Source, c.best.SourceID, c.row.Hash)
		places = rowArgs(places, &c.row)
		places = append(places, now, now, order)
		n++
		provenance = append(provenance, c.provenance...)
		np += len(c.provenance) / 5
		if n == insertBatch || np > 200 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// computedPlace is a new place computed from its records: its row, its
// best ranked record, its provenance rows (provenanceArgs).
type computedPlace struct {
	row        store.Row
	best       merge.Record
	provenance []any
}

// computeFresh computes the new places on every core (each reads only its
// records), while the transaction waits: the writes stay in one thread.
func computeFresh(fresh []freshPlace, prio map[string]int) []computedPlace {
	out := make([]computedPlace, len(fresh))
	workers := runtime.GOMAXPROCS(0)
	per := (len(fresh) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(fresh); start += per {
		wg.Add(1)
		go func(start, end int) {
			defer wg.Done()
			for k := start; k < end; k++ {
				f := &fresh[k]
				recs := make([]merge.Record, len(f.records))
				for i := range f.records {
					r := &f.records[i]
					recs[i] = merge.Record{Source: r.Source, SourceID: r.SourceID, Priority: prio[r.Source], Lieu: &r.Lieu}
				}
				l, origins := merge.Compute(recs, nil, nil)
				l.ID = f.id
				c := computedPlace{row: store.RowOf(&l)}
				merge.Rank(recs)
				c.best = recs[0]
				if len(recs) > 1 {
					c.provenance = provenanceArgs(nil, f.id, recs, origins)
				}
				out[k] = c
			}
		}(start, min(start+per, len(fresh)))
	}
	wg.Wait()
	return out
}

// provenanceArgs appends the field-level provenance rows of a place of
// several records, recs ranked: a row per field that does not come from
// the best ranked record (FieldSources says that record for the fields
// without a row): lieu_id, champ, at, source, source_id.
func provenanceArgs(args []any, id string, recs []merge.Record, origins map[string]merge.Origin) []any {
	best := recs[0]
	for _, f := range place.FieldNames[1:] {
		o := origins[f]
		if !o.FromSource() || o.Source == best.Source && o.SourceID == best.SourceID && o.At.Equal(best.Lieu.DateMaj) {
			continue
		}
		args = append(args, id, f, ts(o.At), o.Source, o.SourceID)
	}
	return args
}
