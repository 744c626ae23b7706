package accountsql

import (
	"context"
	"time"

	"maillage/internal/failure"
)

// ClaimReminder inserts the reminder's row; the primary key (order, step)
// lets one caller in.
func (s *Store) ClaimReminder(ctx context.Context, orderID int64, step string, at time.Time) (bool, error) {
	if step == "" {
		return false, failure.Errorf(failure.Invalid, "Étape de rappel manquante.")
	}
	var n int64
	err := s.tx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_rappels (commande_id, etape, envoye_le) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`), orderID, step, ts(at))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, wrap("rappel", nil, err)
}

// ReleaseReminder deletes the reminder's row.
func (s *Store) ReleaseReminder(ctx context.Context, orderID int64, step string) error {
	return wrap("rappel", nil, s.tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM pass_rappels WHERE commande_id = ? AND etape = ?`), orderID, step)
		return err
	}))
}
