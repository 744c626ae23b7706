package accountsql

import (
	"context"
	"database/sql"
	"errors"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// RejectPair records a person's rejection of a pair (« lieux distincts »)
// in one transaction that takes the places' lock first and reads, inside
// it, where the two records are: a pair whose records are already in one
// place (a colleague confirmed a pair that joined them, or a merge run
// did, since the person read the queue) is refused with a message that
// says so and how to undo the merge (« Séparer »), rather than recorded
// beside a merge it contradicts. A record waiting for a merge run (in no
// place yet) is refused as ConfirmPair refuses it; records unknown to
// the store or withdrawn (a pair kept after its records went) are not
// checked. failure.Conflict when the pair was decided already,
// failure.NotFound for an unknown pair.
func (s *Store) RejectPair(ctx context.Context, key store.PairKey, actor string) error {
	k := store.NewPairKey(key.A, key.B)
	err := s.handTx(ctx, func(tx *Tx) error {
		if _, err := s.lockUndecidedPair(ctx, tx, k); err != nil {
			return err
		}
		pa, err := s.currentPlace(ctx, tx, k.A)
		if err != nil {
			return err
		}
		pb, err := s.currentPlace(ctx, tx, k.B)
		if err != nil {
			return err
		}
		// A record waiting for a merge run is in no place yet: the run
		// read the decisions before, so none is taken on it meanwhile
		// (as ConfirmPair and SplitRecord refuse it).
		if pa == waitingRun {
			return errUnplaced(k.A.Source, k.A.ID)
		}
		if pb == waitingRun {
			return errUnplaced(k.B.Source, k.B.ID)
		}
		if pa != "" && pa == pb {
			return failure.Errorf(failure.Conflict, "Déjà réunis : les enregistrements %s « %s » et %s « %s » sont dans un même lieu (%s) depuis que vous avez lu la liste. Si ce sont deux lieux, séparez-les avec « Séparer » sur la page de ce lieu.",
				k.A.Source, k.A.ID, k.B.Source, k.B.ID, pa)
		}
		return s.setDecision(ctx, tx, k, store.DecisionRejected, actor)
	})
	return wrap("rejet d'une paire", nil, err)
}

// waitingRun is what currentPlace says of a record waiting for a merge run
// (no place id is empty).
const waitingRun = "\x00"

// currentPlace is the published place of a current record, "" when the
// record is unknown or withdrawn, waitingRun when it waits for a run.
func (s *Store) currentPlace(ctx context.Context, tx *Tx, k store.RecordKey) (string, error) {
	var lieu string
	err := tx.QueryRowContext(ctx, s.q(`SELECT lieu_id FROM enregistrements WHERE source = ? AND source_id = ? AND retire_at = ''`), k.Source, k.ID).Scan(&lieu)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err == nil && lieu == "" {
		return waitingRun, nil
	}
	return lieu, err
}
