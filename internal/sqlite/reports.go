package sqlite

import (
	"context"
	"fmt"
	"time"

	"maillage/internal/place"
)

// AddReport stores a correction request and returns its number.
func (db *DB) AddReport(ctx context.Context, r place.Report) (int64, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO signalements (lieu_id, champ, message, contact, statut, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		r.LieuID, r.Field, r.Message, r.Contact, place.ReportStatusNew, r.Created.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, fmt.Errorf("sqlite: signalement : %w", err)
	}
	return res.LastInsertId()
}

// Reports lists the correction requests about a place ("" for all), newest first.
func (db *DB) Reports(ctx context.Context, lieuID string) ([]place.Report, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, lieu_id, champ, message, contact, statut, created_at FROM signalements WHERE ? = '' OR lieu_id = ? ORDER BY id DESC`, lieuID, lieuID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: signalements : %w", err)
	}
	defer rows.Close()
	var out []place.Report
	for rows.Next() {
		var r place.Report
		var created string
		if err := rows.Scan(&r.ID, &r.LieuID, &r.Field, &r.Message, &r.Contact, &r.Status, &created); err != nil {
			return nil, fmt.Errorf("sqlite: signalements : %w", err)
		}
		r.Created, _ = time.Parse(time.RFC3339Nano, created)
		out = append(out, r)
	}
	return out, rows.Err()
}
