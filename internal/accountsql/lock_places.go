package accountsql

import "context"

// lockPlaces takes, first in tx, the lock that serialises writers of
// places with imports (Dialect.LockPlaces): two merge runs in two
// processes, or a merge and an import, then take turns, and the second
// reads the places as the first committed them, never a place absorbed
// or rewritten since it read it.
func (s *Store) lockPlaces(ctx context.Context, tx *Tx) error {
	for _, q := range s.dialect.LockPlaces {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// lockPlacesHand takes, first in tx, the same lock for a person's
// decision on places (Dialect.LockPlacesHand): without it, a decision
// that read a place (FOR UPDATE) and a run or an import holding the lock
// that rewrites the place wait for each other until PostgreSQL aborts
// one as a deadlock; a decision could also read the records of a place
// before a run placed another record in it.
func (s *Store) lockPlacesHand(ctx context.Context, tx *Tx) error {
	for _, q := range s.dialect.LockPlacesHand {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// handTx runs fn in a transaction that takes the places' lock first
// (lockPlacesHand): every person's write of places (an edit, an accepted
// proposal, a source's priority change computing places again, a merge,
// a split, a decision on a pair) goes through it, so that it never holds
// a place's row while a run that took the lock waits for that row.
func (s *Store) handTx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.tx(ctx, func(tx *Tx) error {
		if err := s.lockPlacesHand(ctx, tx); err != nil {
			return err
		}
		return fn(tx)
	})
}
