package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"maillage/internal/failure"
	"maillage/internal/place"
)

// AddCorrection stores a correction request and returns its number.
func (db *DB) AddCorrection(ctx context.Context, r place.Correction) (int64, error) {
	var id int64
	// A report is about a published place (no foreign key since migration
	// 023: reports outlive their place).
	err := db.pool.QueryRow(ctx, `INSERT INTO signalements (lieu_id, champ, message, contact, statut, created_at)
		SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::timestamptz WHERE EXISTS (SELECT 1 FROM lieux WHERE id = $1::text) RETURNING id`,
		r.LieuID, r.Field, r.Message, r.Contact, place.CorrectionStatusNew, r.Created.UTC()).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, failure.Errorf(failure.NotFound, "Lieu %q introuvable.", r.LieuID)
	}
	if err != nil {
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
