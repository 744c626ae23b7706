package accountsql

import (
	"context"
	"encoding/json"
	"fmt"

	"maillage/internal/place"
)

// WithdrawnLieu returns a withdrawn place as it was last published (see
// store.WithdrawnPlaces).
func (s *Store) WithdrawnLieu(ctx context.Context, id string) (place.Lieu, error) {
	var vals string
	if err := s.rdb.QueryRowContext(ctx, s.q(`SELECT valeurs FROM lieux_retires WHERE id = ?`), id).Scan(&vals); err != nil {
		return place.Lieu{}, wrap("lieu retiré", errLieuNotFound, err)
	}
	var v [place.NumFields]string
	if err := json.Unmarshal([]byte(vals), &v); err != nil {
		return place.Lieu{}, fmt.Errorf("lieu retiré %s : valeurs illisibles : %w", id, err)
	}
	l, err := place.Decode(v)
	if err != nil {
		return place.Lieu{}, fmt.Errorf("lieu retiré %s : %w", id, err)
	}
	l.ID = id
	return l, nil
}
