package postgres

import (
	"context"
	"fmt"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/place"
)

// AddCorrection stores a correction request and returns its number.
func (db *DB) AddCorrection(ctx context.Context, r place.Correction) (int64, error) {
	var id int64
	err := db.pool.QueryRow(ctx, `INSERT INTO signalements (lieu_id, champ, message, contact, statut, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		r.LieuID, r.Field, r.Message, r.Contact, place.CorrectionStatusNew, r.Created.UTC()).Scan(&id)
	if err != nil {
		if strings.Contains(strings.ToLower(err.Error()), "foreign key") {
			return 0, failure.Errorf(failure.NotFound, "Lieu %q introuvable.", r.LieuID)
		}
		return 0, fmt.Errorf("postgres: signalement : %w", err)
	}
	return id, nil
}

// Corrections lists the correction requests about a place ("" for all), newest first.
func (db *DB) Corrections(ctx context.Context, lieuID string) ([]place.Correction, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, lieu_id, champ, message, contact, statut, created_at FROM signalements WHERE $1 = '' OR lieu_id = $1 ORDER BY id DESC`, lieuID)
	if err != nil {
		return nil, fmt.Errorf("postgres: signalements : %w", err)
	}
	defer rows.Close()
	var out []place.Correction
	for rows.Next() {
		var r place.Correction
		if err := rows.Scan(&r.ID, &r.LieuID, &r.Field, &r.Message, &r.Contact, &r.Status, &r.Created); err != nil {
			return nil, fmt.Errorf("postgres: signalements : %w", err)
		}
		r.Created = r.Created.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
