package sqlite

import (
	"context"
	"fmt"
	"time"

	"maillage/internal/place"
)

// AddCorrection stores a correction request and returns its number.
func (db *DB) AddCorrection(ctx context.Context, r place.Correction) (int64, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO signalements (lieu_id, champ, message, contact, statut, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		r.LieuID, r.Field, r.Message, r.Contact, place.CorrectionStatusNew, r.Created.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, fmt.Errorf("sqlite: signalement : %w", err)
	}
	return res.LastInsertId()
}

// Corrections lists the correction requests about a place ("" for all), newest first.
func (db *DB) Corrections(ctx context.Context, lieuID string) ([]place.Correction, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, lieu_id, champ, message, contact, statut, created_at FROM signalements WHERE ? = '' OR lieu_id = ? ORDER BY id DESC`, lieuID, lieuID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: signalements : %w", err)
	}
	defer rows.Close()
	var out []place.Correction
	for rows.Next() {
		var r place.Correction
		var created string
		if err := rows.Scan(&r.ID, &r.LieuID, &r.Field, &r.Message, &r.Contact, &r.Status, &created); err != nil {
			return nil, fmt.Errorf("sqlite: signalements : %w", err)
		}
		r.Created, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, r)
	}
	return out, rows.Err()
}
