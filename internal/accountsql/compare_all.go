package accountsql

import "context"

// MarkAllPending raises the token of every current record (see
// store.CompareAll): the next merge run compares them all.
func (s *Store) MarkAllPending(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE enregistrements SET a_comparer = a_comparer + 1 WHERE retire_at = ''`)
	if err != nil {
		return 0, wrap("enregistrements à comparer", nil, err)
	}
	n, err := res.RowsAffected()
	return n, wrap("enregistrements à comparer", nil, err)
}
