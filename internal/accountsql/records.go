package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/merge"
	"maillage/internal/place"
	"maillage/internal/store"
)

// The source records of places (table enregistrements) and what is done
// with them in a transaction: a place computed again from its records,
// unpublished, published again, merged, split. Both engines run this code.

const recordColumns = "source, source_id, lieu_id, valeurs, latitude, longitude, pass_numerique, provenance, diagnostics, hash, premier_vu, dernier_vu, retire_at"

// recordTuple is the placeholders of one record's values.
var recordTuple = "(?" + strings.Repeat(", ?", 12) + ")"

// recordArgs appends the values of a record of source, as read (r is its
// store.RowOf), belonging to place lieuID and seen at now.
func recordArgs(args []any, source, sourceID, lieuID string, r *store.Row, diagnostics []byte, now string) []any {
	vals := r.Values
	vals[place.FLatitude], vals[place.FLongitude] = "", ""
	vals[place.FID] = sourceID
	b, _ := json.Marshal(vals)
	return append(args, source, sourceID, lieuID, string(b), r.Lat, r.Lon, r.Pass, string(r.Provenance), string(diagnostics), r.Hash, now, now, "")
}

// scanRecord reads a record's source, source_id, lieu_id, valeurs,
// latitude, longitude, pass_numerique, provenance, hash, premier_vu,
// dernier_vu, retire_at and diagnostics.
func scanRecord(scan func(...any) error) (store.SourceRecord, error) {
	var sr store.SourceRecord
	var r store.Row
	var vals, prov, first, last, withdrawn, diags string
	if err := scan(&sr.Source, &sr.SourceID, &sr.LieuID, &vals, &r.Lat, &r.Lon, &r.Pass, &prov, &sr.Hash, &first, &last, &withdrawn, &diags); err != nil {
		return sr, err
	}
	if diags != "" {
		sr.Diagnostics = []byte(diags)
	}
	var v []string
	if err := json.Unmarshal([]byte(vals), &v); err != nil || len(v) != place.NumFields {
		return sr, fmt.Errorf("enregistrement %s/%s : valeurs illisibles", sr.Source, sr.SourceID)
	}
	copy(r.Values[:], v)
	r.Provenance = []byte(prov)
	l, err := r.Lieu()
	if err != nil {
		return sr, err
	}
	sr.Lieu, sr.FirstSeen, sr.LastSeen, sr.WithdrawnAt = l, parseTS(first), parseTS(last), parseTS(withdrawn)
	return sr, nil
}

const selectRecords = "SELECT source, source_id, lieu_id, valeurs, latitude, longitude, pass_numerique, provenance, hash, premier_vu, dernier_vu, retire_at, diagnostics FROM enregistrements"

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// records reads the records of a place (only the current ones if current).
func (s *Store) records(ctx context.Context, q querier, lieuID string, current bool) ([]store.SourceRecord, error) {
	query := selectRecords + " WHERE lieu_id = ?"
	if current {
		query += " AND retire_at = ''"
	}
	rows, err := queryRows(ctx, q, s.q(query+" ORDER BY source, source_id"), lieuID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.SourceRecord
	for rows.Next() {
		sr, err := scanRecord(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, sr)
	}
	return out, rows.Err()
}

// priorities reads the sources' priorities.
func (s *Store) priorities(ctx context.Context, q querier) (map[string]int, error) {
	rows, err := queryRows(ctx, q, `SELECT nom, priorite FROM sources`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var p int
		if err := rows.Scan(&name, &p); err != nil {
			return nil, err
		}
		out[name] = p
	}
	return out, rows.Err()
}

// handEdits reads the fields of a place set by hand.
func (s *Store) handEdits(ctx context.Context, q querier, lieuID string) (map[string]merge.Hand, error) {
	rows, err := queryRows(ctx, q, s.q(`SELECT champ, origine, at, actor, dit_sources FROM lieux_champs WHERE lieu_id = ? AND origine <> 'source'`), lieuID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]merge.Hand{}
	for rows.Next() {
		var f, at string
		var h merge.Hand
		if err := rows.Scan(&f, &h.Origin, &at, &h.Actor, &h.Said); err != nil {
			return nil, err
		}
		h.At = parseTS(at)
		out[f] = h
	}
	return out, rows.Err()
}

// published reads a published place, its hash and principal record;
// ok false when it is not published.
func (s *Store) published(ctx context.Context, tx *Tx, id string) (l place.Lieu, hash, src, srcID string, ok bool, err error) {
	err = tx.QueryRowContext(ctx, s.q(`SELECT hash, import_source, import_id FROM lieux WHERE id = ?`+s.dialect.ForUpdate), id).Scan(&hash, &src, &srcID)
	if errors.Is(err, sql.ErrNoRows) {
		return l, "", "", "", false, nil
	}
	if err != nil {
		return l, "", "", "", false, err
	}
	var r store.Row
	if err := r.Scan(tx.QueryRowContext(ctx, s.q(s.dialect.SelectLieux+` WHERE id = ?`), id).Scan); err != nil {
		return l, "", "", "", false, err
	}
	l, err = r.Lieu()
	l.ID = id
	return l, hash, src, srcID, err == nil, err
}

// recompute computes a place again from its current records and the
// fields set by hand, and writes it: updated when published, published
// again (under its id) when it was withdrawn, unpublished when no current
// record nor hand edit holds it up. why says, in the journal, why a place
// is unpublished.
func (s *Store) recompute(ctx context.Context, tx *Tx, id, actor, why string) error {
	return s.recomputeWith(ctx, tx, id, actor, why, nil, nil)
}

// recomputeWith is recompute with the place's current values and hand
// edits given (a merge brings the absorbed place's).
func (s *Store) recomputeWith(ctx context.Context, tx *Tx, id, actor, why string, cur *place.Lieu, hand map[string]merge.Hand) error {
	srs, err := s.records(ctx, tx, id, true)
	if err != nil {
		return err
	}
	stored, hash, principal, principalID, isPublished, err := s.published(ctx, tx, id)
	if err != nil {
		return err
	}
	if cur == nil && isPublished {
		cur = &stored
	}
	if hand == nil && isPublished {
		if hand, err = s.handEdits(ctx, tx, id); err != nil {
			return err
		}
	}
	if len(srs) == 0 {
		if isPublished && !holdsUp(hand) {
			return s.unpublish(ctx, tx, id, actor, why)
		}
		if isPublished {
			return s.keptByHand(ctx, tx, id, actor, why)
		}
		return nil // already withdrawn
	}
	prio, err := s.priorities(ctx, tx)
	if err != nil {
		return err
	}
	return s.rewrite(ctx, tx, loadedPlace{id: id, records: srs, hash: hash, principal: principal, principalID: principalID,
		published: isPublished, cur: cur, hand: hand}, actor, prio)
}

// holdsUp reports whether fields set by hand hold up a place without
// current records: a confirmation of its date alone does not.
func holdsUp(hand map[string]merge.Hand) bool {
	for f := range hand {
		if f != merge.DateField {
			return true
		}
	}
	return false
}

// loadedPlace is what computing a place again reads: its current records,
// and, when it is published, its stored hash, principal record, values and
// hand edits.
type loadedPlace struct {
	id                     string
	records                []store.SourceRecord // at least one
	hash                   string
	principal, principalID string
	published              bool
	cur                    *place.Lieu
	hand                   map[string]merge.Hand
}

// rewrite computes a place of at least one current record from what was
// read of it and writes it: its row (published again if it was not), its
// principal record and its field-level provenance.
func (s *Store) rewrite(ctx context.Context, tx *Tx, lp loadedPlace, actor string, prio map[string]int) error {
	id, srs, hash, principal, principalID, isPublished, cur, hand := lp.id, lp.records, lp.hash, lp.principal, lp.principalID, lp.published, lp.cur, lp.hand
	recs := make([]merge.Record, len(srs))
	for i := range srs {
		recs[i] = merge.Record{Source: srs[i].Source, SourceID: srs[i].SourceID, Priority: prio[srs[i].Source], Lieu: &srs[i].Lieu}
	}
	l, origins := merge.Compute(recs, cur, hand)
	l.ID = id
	row := store.RowOf(&l)
	// The principal record names the place in lieux (import_source,
	// import_id): one of its own records, the best ranked if its own left.
	merge.Rank(recs)
	ownsPrincipal := false
	for _, r := range recs {
		ownsPrincipal = ownsPrincipal || (r.Source == principal && r.SourceID == principalID)
	}
	if !ownsPrincipal {
		principal, principalID = recs[0].Source, recs[0].SourceID
	}
	if isPublished {
		if row.Hash != hash || !ownsPrincipal {
			args := rowArgs(append(make([]any, 0, place.NumFields+8), row.Hash), &row)
			args = append(args, s.updatedAt(tx.now), principal, principalID, id)
			if _, err := tx.ExecContext(ctx, s.q(updateLieuPrincipal), args...); err != nil {
				return err
			}
		}
	} else if err := s.republish(ctx, tx, id, principal, principalID, &row, actor); err != nil {
		return err
	}
	// Field-level provenance: rows of origin "source" for a place of
	// several records (a place of one has every field not set by hand
	// from it).
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND origine = 'source'`), id); err != nil {
		return err
	}
	// A hand edit a record dated after it replaced is no longer the
	// field's origin.
	if err := s.dropHandEdits(ctx, tx, id, store.Replaced(hand, origins)); err != nil {
		return err
	}
	if len(srs) > 1 {
		// A row per field that does not come from the best ranked record
		// (FieldSources says that record for the fields without a row), in
		// one statement: a merge run writes thousands of places.
		args := provenanceArgs(nil, id, recs, origins)
		if n := len(args) / 5; n > 0 {
			q := `INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor, source, source_id) VALUES (?, ?, 'source', ?, '', ?, ?)` +
				strings.Repeat(`, (?, ?, 'source', ?, '', ?, ?)`, n-1)
			if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropHandEdits removes the marks of fields no longer set by hand.
func (s *Store) dropHandEdits(ctx context.Context, tx *Tx, id string, fields []string) error {
	for _, f := range fields {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND champ = ?`), id, f); err != nil {
			return err
		}
	}
	return nil
}

// updateLieuPrincipal writes every column of a place's row and its
// principal record, by id.
var updateLieuPrincipal = strings.Replace(updateLieu, " WHERE id = ?", ", import_source = ?, import_id = ? WHERE id = ?", 1)

// unpublish moves a published place to the withdrawn places.
func (s *Store) unpublish(ctx context.Context, tx *Tx, id, actor, why string) error {
	l, _, _, _, ok, err := s.published(ctx, tx, id)
	if err != nil || !ok {
		return err
	}
	var created any
	var order int64
	if err := tx.QueryRowContext(ctx, s.q(`SELECT created_at, ordre_creation FROM lieux WHERE id = ?`), id).Scan(&created, &order); err != nil {
		return err
	}
	vals, _ := json.Marshal(l.Values())
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO lieux_retires (id, nom, valeurs, created_at, retire_at, motif, ordre_creation) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		id, l.Nom, string(vals), timeText(created), ts(tx.now), why, order); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux WHERE id = ?`), id); err != nil {
		return err
	}
	return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "lieu.retire", Kind: "lieu", ObjectID: id,
		Before: audit.JSON(map[string]any{"nom": l.Nom}), After: audit.JSON(map[string]any{"motif": why})})
}

// republish publishes a withdrawn place again under its id.
func (s *Store) republish(ctx context.Context, tx *Tx, id, principal, principalID string, row *store.Row, actor string) error {
	var created string
	var order int64
	err := tx.QueryRowContext(ctx, s.q(`SELECT created_at, ordre_creation FROM lieux_retires WHERE id = ?`), id).Scan(&created, &order)
	if errors.Is(err, sql.ErrNoRows) {
		// A new place (a record split off).
		created = ts(tx.now)
		if order, err = s.nextCreation(ctx, tx); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	args := rowArgs(append(make([]any, 0, place.NumFields+8), id, principal, principalID, row.Hash), row)
	args = append(args, s.updatedAt(parseTS(created)), s.updatedAt(tx.now), order)
	if _, err := tx.ExecContext(ctx, s.q(insertLieu), args...); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_retires WHERE id = ?`), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "lieu.republie", Kind: "lieu", ObjectID: id,
		After: audit.JSON(map[string]any{"source": principal, "id_source": principalID})})
}

// timeText writes a time read from the database (text on SQLite, a
// time.Time on PostgreSQL) as stored text.
func timeText(v any) string {
	switch t := v.(type) {
	case time.Time:
		return ts(t)
	case string:
		return t
	case []byte:
		return string(t)
	}
	return ""
}

// taken tells whether a new place may not take id: published, withdrawn
// or redirected.
func (s *Store) taken(ctx context.Context, tx rowQuerier) func(string) bool {
	return func(id string) bool {
		var n int
		err := tx.QueryRowContext(ctx, s.q(`SELECT (SELECT count(*) FROM lieux WHERE id = ?) + (SELECT count(*) FROM lieux_retires WHERE id = ?) + (SELECT count(*) FROM redirections WHERE ancien_id = ?)`),
			id, id, id).Scan(&n)
		return err != nil || n > 0
	}
}

var (
	errSameSurvivor = failure.Errorf(failure.Invalid, "Un lieu ne peut pas être fusionné avec lui-même.")
)

// MergePlaces merges absorbed into survivor (see store.Records).
func (s *Store) MergePlaces(ctx context.Context, survivorID, absorbedID string, why store.MergeInfo) error {
	if survivorID == absorbedID {
		return errSameSurvivor
	}
	err := s.handTx(ctx, func(tx *Tx) error {
		return s.mergeIn(ctx, tx, survivorID, absorbedID, why)
	})
	return wrap("fusion de lieux", nil, err)
}

// mergeIn merges absorbed into survivor in tx.
func (s *Store) mergeIn(ctx context.Context, tx *Tx, survivorID, absorbedID string, why store.MergeInfo) error {
	{
		survivor, _, _, _, ok, err := s.published(ctx, tx, survivorID)
		if err != nil {
			return err
		}
		if !ok {
			return failure.Errorf(failure.NotFound, "Lieu %q introuvable : il n'est pas publié.", survivorID)
		}
		absorbed, _, _, _, ok, err := s.published(ctx, tx, absorbedID)
		if err != nil {
			return err
		}
		if !ok {
			return failure.Errorf(failure.NotFound, "Lieu %q introuvable : il n'est pas publié.", absorbedID)
		}
		// Hand edits: the survivor's hold; the absorbed place's are kept
		// for the fields nobody set by hand on the survivor.
		hand, err := s.handEdits(ctx, tx, survivorID)
		if err != nil {
			return err
		}
		other, err := s.handEdits(ctx, tx, absorbedID)
		if err != nil {
			return err
		}
		cur := survivor.Values()
		from := absorbed.Values()
		for f, h := range other {
			i, isField := place.FieldIndex[f]
			if _, mine := hand[f]; mine || !isField {
				continue
			}
			hand[f] = h
			cur[i] = from[i]
			if i == place.FLatitude {
				cur[place.FLongitude] = from[place.FLongitude]
			}
		}
		merged, err := place.Decode(cur)
		if err != nil {
			return err
		}
		merged.ID, merged.PassNumerique, merged.Provenance = survivorID, survivor.PassNumerique, survivor.Provenance
		for _, q := range []string{
			`UPDATE enregistrements SET lieu_id = ? WHERE lieu_id = ?`,
			`UPDATE signalements SET lieu_id = ? WHERE lieu_id = ?`,
			`UPDATE propositions SET lieu_id = ? WHERE lieu_id = ?`,
			`UPDATE redirections SET lieu_id = ? WHERE lieu_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, s.q(q), survivorID, absorbedID); err != nil {
				return err
			}
		}
		// Claims follow, but for an account's second pending claim.
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE revendications SET lieu_id = ? WHERE lieu_id = ? AND NOT (statut = 'en_attente' AND compte IN (SELECT compte FROM revendications WHERE lieu_id = ? AND statut = 'en_attente'))`),
			survivorID, absorbedID, survivorID); err != nil {
			return err
		}
		for f, h := range other {
			if _, mine := hand[f]; mine && hand[f] != h {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND champ = ?`), survivorID, f); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor, dit_sources) VALUES (?, ?, ?, ?, ?, ?)`),
				survivorID, f, h.Origin, ts(h.At), h.Actor, h.Said); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux WHERE id = ?`), absorbedID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO redirections (ancien_id, lieu_id, at, actor, motif) VALUES (?, ?, ?, ?, ?)`),
			absorbedID, survivorID, ts(tx.now), why.Actor, why.Reason); err != nil {
			return err
		}
		if err := s.recomputeWith(ctx, tx, survivorID, why.Actor, "", &merged, hand); err != nil {
			return err
		}
		info := map[string]any{"motif": why.Reason}
		if why.Score != 0 {
			info["score"] = why.Score
		}
		info["absorbe"] = absorbedID
		if err := s.appendAudit(ctx, tx, audit.Entry{Actor: why.Actor, Action: "lieu.fusionne", Kind: "lieu", ObjectID: survivorID,
			Before: audit.JSON(map[string]any{"nom": survivor.Nom}), After: audit.JSON(info)}); err != nil {
			return err
		}
		delete(info, "absorbe")
		info["survivant"] = survivorID
		return s.appendAudit(ctx, tx, audit.Entry{Actor: why.Actor, Action: "lieu.absorbe", Kind: "lieu", ObjectID: absorbedID,
			Before: audit.JSON(map[string]any{"nom": absorbed.Nom}), After: audit.JSON(info)})
	}
}

// SplitRecord takes a record out of its place (see store.Records).
func (s *Store) SplitRecord(ctx context.Context, source, sourceID string, why store.MergeInfo) (store.Split, error) {
	var out store.Split
	err := s.handTx(ctx, func(tx *Tx) error {
		var lieuID, withdrawn string
		err := tx.QueryRowContext(ctx, s.q(`SELECT lieu_id, retire_at FROM enregistrements WHERE source = ? AND source_id = ?`), source, sourceID).Scan(&lieuID, &withdrawn)
		if errors.Is(err, sql.ErrNoRows) {
			return failure.Errorf(failure.NotFound, "Enregistrement %s de la source « %s » introuvable parmi les enregistrements publiés.", sourceID, source)
		}
		if err != nil {
			return err
		}
		if withdrawn != "" {
			return failure.Errorf(failure.Conflict, "L'enregistrement %s de la source « %s » est retiré : il ne peut pas devenir un lieu.", sourceID, source)
		}
		if lieuID == "" {
			return errUnplaced(source, sourceID)
		}
		recs, err := s.records(ctx, tx, lieuID, true)
		if err != nil {
			return err
		}
		if len(recs) < 2 {
			return failure.Errorf(failure.Conflict, "L'enregistrement %s de la source « %s » est le seul du lieu %s : il n'y a rien à séparer.", sourceID, source, lieuID)
		}
		// The person's decisions, on the place as it is now: kept only
		// if the split is.
		out.From, out.At = lieuID, tx.now
		if err := s.markSplit(ctx, tx, store.RecordKey{Source: source, ID: sourceID}, recs, why.Actor); err != nil {
			return err
		}
		var newID, reclaimed string
		if store.PublishedFrom(lieuID, source, sourceID, recs) {
			// The place was published from this record: its id stays
			// with it, the other records leave.
			out.Record = lieuID
			if out.Others, reclaimed, err = s.splitOthers(ctx, tx, lieuID, source, sourceID, recs); err != nil {
				return err
			}
			newID = out.Others
		} else {
			// The record's own place, absorbed by a merge, comes back
			// under its id; otherwise a new id.
			if newID, reclaimed, err = s.recordID(ctx, tx, lieuID, source, sourceID); err != nil {
				return err
			}
			if reclaimed != "" {
				if err := s.takeBackID(ctx, tx, reclaimed); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE enregistrements SET lieu_id = ? WHERE source = ? AND source_id = ?`), newID, source, sourceID); err != nil {
				return err
			}
			out.Record, out.Others = newID, lieuID
		}
		// The old place first: it may have to name another principal
		// record before the new place takes one of its records.
		if err := s.recompute(ctx, tx, lieuID, why.Actor, ""); err != nil {
			return err
		}
		if err := s.recomputeWith(ctx, tx, newID, why.Actor, "", nil, map[string]merge.Hand{}); err != nil {
			return err
		}
		info := map[string]any{"motif": why.Reason, "source": source, "id_source": sourceID}
		info["nouveau_lieu"] = newID
		if out.Record == lieuID {
			info["garde_le_lieu"] = true // the record stays; the others are the new place
		}
		if reclaimed != "" {
			info["redirection_retiree"] = reclaimed
		}
		if err := s.appendAudit(ctx, tx, audit.Entry{Actor: why.Actor, Action: "lieu.separe", Kind: "lieu", ObjectID: lieuID, After: audit.JSON(info)}); err != nil {
			return err
		}
		delete(info, "nouveau_lieu")
		info["separe_de"] = lieuID
		return s.appendAudit(ctx, tx, audit.Entry{Actor: why.Actor, Action: "lieu.cree", Kind: "lieu", ObjectID: newID, After: audit.JSON(info)})
	})
	return out, wrap("séparation d'un enregistrement", nil, err)
}

// Redirect follows the redirections of merges (see store.Records).
func (s *Store) Redirect(ctx context.Context, id string) (string, bool, error) {
	cur := id
	for range 16 { // merges flatten their chains: one step is the rule
		var next string
		err := s.rdb.QueryRowContext(ctx, s.q(`SELECT lieu_id FROM redirections WHERE ancien_id = ?`), cur).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return cur, cur != id, nil
		}
		if err != nil {
			return id, false, wrap("redirection", nil, err)
		}
		cur = next
	}
	return cur, cur != id, nil
}

// WithdrawnPlace tells about a place no longer published.
func (s *Store) WithdrawnPlace(ctx context.Context, id string) (store.Withdrawal, error) {
	w := store.Withdrawal{ID: id}
	var at string
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT nom, retire_at, motif FROM lieux_retires WHERE id = ?`), id).Scan(&w.Nom, &at, &w.Reason)
	w.At = parseTS(at)
	return w, wrap("lieu retiré", errLieuNotFound, err)
}

// SourceRecords are the records of a place.
func (s *Store) SourceRecords(ctx context.Context, lieuID string) ([]store.SourceRecord, error) {
	out, err := s.records(ctx, s.rdb, lieuID, false)
	return out, wrap("enregistrements", nil, err)
}

// FieldSources says where each field of a place comes from.
func (s *Store) FieldSources(ctx context.Context, lieuID string) (map[string]store.FieldOrigin, error) {
	out, err := s.FieldOrigins(ctx, lieuID)
	if err != nil {
		return nil, err
	}
	all, err := s.records(ctx, s.rdb, lieuID, false)
	if err != nil {
		return nil, wrap("provenance", nil, err)
	}
	// A place whose every record was withdrawn (held up by hand edits)
	// keeps the values of its last records: they stay their origin, said
	// withdrawn.
	var srs []store.SourceRecord
	withdrawn := map[store.RecordKey]time.Time{}
	for _, r := range all {
		if r.WithdrawnAt.IsZero() {
			srs = append(srs, r)
		} else {
			withdrawn[store.RecordKey{Source: r.Source, ID: r.SourceID}] = r.WithdrawnAt
		}
	}
	if len(srs) == 0 {
		srs = all
	}
	if len(srs) == 0 {
		return out, nil
	}
	defer func() {
		for f, o := range out {
			if !o.ByHand() {
				o.Withdrawn = withdrawn[store.RecordKey{Source: o.Source, ID: o.SourceID}]
				out[f] = o
			}
		}
	}()
	// A place of one record has every field not set by hand from it; a
	// place of several has a row per field that does not come from its
	// best ranked record (as rewrite ranks them: by the sources' priority
	// first).
	prio, err := s.priorities(ctx, s.rdb)
	if err != nil {
		return nil, wrap("provenance", nil, err)
	}
	recs := make([]merge.Record, len(srs))
	for i := range srs {
		recs[i] = merge.Record{Source: srs[i].Source, SourceID: srs[i].SourceID, Priority: prio[srs[i].Source], Lieu: &srs[i].Lieu}
	}
	merge.Rank(recs)
	for _, f := range place.FieldNames[1:] {
		if _, ok := out[f]; !ok {
			out[f] = store.FieldOrigin{Origin: store.OriginSource, Source: recs[0].Source, SourceID: recs[0].SourceID, At: recs[0].Lieu.DateMaj}
		}
	}
	return out, nil
}
