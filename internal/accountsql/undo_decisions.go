package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// A person's way back from a decision on duplicates (store.Undos): each
// undo takes the places' lock first, as the decisions do, then reads the
// state it undoes again in its transaction and refuses, changing
// nothing, when a colleague or a harvest changed it since.

// UndoReject takes back a rejection (« lieux distincts ») of a pair (see
// store.Undos).
func (s *Store) UndoReject(ctx context.Context, key store.PairKey, decidedAt time.Time, actor string) error {
	k := store.NewPairKey(key.A, key.B)
	if decidedAt.IsZero() {
		return failure.Errorf(failure.Invalid, "Décision à annuler illisible : la date de la décision manque.")
	}
	err := s.tx(ctx, func(tx *Tx) error {
		if err := s.lockPlacesHand(ctx, tx); err != nil {
			return err
		}
		var decision, by, at string
		err := tx.QueryRowContext(ctx, s.q(`SELECT decision, decide_par, decide_le FROM paires_doublons WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`+s.dialect.ForUpdate),
			k.A.Source, k.A.ID, k.B.Source, k.B.ID).Scan(&decision, &by, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return failure.Errorf(failure.NotFound, "Paire introuvable : %s « %s » et %s « %s ».", k.A.Source, k.A.ID, k.B.Source, k.B.ID)
		}
		if err != nil {
			return err
		}
		if decision != store.DecisionRejected {
			return failure.Errorf(failure.Conflict, "Rien à annuler : la paire %s « %s » et %s « %s » n'est plus jugée « lieux distincts » (%s). Quelqu'un a repris cette décision depuis ; rechargez la liste des doublons.",
				k.A.Source, k.A.ID, k.B.Source, k.B.ID, decisionWords(decision))
		}
		if at != ts(decidedAt) {
			// The form names another decision than the one in place: a
			// stale page (the rejection was taken back and made again
			// since) or a forged one; only what is known is said.
			return failure.Errorf(failure.Conflict, "Rien à annuler : ce formulaire ne correspond pas à la décision en place — la paire %s « %s » et %s « %s » est jugée « lieux distincts » depuis le %s (par %s), le formulaire nomme une décision du %s. Rechargez la liste des doublons.",
				k.A.Source, k.A.ID, k.B.Source, k.B.ID, parseTS(at).In(paris).Format("02/01/2006 à 15:04:05"), by, decidedAt.In(paris).Format("02/01/2006 à 15:04:05")).Naming(by)
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE paires_doublons SET decision = '', decide_par = '', decide_le = '', bande = 'a_verifier' WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`),
			k.A.Source, k.A.ID, k.B.Source, k.B.ID); err != nil {
			return err
		}
		// The history of each place the pair's records are in says so.
		info := map[string]any{"source_a": k.A.Source, "id_a": k.A.ID, "source_b": k.B.Source, "id_b": k.B.ID, "rejetee_par": by}
		seen := map[string]bool{}
		for _, r := range []store.RecordKey{k.A, k.B} {
			p, err := s.currentPlace(ctx, tx, r)
			if err != nil {
				return err
			}
			if p == "" || p == waitingRun || seen[p] {
				continue
			}
			seen[p] = true
			if err := s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "paire.rejet_annule", Kind: "lieu", ObjectID: p, After: audit.JSON(info)}); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("annulation d'un rejet", nil, err)
}

// decisionWords says a pair's decision in French.
func decisionWords(decision string) string {
	switch decision {
	case "":
		return "elle est de nouveau à vérifier"
	case store.DecisionAuto:
		return "fusionnée automatiquement"
	case store.DecisionConfirmed:
		return "confirmée « même lieu »"
	case store.DecisionSplit:
		return "séparée"
	}
	return decision
}

// UndoSplit takes back the split of a record (see store.Undos).
func (s *Store) UndoSplit(ctx context.Context, key store.RecordKey, split store.Split, why store.MergeInfo) (string, error) {
	if split.Record == split.Others || split.Record == "" || split.Others == "" || split.At.IsZero() {
		return "", failure.Errorf(failure.Invalid, "Séparation illisible : deux lieux distincts et la date de la séparation sont attendus.")
	}
	var from, absorbed string
	err := s.tx(ctx, func(tx *Tx) error {
		if err := s.lockPlacesHand(ctx, tx); err != nil {
			return err
		}
		p, err := s.currentPlace(ctx, tx, key)
		if err != nil {
			return err
		}
		switch p {
		case "":
			return failure.Errorf(failure.Conflict, "La séparation ne peut plus être annulée : l'enregistrement %s « %s » n'est plus donné par sa source (retiré depuis).", key.Source, key.ID)
		case waitingRun:
			return errUnplaced(key.Source, key.ID)
		}
		if p != split.Record {
			return failure.Errorf(failure.Conflict, "La séparation ne peut plus être annulée : l'enregistrement %s « %s » n'est plus dans le lieu %s où elle l'avait mis (il est dans le lieu %s).", key.Source, key.ID, split.Record, p)
		}
		for _, id := range []string{split.Record, split.Others} {
			if _, err := s.placeOrder(ctx, tx, id); err != nil {
				if errors.Is(err, failure.ErrNotFound) {
					return failure.Errorf(failure.Conflict, "La séparation ne peut plus être annulée : le lieu %s n'est plus publié (fusionné ou retiré depuis).", id)
				}
				return err
			}
		}
		mine, err := s.records(ctx, tx, split.Record, true)
		if err != nil {
			return err
		}
		for _, r := range mine {
			if r.Source != key.Source || r.SourceID != key.ID {
				return failure.Errorf(failure.Conflict, "La séparation ne peut plus être annulée : le lieu %s tient depuis un autre enregistrement (%s « %s »).", split.Record, r.Source, r.SourceID)
			}
		}
		others, err := s.records(ctx, tx, split.Others, true)
		if err != nil {
			return err
		}
		if len(others) == 0 {
			return failure.Errorf(failure.Conflict, "La séparation ne peut plus être annulée : le lieu %s n'est plus tenu par aucun enregistrement de source.", split.Others)
		}
		// Every record of the others' place is one the split separated
		// from the record: one that came in since would join it unseen.
		var pairs []store.PairKey
		for _, o := range others {
			pk := store.NewPairKey(key, store.RecordKey{Source: o.Source, ID: o.SourceID})
			var decision, at string
			err := tx.QueryRowContext(ctx, s.q(`SELECT decision, decide_le FROM paires_doublons WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`+s.dialect.ForUpdate),
				pk.A.Source, pk.A.ID, pk.B.Source, pk.B.ID).Scan(&decision, &at)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if decision != store.DecisionSplit || at != ts(split.At) {
				return failure.Errorf(failure.Conflict, "La séparation ne peut plus être annulée : elle l'a déjà été, ou le lieu %s a changé depuis (l'enregistrement %s « %s » n'y est pas séparé de %s « %s »).", split.Others, o.Source, o.SourceID, key.Source, key.ID)
			}
			pairs = append(pairs, pk)
		}
		// The separation is forgotten: the pairs are undecided again (a
		// later merge run scores them as any other).
		for _, pk := range pairs {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE paires_doublons SET decision = '', decide_par = '', decide_le = '' WHERE source_a = ? AND id_a = ? AND source_b = ? AND id_b = ?`),
				pk.A.Source, pk.A.ID, pk.B.Source, pk.B.ID); err != nil {
				return err
			}
		}
		// The place the record was in is the split's journal's, not the
		// asker's word: its id survives, the other place redirects to it.
		if from, err = s.splitFrom(ctx, tx, key, split); err != nil {
			return err
		}
		absorbed = split.Others
		if from == split.Others {
			absorbed = split.Record
		}
		// Another decision may still keep them apart.
		if err := s.checkNotSeparated(ctx, tx, split.Record, split.Others); err != nil {
			return err
		}
		if err := s.mergeIn(ctx, tx, from, absorbed, why); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: why.Actor, Action: "lieu.separation_annulee", Kind: "lieu", ObjectID: from,
			After: audit.JSON(map[string]any{"source": key.Source, "id_source": key.ID, "lieu_reuni": absorbed})})
	})
	return from, wrap("annulation d'une séparation", nil, err)
}

// splitFrom reads, in tx, the place a split took record key out of: the
// object of the latest « lieu.separe » journal entry of split's two
// places that names the record and the other place as the new one.
func (s *Store) splitFrom(ctx context.Context, tx *Tx, key store.RecordKey, split store.Split) (string, error) {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT object_id, after FROM audit WHERE kind = 'lieu' AND action = 'lieu.separe' AND object_id IN (?, ?) ORDER BY seq DESC`),
		split.Record, split.Others)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var obj, after string
		if err := rows.Scan(&obj, &after); err != nil {
			return "", err
		}
		var info struct {
			Source   string `json:"source"`
			SourceID string `json:"id_source"`
			New      string `json:"nouveau_lieu"`
		}
		if json.Unmarshal([]byte(after), &info) != nil || info.Source != key.Source || info.SourceID != key.ID {
			continue
		}
		other := split.Others
		if obj == split.Others {
			other = split.Record
		}
		if info.New != other {
			continue
		}
		return obj, rows.Err()
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return "", failure.Errorf(failure.Conflict, "La séparation ne peut plus être annulée : le journal ne dit pas que l'enregistrement %s « %s » a été séparé entre les lieux %s et %s.", key.Source, key.ID, split.Record, split.Others)
}

// MergeSurvivor says which of two published places a merge keeps (see
// store.Undos).
func (s *Store) MergeSurvivor(ctx context.Context, a, b string) (string, error) {
	if a == b {
		return "", errSameSurvivor
	}
	survivor, _, err := s.survivorOf(ctx, s.rdb, a, b)
	if err != nil {
		return "", wrap("fusion de lieux", nil, err)
	}
	return survivor, wrap("fusion de lieux", nil, s.checkNotSeparated(ctx, s.rdb, a, b))
}

// MergeByHand merges two published places as a person's decision (see
// store.Undos).
func (s *Store) MergeByHand(ctx context.Context, a, b, survivor string, why store.MergeInfo) error {
	if a == b {
		return errSameSurvivor
	}
	err := s.tx(ctx, func(tx *Tx) error {
		if err := s.lockPlacesHand(ctx, tx); err != nil {
			return err
		}
		kept, absorbed, err := s.survivorOf(ctx, tx, a, b)
		if err != nil {
			return err
		}
		if kept != survivor {
			return errSurvivorChanged(kept, survivor)
		}
		if err := s.checkNotSeparated(ctx, tx, a, b); err != nil {
			return err
		}
		ra, err := s.records(ctx, tx, a, true)
		if err != nil {
			return err
		}
		rb, err := s.records(ctx, tx, b, true)
		if err != nil {
			return err
		}
		now := ts(tx.now)
		for _, x := range ra {
			for _, y := range rb {
				p := store.NewPairKey(store.RecordKey{Source: x.Source, ID: x.SourceID}, store.RecordKey{Source: y.Source, ID: y.SourceID})
				if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO paires_doublons
					(source_a, id_a, source_b, id_b, scores, total, bande, decision, decide_par, decide_le, premier_vu, dernier_vu)
					VALUES (?, ?, ?, ?, '{}', 0, 'a_verifier', ?, ?, ?, ?, ?)
					ON CONFLICT (source_a, id_a, source_b, id_b) DO UPDATE SET
						decision = excluded.decision, decide_par = excluded.decide_par, decide_le = excluded.decide_le`),
					p.A.Source, p.A.ID, p.B.Source, p.B.ID, store.DecisionConfirmed, why.Actor, now, now, now); err != nil {
					return err
				}
			}
		}
		return s.mergeIn(ctx, tx, kept, absorbed, why)
	})
	return wrap("fusion de lieux à la main", nil, err)
}
