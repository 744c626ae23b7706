package accountsql

import (
	"context"

	"maillage/internal/store"
)

// markSplit records, in tx, a person's split of record k off its place:
// the pairs between k and the place's other current records (recs, read
// in tx after the places' lock) are marked split, created when the
// matcher never stored them, so that no later merge run joins them
// again. In the split's transaction: a split that fails records nothing,
// and the decisions name the records the place held when it was split,
// not when the page was read.
func (s *Store) markSplit(ctx context.Context, tx *Tx, k store.RecordKey, recs []store.SourceRecord, actor string) error {
	now := ts(tx.now)
	for _, r := range recs {
		o := store.RecordKey{Source: r.Source, ID: r.SourceID}
		if o == k || !r.WithdrawnAt.IsZero() {
			continue
		}
		p := store.NewPairKey(k, o)
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO paires_doublons
			(source_a, id_a, source_b, id_b, scores, total, bande, decision, decide_par, decide_le, premier_vu, dernier_vu)
			VALUES (?, ?, ?, ?, '{}', 0, 'meme', ?, ?, ?, ?, ?)
			ON CONFLICT (source_a, id_a, source_b, id_b) DO UPDATE SET
				decision = excluded.decision, decide_par = excluded.decide_par, decide_le = excluded.decide_le`),
			p.A.Source, p.A.ID, p.B.Source, p.B.ID, store.DecisionSplit, actor, now, now, now); err != nil {
			return err
		}
	}
	return nil
}
