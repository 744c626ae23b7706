package accountsql

import "context"

// nextCreation is the creation order (lieux.ordre_creation) of a place
// tx creates: after every place created before, published or withdrawn,
// and after those tx created already. Of two places merged, the one
// created first survives, even when one transaction created both at one
// instant. The places' lock every writer of places takes first (or
// SQLite's one writer) keeps two transactions from taking one number.
func (s *Store) nextCreation(ctx context.Context, tx *Tx) (int64, error) {
	if !tx.creationRead {
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(n), 0) FROM (SELECT max(ordre_creation) AS n FROM lieux
			UNION ALL SELECT max(ordre_creation) AS n FROM lieux_retires) AS a`).Scan(&tx.creation)
		if err != nil {
			return 0, err
		}
		tx.creationRead = true
	}
	tx.creation++
	return tx.creation, nil
}

// createdFirst reports whether place a (creation order oa) was created
// before place b (ob): it survives their merge. Places numbered alike
// (none since migration 027 numbered them) fall back on the smaller id.
func createdFirst(oa, ob int64, a, b string) bool {
	return oa < ob || oa == ob && a < b
}
