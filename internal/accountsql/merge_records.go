package accountsql

import (
	"context"
	"strings"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/merge"
	"maillage/internal/place"
	"maillage/internal/store"
)

// MergeRecords merges the places of pairs of records in one transaction
// (see store.Records). A merge run asks for thousands of merges: they are
// done as MergePlaces does one, but with the places read where they are
// now, inside the transaction, in a few multi-row statements, and each
// surviving place computed once, whatever the number it absorbs.
func (s *Store) MergeRecords(ctx context.Context, pairs []store.RecordMerge, compared []store.PendingRecord) ([]store.Merged, error) {
	var done []store.Merged
	err := s.tx(ctx, func(tx *Tx) error {
		if err := s.lockPlaces(ctx, tx); err != nil {
			return err
		}
		var err error
		if done, err = s.mergeRecordsIn(ctx, tx, pairs); err != nil {
			return err
		}
		return s.clearPending(ctx, tx, compared)
	})
	return done, wrap("fusion de lieux", nil, err)
}

// mergeChunk bounds the ids of one multi-row statement (two parameters
// each in a CASE: far below both engines' limits).
const mergeChunk = 200

// storedPlace is a published place as read for a merge.
type storedPlace struct {
	lieu                   place.Lieu
	vals                   [place.NumFields]string // its values, with the hand edits it takes from places it absorbs
	hash                   string
	principal, principalID string
}

func (s *Store) mergeRecordsIn(ctx context.Context, tx *Tx, pairs []store.RecordMerge) ([]store.Merged, error) {
	// Where each record is now.
	var keys []store.RecordKey
	for _, p := range pairs {
		keys = append(keys, p.A, p.B)
	}
	at, order, err := s.placesOfRecords(ctx, tx, keys)
	if err != nil {
		return nil, err
	}
	involved := map[string]bool{}
	for _, id := range at {
		involved[id] = true
	}
	seps, err := s.separations(ctx, tx, involved)
	if err != nil {
		return nil, err
	}

	// The merges, in order: the place created first of two survives
	// (lieux.ordre_creation), and absorbs the other with what it absorbed.
	parent := map[string]string{}
	var find func(string) string
	find = func(p string) string {
		q, ok := parent[p]
		if !ok {
			return p
		}
		r := find(q)
		parent[p] = r
		return r
	}
	var steps []store.Merged
	for i, p := range pairs {
		a, okA := at[p.A]
		b, okB := at[p.B]
		if !okA || !okB {
			continue // withdrawn or gone since the run read them
		}
		a, b = find(a), find(b)
		if a == b {
			continue
		}
		if separatedIn(seps, find, a, b) {
			continue // a person separated them since the run read the decisions
		}
		survivor, absorbed := a, b
		if createdFirst(order[b], order[a], b, a) {
			survivor, absorbed = b, a
		}
		parent[absorbed] = survivor
		steps = append(steps, store.Merged{Survivor: survivor, Absorbed: absorbed, Pair: i})
	}
	if len(steps) == 0 {
		return nil, nil
	}

	// The places involved, and their hand edits.
	var ids []string
	seen := map[string]bool{}
	for _, st := range steps {
		for _, id := range []string{st.Survivor, st.Absorbed} {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	places, err := s.storedPlaces(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	hands, err := s.handEditsOf(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	ownHands := map[string]map[string]bool{}
	for id, h := range hands {
		ownHands[id] = map[string]bool{}
		for f := range h {
			ownHands[id][f] = true
		}
	}

	// Hand edits, merge by merge: the survivor's hold; the absorbed
	// place's are kept, with its values, for the fields nobody set by hand
	// on the survivor.
	for _, st := range steps {
		sv, ab := places[st.Survivor], places[st.Absorbed]
		for f, h := range hands[st.Absorbed] {
			i, isField := place.FieldIndex[f]
			if _, mine := hands[st.Survivor][f]; mine || !isField {
				continue
			}
			if hands[st.Survivor] == nil {
				hands[st.Survivor] = map[string]merge.Hand{}
			}
			hands[st.Survivor][f] = h
			sv.vals[i] = ab.vals[i]
			if i == place.FLatitude {
				sv.vals[place.FLongitude] = ab.vals[place.FLongitude]
			}
		}
	}

	// Every absorbed place goes to the place that survives at the end.
	final := make(map[string]string, len(steps))
	var absorbed []string
	roots := []string{}
	isRoot := map[string]bool{}
	for _, st := range steps {
		r := find(st.Absorbed)
		final[st.Absorbed] = r
		absorbed = append(absorbed, st.Absorbed)
		if !isRoot[r] {
			isRoot[r] = true
			roots = append(roots, r)
		}
	}
	if err := s.moveToSurvivors(ctx, tx, absorbed, final); err != nil {
		return nil, err
	}
	// The hand edits a survivor took from the places it absorbed.
	for _, r := range roots {
		for f, h := range hands[r] {
			if ownHands[r][f] {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND champ = ?`), r, f); err != nil {
				return nil, err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor, dit_sources) VALUES (?, ?, ?, ?, ?, ?)`),
				r, f, h.Origin, ts(h.At), h.Actor, h.Said); err != nil {
				return nil, err
			}
		}
	}
	// The absorbed places go (their own provenance rows with them), and
	// their ids redirect.
	reasons := map[string]store.MergeInfo{}
	for _, st := range steps {
		reasons[st.Absorbed] = pairs[st.Pair].Why
	}
	for start := 0; start < len(absorbed); start += mergeChunk {
		chunk := absorbed[start:min(start+mergeChunk, len(absorbed))]
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), anys(chunk)...); err != nil {
			return nil, err
		}
		args := make([]any, 0, 5*len(chunk))
		for _, id := range chunk {
			why := reasons[id]
			args = append(args, id, final[id], ts(tx.now), why.Actor, why.Reason)
		}
		q := `INSERT INTO redirections (ancien_id, lieu_id, at, actor, motif) VALUES (?, ?, ?, ?, ?)` + strings.Repeat(`, (?, ?, ?, ?, ?)`, len(chunk)-1)
		if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
			return nil, err
		}
	}

	// Each surviving place computed once, from all its records.
	records, err := s.currentRecordsOf(ctx, tx, roots)
	if err != nil {
		return nil, err
	}
	prio, err := s.priorities(ctx, tx)
	if err != nil {
		return nil, err
	}
	actors := map[string]string{}
	for _, st := range steps {
		actors[final[st.Absorbed]] = pairs[st.Pair].Why.Actor
	}
	for _, r := range roots {
		p := places[r]
		cur, err := place.Decode(p.vals)
		if err != nil {
			return nil, err
		}
		cur.ID, cur.PassNumerique, cur.Provenance = r, p.lieu.PassNumerique, p.lieu.Provenance
		if len(records[r]) == 0 {
			continue // cannot be: it holds at least the records of a pair
		}
		if err := s.rewrite(ctx, tx, loadedPlace{id: r, records: records[r], hash: p.hash, principal: p.principal, principalID: p.principalID,
			published: true, cur: &cur, hand: hands[r]}, actors[r], prio); err != nil {
			return nil, err
		}
	}

	// The journal: each merge as MergePlaces journals it.
	entries := make([]audit.Entry, 0, 2*len(steps))
	for _, st := range steps {
		why := pairs[st.Pair].Why
		info := map[string]any{"motif": why.Reason}
		if why.Score != 0 {
			info["score"] = why.Score
		}
		info["absorbe"] = st.Absorbed
		entries = append(entries, audit.Entry{Actor: why.Actor, Action: "lieu.fusionne", Kind: "lieu", ObjectID: st.Survivor,
			Before: audit.JSON(map[string]any{"nom": places[st.Survivor].lieu.Nom}), After: audit.JSON(info)})
		delete(info, "absorbe")
		info["survivant"] = st.Survivor
		entries = append(entries, audit.Entry{Actor: why.Actor, Action: "lieu.absorbe", Kind: "lieu", ObjectID: st.Absorbed,
			Before: audit.JSON(map[string]any{"nom": places[st.Absorbed].lieu.Nom}), After: audit.JSON(info)})
	}
	if err := s.appendAudits(ctx, tx, entries); err != nil {
		return nil, err
	}
	return steps, nil
}

// moveToSurvivors moves what belongs to each absorbed place (its records,
// reports, proposals, the redirections to it, its claims) to the place
// final names for it.
func (s *Store) moveToSurvivors(ctx context.Context, tx *Tx, absorbed []string, final map[string]string) error {
	for start := 0; start < len(absorbed); start += mergeChunk {
		chunk := absorbed[start:min(start+mergeChunk, len(absorbed))]
		cases := make([]any, 0, 3*len(chunk))
		for _, id := range chunk {
			cases = append(cases, id, final[id])
		}
		cases = append(cases, anys(chunk)...)
		set := `lieu_id = CASE lieu_id` + strings.Repeat(` WHEN ? THEN ?`, len(chunk)) + ` END WHERE lieu_id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		for _, table := range []string{"enregistrements", "signalements", "propositions", "redirections"} {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE `+table+` SET `+set), cases...); err != nil {
				return err
			}
		}
		// Claims follow, but for an account's second pending claim (it
		// goes with the absorbed place): the few places that have claims,
		// one by one.
		rows, err := tx.Tx.QueryContext(ctx, s.q(`SELECT DISTINCT lieu_id FROM revendications WHERE lieu_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), anys(chunk)...)
		if err != nil {
			return err
		}
		var claimed []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			claimed = append(claimed, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range claimed {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE revendications SET lieu_id = ? WHERE lieu_id = ? AND NOT (statut = 'en_attente' AND compte IN (SELECT compte FROM revendications WHERE lieu_id = ? AND statut = 'en_attente'))`),
				final[id], id, final[id]); err != nil {
				return err
			}
		}
	}
	return nil
}

// placesOfRecords returns the published place of each current record
// among keys, and each such place's creation order; withdrawn or unknown
// records, and records of unpublished places, are absent.
func (s *Store) placesOfRecords(ctx context.Context, tx *Tx, keys []store.RecordKey) (map[store.RecordKey]string, map[string]int64, error) {
	seen := map[store.RecordKey]bool{}
	var unique []store.RecordKey // a pair's records come in several pairs
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			unique = append(unique, k)
		}
	}
	at := map[store.RecordKey]string{}
	order := map[string]int64{}
	err := bySourceChunks(unique, func(source string, chunk []string) error {
		args := append([]any{source}, anys(chunk)...)
		rows, err := tx.Tx.QueryContext(ctx, s.q(`SELECT e.source_id, l.id, l.ordre_creation FROM enregistrements e JOIN lieux l ON l.id = e.lieu_id
			WHERE e.retire_at = '' AND e.source = ? AND e.source_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var sid, id string
			var n int64
			if err := rows.Scan(&sid, &id, &n); err != nil {
				rows.Close()
				return err
			}
			at[store.RecordKey{Source: source, ID: sid}] = id
			order[id] = n
		}
		rows.Close()
		return rows.Err()
	})
	if err != nil {
		return nil, nil, err
	}
	return at, order, nil
}

// storedPlaces reads published places by id (locked until the end of tx
// where the engine locks rows).
func (s *Store) storedPlaces(ctx context.Context, tx *Tx, ids []string) (map[string]*storedPlace, error) {
	out := make(map[string]*storedPlace, len(ids))
	for start := 0; start < len(ids); start += mergeChunk {
		chunk := ids[start:min(start+mergeChunk, len(ids))]
		in := ` WHERE id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		rows, err := tx.Tx.QueryContext(ctx, s.q(`SELECT id, hash, import_source, import_id FROM lieux`+in+s.dialect.ForUpdate), anys(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			p := &storedPlace{}
			if err := rows.Scan(&id, &p.hash, &p.principal, &p.principalID); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		rows, err = tx.Tx.QueryContext(ctx, s.q(s.dialect.SelectLieux+in), anys(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r store.Row
			if err := r.Scan(rows.Scan); err != nil {
				rows.Close()
				return nil, err
			}
			id := r.Values[place.FID]
			l, err := r.Lieu()
			if err != nil {
				rows.Close()
				return nil, err
			}
			l.ID = id
			if p, ok := out[id]; ok {
				p.lieu, p.vals = l, l.Values()
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, errNotPublished(id)
		}
	}
	return out, nil
}

// handEditsOf reads the fields set by hand of places (those without any
// are absent).
func (s *Store) handEditsOf(ctx context.Context, tx *Tx, ids []string) (map[string]map[string]merge.Hand, error) {
	out := map[string]map[string]merge.Hand{}
	for start := 0; start < len(ids); start += mergeChunk {
		chunk := ids[start:min(start+mergeChunk, len(ids))]
		rows, err := tx.Tx.QueryContext(ctx, s.q(`SELECT lieu_id, champ, origine, at, actor, dit_sources FROM lieux_champs WHERE origine <> 'source' AND lieu_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), anys(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, f, when string
			var h merge.Hand
			if err := rows.Scan(&id, &f, &h.Origin, &when, &h.Actor, &h.Said); err != nil {
				rows.Close()
				return nil, err
			}
			h.At = parseTS(when)
			if out[id] == nil {
				out[id] = map[string]merge.Hand{}
			}
			out[id][f] = h
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// currentRecordsOf reads the current records of places, by place, each
// place's ordered by source and id.
func (s *Store) currentRecordsOf(ctx context.Context, tx *Tx, ids []string) (map[string][]store.SourceRecord, error) {
	out := make(map[string][]store.SourceRecord, len(ids))
	for start := 0; start < len(ids); start += mergeChunk {
		chunk := ids[start:min(start+mergeChunk, len(ids))]
		rows, err := tx.Tx.QueryContext(ctx, s.q(selectRecords+` WHERE retire_at = '' AND lieu_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`) ORDER BY lieu_id, source, source_id`), anys(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			sr, err := scanRecord(rows.Scan)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[sr.LieuID] = append(out[sr.LieuID], sr)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// anys returns the strings as arguments of a statement.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func errNotPublished(id string) error {
	return failure.Errorf(failure.NotFound, "Lieu %q introuvable : il n'est pas publié.", id)
}

// clearPending marks records compared by a merge run: those an import did
// not write again since the run read them (their token is unchanged). A
// record still unplaced stays pending: only its placement clears it.
func (s *Store) clearPending(ctx context.Context, tx *Tx, compared []store.PendingRecord) error {
	type group struct {
		source string
		token  int64
	}
	ids := map[group][]string{}
	var order []group
	for _, p := range compared {
		g := group{p.Key.Source, p.Token}
		if _, ok := ids[g]; !ok {
			order = append(order, g)
		}
		ids[g] = append(ids[g], p.Key.ID)
	}
	for _, g := range order {
		list := ids[g]
		for start := 0; start < len(list); start += 500 {
			chunk := list[start:min(start+500, len(list))]
			args := append([]any{g.source, g.token}, anys(chunk)...)
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE enregistrements SET a_comparer = 0 WHERE source = ? AND a_comparer = ? AND lieu_id <> '' AND source_id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`), args...); err != nil {
				return err
			}
		}
	}
	return nil
}
