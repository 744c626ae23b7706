package accountsql

import (
	"context"
	"strings"
	"time"

	"maillage/internal/audit"
	"maillage/internal/place"
	"maillage/internal/store"
)

// EditLieu publishes new values of a place: the record changes, every
// changed field is marked as coming from origin ("structure", "coordination"),
// and the journal keeps before and after.
func (s *Store) EditLieu(ctx context.Context, l *place.Lieu, origin, actor string) error {
	row := store.RowOf(l)
	sets := make([]string, 0, place.NumFields)
	args := make([]any, 0, place.NumFields+4)
	sets = append(sets, "hash = ?")
	args = append(args, row.Hash)
	for i := 1; i < place.NumFields; i++ {
		sets = append(sets, place.FieldNames[i]+" = ?")
		switch i {
		case place.FLatitude:
			args = append(args, row.Lat)
		case place.FLongitude:
			args = append(args, row.Lon)
		default:
			args = append(args, row.Values[i])
		}
	}
	sets = append(sets, "pass_numerique = ?", "updated_at = ?")
	return wrap("modification du lieu", errLieuNotFound, s.tx(ctx, func(tx *Tx) error {
		args := append(args, row.Pass, s.updatedAt(tx.now), l.ID)
		var before store.Row
		if err := before.Scan(tx.QueryRowContext(ctx, s.q(s.dialect.SelectLieux+` WHERE id = ?`), l.ID).Scan); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE lieux SET `+strings.Join(sets, ", ")+` WHERE id = ?`), args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errLieuNotFound
		}
		old, after := map[string]string{}, map[string]string{}
		for i := 1; i < place.NumFields; i++ {
			bv := before.Values[i]
			if i == place.FLatitude || i == place.FLongitude {
				bv = coord(before.Lat, before.Lon, i)
			}
			if bv == row.Values[i] {
				continue
			}
			old[place.FieldNames[i]], after[place.FieldNames[i]] = bv, row.Values[i]
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND champ = ?`), l.ID, place.FieldNames[i]); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor) VALUES (?, ?, ?, ?, ?)`),
				l.ID, place.FieldNames[i], origin, ts(tx.now), actor); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "lieu.modifie", Kind: "lieu", ObjectID: l.ID,
			Before: audit.JSON(old), After: audit.JSON(after)})
	}))
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
	return t.UTC().Format(time.RFC3339Nano)
}

// FieldOrigins says which fields of a place were last set by whom.
func (s *Store) FieldOrigins(ctx context.Context, lieuID string) (map[string]store.FieldOrigin, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT champ, origine, at, actor FROM lieux_champs WHERE lieu_id = ?`), lieuID)
	if err != nil {
		return nil, wrap("provenance", nil, err)
	}
	defer rows.Close()
	out := map[string]store.FieldOrigin{}
	for rows.Next() {
		var f, at string
		var o store.FieldOrigin
		if err := rows.Scan(&f, &o.Origin, &at, &o.Actor); err != nil {
			return nil, wrap("provenance", nil, err)
		}
		o.At = parseTS(at)
		out[f] = o
	}
	return out, wrap("provenance", nil, rows.Err())
}
