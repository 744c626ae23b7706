package sqlite

import (
	"context"
	"fmt"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// AddCorrection stores a correction request and returns its number.
func (db *DB) AddCorrection(ctx context.Context, r place.Correction) (int64, error) {
	conn, err := store.WriteConn(ctx, db.write, db.busy)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	// A report is about a published place (no foreign key since migration
	// 023: reports outlive their place).
	res, err := conn.ExecContext(ctx, `INSERT INTO signalements (lieu_id, champ, message, contact, statut, created_at)
		SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM lieux WHERE id = ?)`,
		r.LieuID, r.Field, r.Message, r.Contact, place.CorrectionStatusNew, store.FormatTime(r.Created), r.LieuID)
	if err != nil {
		return 0, fmt.Errorf("sqlite: signalement : %w", store.Busy(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, fmt.Errorf("sqlite: signalement : %w", err)
	} else if n == 0 {
		return 0, failure.Errorf(failure.NotFound, "Lieu %q introuvable.", r.LieuID)
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
		r.Created = store.ParseTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}
