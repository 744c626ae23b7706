package accountsql

import (
	"context"
	"strings"
	"time"

	"maillage/internal/audit"
	"maillage/internal/merge"
	"maillage/internal/place"
	"maillage/internal/store"
)

// updateLieu writes every column of a place's row, by id.
var updateLieu = func() string {
	sets := []string{"hash = ?"}
	for _, c := range store.Columns[1:] {
		sets = append(sets, c+" = ?")
	}
	sets = append(sets, "pass_numerique = ?", "provenance = ?", "updated_at = ?")
	return "UPDATE lieux SET " + strings.Join(sets, ", ") + " WHERE id = ?"
}()

// insertLieu creates a place's row.
var insertLieu = "INSERT INTO lieux (id, import_source, import_id, hash, " + strings.Join(store.Columns[1:], ", ") +
	", pass_numerique, provenance, created_at, updated_at, ordre_creation) VALUES (?" + strings.Repeat(", ?", 3+place.NumFields-1+5) + ")"

// rowArgs are the values of a row's fields 1…31, pass_numerique and provenance.
func rowArgs(args []any, r *store.Row) []any {
	for i := 1; i < place.NumFields; i++ {
		switch i {
		case place.FLatitude:
			args = append(args, r.Lat)
		case place.FLongitude:
			args = append(args, r.Lon)
		default:
			args = append(args, r.Values[i])
		}
	}
	return append(args, r.Pass, string(r.Provenance))
}

// PatchLieu applies a person's change to a place (see store.Places).
func (s *Store) PatchLieu(ctx context.Context, id string, p store.Patch) (place.Lieu, error) {
	var l place.Lieu
	err := s.handTx(ctx, func(tx *Tx) error {
		var err error
		l, err = s.patch(ctx, tx, id, p)
		return err
	})
	return l, wrap("modification du lieu", errLieuNotFound, err)
}

// patch applies p to the stored place id inside tx.
func (s *Store) patch(ctx context.Context, tx *Tx, id string, p store.Patch) (place.Lieu, error) {
	var version string
	if err := tx.QueryRowContext(ctx, s.q(`SELECT hash FROM lieux WHERE id = ?`+s.dialect.ForUpdate), id).Scan(&version); err != nil {
		return place.Lieu{}, err
	}
	var cur store.Row
	if err := cur.Scan(tx.QueryRowContext(ctx, s.q(s.dialect.SelectLieux+` WHERE id = ?`), id).Scan); err != nil {
		return place.Lieu{}, err
	}
	stored, err := cur.Lieu()
	if err != nil {
		return place.Lieu{}, err
	}
	stored.ID = id
	next, before, after, err := p.Apply(&stored, version)
	if err != nil {
		return place.Lieu{}, err
	}
	row := store.RowOf(&next)
	args := rowArgs(append(make([]any, 0, place.NumFields+5), row.Hash), &row)
	args = append(args, s.updatedAt(tx.now), id)
	if _, err := tx.ExecContext(ctx, s.q(updateLieu), args...); err != nil {
		return place.Lieu{}, err
	}
	// What the place's records say now: a record replaces an edit only
	// if it says something else (merge.Hand.Said).
	srs, err := s.records(ctx, tx, id, true)
	if err != nil {
		return place.Lieu{}, err
	}
	recs := make([]place.Lieu, len(srs))
	for i := range srs {
		recs[i] = srs[i].Lieu
	}
	for name := range after {
		_, set := p.Set[name]
		if _, isField := place.FieldIndex[name]; !set || !isField {
			continue // date_maj and pass_numerique are not marked as set by hand
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND champ = ?`), id, name); err != nil {
			return place.Lieu{}, err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor, dit_sources) VALUES (?, ?, ?, ?, ?, ?)`),
			id, name, p.Origin, ts(tx.now), p.Actor, merge.Said(recs, name)); err != nil {
			return place.Lieu{}, err
		}
	}
	// A date a person set (a confirmation, an edit) is kept among the
	// fields set by hand: it holds against older records, and goes when a
	// record dated after it comes (merge.DateField).
	if !p.DateMaj.IsZero() && p.Origin != "" {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND champ = ?`), id, merge.DateField); err != nil {
			return place.Lieu{}, err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor, dit_sources) VALUES (?, ?, ?, ?, ?, '')`),
			id, merge.DateField, p.Origin, ts(tx.now), p.Actor); err != nil {
			return place.Lieu{}, err
		}
	}
	action := "lieu.modifie"
	if len(p.Set) == 0 {
		action = "lieu.confirme"
	}
	return next, s.appendAudit(ctx, tx, audit.Entry{Actor: p.Actor, Action: action, Kind: "lieu", ObjectID: id,
		Before: audit.JSON(before), After: audit.JSON(after)})
}

// insert publishes a new place of a source under a free id.
func (s *Store) insert(ctx context.Context, tx *Tx, source string, l *place.Lieu) (string, error) {
	id := store.PublicID(l.ID, source, s.taken(ctx, tx))
	row := store.RowOf(l)
	order, err := s.nextCreation(ctx, tx)
	if err != nil {
		return "", err
	}
	args := rowArgs(append(make([]any, 0, place.NumFields+8), id, source, l.ID, row.Hash), &row)
	args = append(args, s.updatedAt(tx.now), s.updatedAt(tx.now), order)
	if _, err := tx.ExecContext(ctx, s.q(insertLieu), args...); err != nil {
		return "", err
	}
	// The place's one record: what the person proposed.
	if _, err := tx.ExecContext(ctx, s.q("INSERT INTO enregistrements ("+recordColumns+") VALUES "+recordTuple),
		recordArgs(nil, source, l.ID, id, &row, nil, ts(tx.now))...); err != nil {
		return "", err
	}
	return id, nil
}

func coord(lat, lon *float64, i int) string {
	if lat == nil || lon == nil {
		return ""
	}
	if i == place.FLatitude {
		return place.FormatFloat(*lat)
	}
	return place.FormatFloat(*lon)
}

// updatedAt writes lieux.updated_at as the engine stores it.
func (s *Store) updatedAt(t time.Time) any {
	if s.dialect.Dollar {
		return t.UTC()
	}
	return store.FormatTime(t)
}

// FieldOrigins says which fields of a place were last set by whom.
func (s *Store) FieldOrigins(ctx context.Context, lieuID string) (map[string]store.FieldOrigin, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT champ, origine, at, actor, source, source_id FROM lieux_champs WHERE lieu_id = ?`), lieuID)
	if err != nil {
		return nil, wrap("provenance", nil, err)
	}
	defer rows.Close()
	out := map[string]store.FieldOrigin{}
	for rows.Next() {
		var f, at string
		var o store.FieldOrigin
		if err := rows.Scan(&f, &o.Origin, &at, &o.Actor, &o.Source, &o.SourceID); err != nil {
			return nil, wrap("provenance", nil, err)
		}
		o.At = parseTS(at)
		out[f] = o
	}
	return out, wrap("provenance", nil, rows.Err())
}
