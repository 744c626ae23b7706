// Package dedupsql stores the deduplication's pairs through database/sql,
// for both adapters (sqlite, and postgres through pgx's database/sql
// driver): the table is the same and the SQL portable, only placeholders
// differ.
package dedupsql

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/portablesql"
	"maillage/internal/store"
)

// Store implements the pairs of store.Duplicates.
type Store struct{ *portablesql.DB }

// New returns the store writing through db and reading through rdb;
// dollar says placeholders are $1, $2…; busy bounds the wait for a
// writer's connection; now is the clock, read once per transaction.
func New(db, rdb *sql.DB, dollar bool, busy time.Duration, now func() time.Time) *Store {
	return &Store{&portablesql.DB{W: db, R: rdb, Dollar: dollar, Busy: busy, Now: now, What: "doublons"}}
}

// pairsPerInsert is how many pairs one INSERT of SavePairs writes: one
// statement per pair cost each its own round of database/sql.
const pairsPerInsert = 64

// insertPairs is the upsert of n pairs.
func insertPairs(n int) string {
	return insertPairsValues(n) + `
			decide_par = CASE WHEN paires_doublons.decision = '' THEN excluded.decide_par ELSE paires_doublons.decide_par END,
			decide_le = CASE WHEN paires_doublons.decision = '' THEN excluded.decide_le ELSE paires_doublons.decide_le END,
			decision = CASE WHEN paires_doublons.decision = '' THEN excluded.decision ELSE paires_doublons.decision END`
}

// reviewPairs is insertPairs for pairs to review: an automatic decision
// goes, a person's stays.
func reviewPairs(n int) string {
	return insertPairsValues(n) + `
			decide_par = CASE WHEN paires_doublons.decision = 'auto' THEN '' ELSE paires_doublons.decide_par END,
			decide_le = CASE WHEN paires_doublons.decision = 'auto' THEN '' ELSE paires_doublons.decide_le END,
			decision = CASE WHEN paires_doublons.decision = 'auto' THEN '' ELSE paires_doublons.decision END`
}

// insertPairsValues inserts n pairs, or sets the scores, band and last
// sighting of those known (the decision's columns follow).
func insertPairsValues(n int) string {
	return `INSERT INTO paires_doublons
		(source_a, id_a, source_b, id_b, scores, total, bande, decision, decide_par, decide_le, premier_vu, dernier_vu)
		VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", n), ", ") + `
		ON CONFLICT (source_a, id_a, source_b, id_b) DO UPDATE SET
			scores = excluded.scores, total = excluded.total, bande = excluded.bande,
			dernier_vu = excluded.dernier_vu,`
}

// SavePairs records the matcher's view of pairs, keeping decisions taken.
func (s *Store) SavePairs(ctx context.Context, pairs []store.DuplicatePair) error {
	return s.savePairs(ctx, pairs, insertPairs)
}

// ReviewPairs saves pairs a run left apart to be reviewed, dropping the
// automatic decision a run took on them (see store.Duplicates).
func (s *Store) ReviewPairs(ctx context.Context, pairs []store.DuplicatePair) error {
	for _, p := range pairs {
		if p.Band != "a_verifier" || p.Decision != "" {
			return failure.Errorf(failure.Invalid, "Paire %s « %s » et %s « %s » : à revoir, elle est dans la bande « a_verifier », sans décision.", p.A.Source, p.A.ID, p.B.Source, p.B.ID)
		}
	}
	return s.savePairs(ctx, pairs, reviewPairs)
}

// savePairs writes pairs with upsert's statement of n pairs.
func (s *Store) savePairs(ctx context.Context, pairs []store.DuplicatePair, upsert func(n int) string) error {
	if len(pairs) == 0 {
		return nil
	}
	// One statement may not touch a row twice (PostgreSQL's ON CONFLICT):
	// a pair given twice keeps its last view, as one statement per pair
	// did.
	last := make(map[store.PairKey]int, len(pairs))
	for i, p := range pairs {
		last[store.NewPairKey(p.A, p.B)] = i
	}
	return s.Tx(ctx, func(tx *sql.Tx, now string) error {
		var full *sql.Stmt
		defer func() {
			if full != nil {
				full.Close()
			}
		}()
		args := make([]any, 0, 12*pairsPerInsert)
		n := 0
		flush := func() error {
			if n == 0 {
				return nil
			}
			var err error
			if n == pairsPerInsert {
				if full == nil {
					if full, err = tx.PrepareContext(ctx, s.Q(upsert(n))); err != nil {
						return err
					}
				}
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, s.Q(upsert(n)), args...)
			}
			args, n = args[:0], 0
			return err
		}
		for i, p := range pairs {
			k := store.NewPairKey(p.A, p.B)
			if last[k] != i {
				continue
			}
			var by, at string
			switch p.Decision {
			case "":
			case store.DecisionAuto:
				by, at = "dedup", now
			default:
				return failure.Errorf(failure.Invalid, "Décision « %s » : une fusion automatique ne peut enregistrer que « auto ».", p.Decision)
			}
			args = append(args, k.A.Source, k.A.ID, k.B.Source, k.B.ID, p.Scores, p.Total, p.Band, p.Decision, by, at, now, now)
			n++
			if n == pairsPerInsert {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
}

const pairColumns = "source_a, id_a, source_b, id_b, scores, total, bande, decision, decide_par, decide_le, premier_vu, dernier_vu"

// DuplicatePairs lists the stored pairs the filter selects.
func (s *Store) DuplicatePairs(ctx context.Context, f store.PairFilter) ([]store.DuplicatePair, error) {
	var where []string
	var args []any
	if f.Band != "" {
		where = append(where, "bande = ?")
		args = append(args, f.Band)
	}
	if f.Undecided {
		where = append(where, "decision = ''")
	}
	if f.Records == nil && f.Keys == nil {
		query := "SELECT " + pairColumns + " FROM paires_doublons"
		if len(where) > 0 {
			query += " WHERE " + strings.Join(where, " AND ")
		}
		query += " ORDER BY total DESC, source_a, id_a, source_b, id_b"
		if f.Limit > 0 {
			query += " LIMIT " + strconv.Itoa(f.Limit)
		}
		return s.query(ctx, query, args...)
	}
	// Pairs of given records or keys: a chunk of keys per query.
	return s.pairsOf(ctx, f, where, args)
}

func (s *Store) query(ctx context.Context, query string, args ...any) ([]store.DuplicatePair, error) {
	rows, err := s.R.QueryContext(ctx, s.Q(query), args...)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	var out []store.DuplicatePair
	for rows.Next() {
		var p store.DuplicatePair
		var at, first, last string
		if err := rows.Scan(&p.A.Source, &p.A.ID, &p.B.Source, &p.B.ID, &p.Scores, &p.Total, &p.Band,
			&p.Decision, &p.DecidedBy, &at, &first, &last); err != nil {
			return nil, s.Wrap(err)
		}
		p.DecidedAt, p.FirstSeen, p.LastSeen = store.ParseTime(at), store.ParseTime(first), store.ParseTime(last)
		out = append(out, p)
	}
	return out, s.Wrap(rows.Err())
}
