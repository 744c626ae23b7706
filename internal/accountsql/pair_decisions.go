package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// ConfirmPair records a person's confirmation of a pair and merges the
// two records' places, in one transaction (see store.Records): a crash
// cannot leave a confirmed pair unmerged, nor a merge without its
// decision, and of two racing decisions the second is refused.
func (s *Store) ConfirmPair(ctx context.Context, key store.PairKey, why store.MergeInfo) (string, error) {
	k := store.NewPairKey(key.A, key.B)
	var survivor string
	err := s.handTx(ctx, func(tx *Tx) error {
		if err := s.lockUndecidedPair(ctx, tx, k); err != nil {
			return err
		}
		pa, err := s.placeOfRecord(ctx, tx, k.A)
		if err != nil {
			return err
		}
		pb, err := s.placeOfRecord(ctx, tx, k.B)
		if err != nil {
			return err
		}
		if pa == pb {
			return failure.Errorf(failure.Conflict, "Déjà décidé : les enregistrements %s « %s » et %s « %s » sont déjà dans le même lieu (%s).", k.A.Source, k.A.ID, k.B.Source, k.B.ID, pa)
		}
		if err := s.checkNotSeparated(ctx, tx, pa, pb); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE paires_doublons SET decision = ?, decide_par = ?, decide_le = ? WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`),
			store.DecisionConfirmed, why.Actor, ts(tx.now), k.A.Source, k.A.ID, k.B.Source, k.B.ID); err != nil {
			return err
		}
		var absorbed string
		if survivor, absorbed, err = s.survivorOf(ctx, tx, pa, pb); err != nil {
			return err
		}
		return s.mergeIn(ctx, tx, survivor, absorbed, why)
	})
	return survivor, wrap("confirmation d'une paire", nil, err)
}

// rowQuerier reads one row: a transaction or the readers.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// survivorOf applies the merge rule to two published places: the one
// created first survives (as the merge run decides, createdFirst).
func (s *Store) survivorOf(ctx context.Context, q rowQuerier, pa, pb string) (survivor, absorbed string, err error) {
	oa, err := s.placeOrder(ctx, q, pa)
	if err != nil {
		return "", "", err
	}
	ob, err := s.placeOrder(ctx, q, pb)
	if err != nil {
		return "", "", err
	}
	if createdFirst(ob, oa, pb, pa) {
		return pb, pa, nil
	}
	return pa, pb, nil
}

// placeOfRecord is the published place of a current record.
func (s *Store) placeOfRecord(ctx context.Context, tx *Tx, k store.RecordKey) (string, error) {
	var lieu, withdrawn string
	err := tx.QueryRowContext(ctx, s.q(`SELECT lieu_id, retire_at FROM enregistrements WHERE source = ? AND source_id = ?`), k.Source, k.ID).Scan(&lieu, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return "", failure.Errorf(failure.NotFound, "Enregistrement %s « %s » introuvable.", k.Source, k.ID)
	}
	if err != nil {
		return "", err
	}
	if withdrawn != "" {
		return "", failure.Errorf(failure.Conflict, "L'enregistrement %s « %s » est retiré de sa source : la paire ne peut plus être confirmée.", k.Source, k.ID)
	}
	if lieu == "" {
		return "", errUnplaced(k.Source, k.ID)
	}
	return lieu, nil
}

// checkNotSeparated refuses to merge two places that a person said are
// distinct: a pair they rejected, or split, between a current record of
// one and a current record of the other (dedup.separated, the merge
// run's rule).
func (s *Store) checkNotSeparated(ctx context.Context, q rowQuerier, pa, pb string) error {
	var sa, ia, sb, ib, decision, by, at string
	err := q.QueryRowContext(ctx, s.q(`SELECT p.source_a, p.id_a, p.source_b, p.id_b, p.decision, p.decide_par, p.decide_le
		FROM paires_doublons p
		JOIN enregistrements ea ON ea.source = p.source_a AND ea.source_id = p.id_a AND ea.retire_at = ''
		JOIN enregistrements eb ON eb.source = p.source_b AND eb.source_id = p.id_b AND eb.retire_at = ''
		WHERE p.decision IN (?, ?) AND (ea.lieu_id = ? AND eb.lieu_id = ? OR ea.lieu_id = ? AND eb.lieu_id = ?)
		ORDER BY p.decide_le LIMIT 1`),
		store.DecisionRejected, store.DecisionSplit, pa, pb, pb, pa).Scan(&sa, &ia, &sb, &ib, &decision, &by, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	what := "rejetée"
	if decision == store.DecisionSplit {
		what = "séparée"
	}
	when := ""
	if t := parseTS(at); !t.IsZero() {
		when = " le " + t.In(paris).Format("02/01/2006")
	}
	return failure.Errorf(failure.Conflict, "Fusion refusée : les lieux %s et %s ont été jugés distincts — la paire %s « %s » et %s « %s » a été %s par %s%s. Pour les réunir, revenez d'abord sur cette décision.",
		pa, pb, sa, ia, sb, ib, what, by, when).Naming(by)
}

// placeOrder is a published place's creation order.
func (s *Store) placeOrder(ctx context.Context, q rowQuerier, id string) (int64, error) {
	var order int64
	err := q.QueryRowContext(ctx, s.q(`SELECT ordre_creation FROM lieux WHERE id = ?`), id).Scan(&order)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, failure.Errorf(failure.NotFound, "Lieu %q introuvable : il n'est pas publié.", id)
	}
	return order, err
}

// paris is the time zone of the dates people read.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// lockUndecidedPair locks the pair's row for a person's decision and
// checks that nobody decided it yet: failure.NotFound for an unknown pair,
// failure.Conflict when it was decided (naming by whom).
func (s *Store) lockUndecidedPair(ctx context.Context, tx *Tx, k store.PairKey) error {
	var decision, by string
	err := tx.QueryRowContext(ctx, s.q(`SELECT decision, decide_par FROM paires_doublons WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`+s.dialect.ForUpdate),
		k.A.Source, k.A.ID, k.B.Source, k.B.ID).Scan(&decision, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return failure.Errorf(failure.NotFound, "Paire introuvable : %s « %s » et %s « %s ».", k.A.Source, k.A.ID, k.B.Source, k.B.ID)
	}
	if err != nil {
		return err
	}
	if decision != "" && decision != store.DecisionAuto {
		return failure.Errorf(failure.Conflict, "Déjà décidé : la paire %s « %s » et %s « %s » a déjà été traitée (par %s).", k.A.Source, k.A.ID, k.B.Source, k.B.ID, by).Naming(by)
	}
	return nil
}
