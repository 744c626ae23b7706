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
func (s *Store) ConfirmPair(ctx context.Context, key store.PairKey, survivor string, why store.MergeInfo) (string, error) {
	k := store.NewPairKey(key.A, key.B)
	var kept string
	err := s.handTx(ctx, func(tx *Tx) error {
		decision, err := s.lockUndecidedPair(ctx, tx, k)
		if err != nil {
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
		kept, err = s.confirmIn(ctx, tx, k, decision, pa, pb, survivor, why)
		return err
	})
	return kept, wrap("confirmation d'une paire", nil, err)
}

// DecidePair records a person's decision on a pair, in a transaction that
// takes the places' lock first (see store.Duplicates): a rejection is
// RejectPair; a confirmation merges the records' places as ConfirmPair
// when they are two published places, and is only recorded when they are
// in one already (a weakened automatic merge kept) or when a record is
// unknown to the store or withdrawn (a pair kept after its records went).
// A split is SplitRecord's (failure.Invalid here).
func (s *Store) DecidePair(ctx context.Context, key store.PairKey, decision, actor string) error {
	switch decision {
	case store.DecisionRejected:
		return s.RejectPair(ctx, key, actor)
	case store.DecisionConfirmed:
	case store.DecisionSplit:
		return failure.Errorf(failure.Invalid, "Décision « %s » : une séparation se fait en séparant un enregistrement de son lieu (« Séparer »).", decision)
	default:
		return failure.Errorf(failure.Invalid, "Décision « %s » inconnue : confirmee, rejetee ou separee.", decision)
	}
	k := store.NewPairKey(key.A, key.B)
	err := s.handTx(ctx, func(tx *Tx) error {
		was, err := s.lockUndecidedPair(ctx, tx, k)
		if err != nil {
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
		if pa == waitingRun {
			return errUnplaced(k.A.Source, k.A.ID)
		}
		if pb == waitingRun {
			return errUnplaced(k.B.Source, k.B.ID)
		}
		why := store.MergeInfo{Actor: actor, Reason: "Même lieu, confirmé par une personne"}
		if pa != "" && pb != "" {
			_, err = s.confirmIn(ctx, tx, k, was, pa, pb, "", why)
			return err
		}
		return s.setDecision(ctx, tx, k, store.DecisionConfirmed, actor)
	})
	return wrap("décision sur une paire", nil, err)
}

// confirmIn confirms pair k, whose decision was, between the published
// places pa and pb: it merges them (the older surviving), or, when they
// are one place and the pair was merged automatically (a re-harvest
// weakened its score), keeps that merge. survivor, when given, is the
// place the person read would survive: another one is refused
// (failure.Conflict naming both), so that nobody confirms what they did
// not see. It returns the surviving place.
func (s *Store) confirmIn(ctx context.Context, tx *Tx, k store.PairKey, was, pa, pb, survivor string, why store.MergeInfo) (string, error) {
	if pa == pb {
		if was != store.DecisionAuto {
			return "", failure.Errorf(failure.Conflict, "Déjà décidé : les enregistrements %s « %s » et %s « %s » sont déjà dans le même lieu (%s).", k.A.Source, k.A.ID, k.B.Source, k.B.ID, pa)
		}
		if survivor != "" && survivor != pa {
			return "", errSurvivorChanged(pa, survivor)
		}
		return pa, s.setDecision(ctx, tx, k, store.DecisionConfirmed, why.Actor)
	}
	if err := s.checkNotSeparated(ctx, tx, pa, pb); err != nil {
		return "", err
	}
	kept, absorbed, err := s.survivorOf(ctx, tx, pa, pb)
	if err != nil {
		return "", err
	}
	if survivor != "" && survivor != kept {
		return "", errSurvivorChanged(kept, survivor)
	}
	if err := s.setDecision(ctx, tx, k, store.DecisionConfirmed, why.Actor); err != nil {
		return "", err
	}
	return kept, s.mergeIn(ctx, tx, kept, absorbed, why)
}

// setDecision records a person's decision on pair k.
func (s *Store) setDecision(ctx context.Context, tx *Tx, k store.PairKey, decision, actor string) error {
	_, err := tx.ExecContext(ctx, s.q(`UPDATE paires_doublons SET decision = ?, decide_par = ?, decide_le = ? WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`),
		decision, actor, ts(tx.now), k.A.Source, k.A.ID, k.B.Source, k.B.ID)
	return err
}

// errSurvivorChanged refuses a merge whose surviving place is no longer
// the one the person read on its confirmation.
func errSurvivorChanged(kept, read string) error {
	return failure.Errorf(failure.Conflict, "Les lieux ont changé depuis que vous avez lu la confirmation : c'est maintenant le lieu %s qui garderait son identifiant, pas le lieu %s. Relisez la confirmation.", kept, read)
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
// failure.Conflict when it was decided (naming by whom). It returns the
// pair's decision: "" or DecisionAuto.
func (s *Store) lockUndecidedPair(ctx context.Context, tx *Tx, k store.PairKey) (string, error) {
	var decision, by string
	err := tx.QueryRowContext(ctx, s.q(`SELECT decision, decide_par FROM paires_doublons WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`+s.dialect.ForUpdate),
		k.A.Source, k.A.ID, k.B.Source, k.B.ID).Scan(&decision, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return "", failure.Errorf(failure.NotFound, "Paire introuvable : %s « %s » et %s « %s ».", k.A.Source, k.A.ID, k.B.Source, k.B.ID)
	}
	if err != nil {
		return "", err
	}
	if decision != "" && decision != store.DecisionAuto {
		return "", failure.Errorf(failure.Conflict, "Déjà décidé : la paire %s « %s » et %s « %s » a déjà été traitée (par %s).", k.A.Source, k.A.ID, k.B.Source, k.B.ID, by).Naming(by)
	}
	return decision, nil
}
