// Package sourcesql stores the declared sources, their harvests and the
// leases through database/sql, for both adapters (sqlite, and postgres
// through pgx's database/sql driver): the tables are the same and the SQL
// portable, only placeholders differ.
package sourcesql

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/portablesql"
	"maillage/internal/store"
)

// Store implements store.Sources.
type Store struct {
	*portablesql.DB
	// journal chains an entry to the audit journal inside tx, at now.
	journal Journal
}

// Journal appends an audit entry inside a transaction begun by this
// package, at that transaction's time (accountsql.Store.AppendIn).
type Journal func(ctx context.Context, tx *sql.Tx, now time.Time, e audit.Entry) error

// New returns the store writing through db and reading through rdb;
// dollar says placeholders are $1, $2…; busy bounds the wait for a
// writer's connection; now is the clock, read once per transaction;
// journal writes the declarations and removals to the audit journal.
func New(db, rdb *sql.DB, dollar bool, busy time.Duration, now func() time.Time, journal Journal) *Store {
	return &Store{DB: &portablesql.DB{W: db, R: rdb, Dollar: dollar, Busy: busy, Now: now, What: "sources"}, journal: journal}
}

const sourceColumns = "nom, type, url, correspondance, intervalle_secondes, priorite, perte_max, declaree_par, declaree_le, retiree_le"

func scanSource(scan func(...any) error) (store.Source, error) {
	var src store.Source
	var secs int64
	var declared, removed string
	err := scan(&src.Name, &src.Type, &src.URL, &src.Correspondence, &secs, &src.Priority, &src.MaxLoss, &src.DeclaredBy, &declared, &removed)
	src.Interval = time.Duration(secs) * time.Second
	src.DeclaredAt, src.RemovedAt = store.ParseTime(declared), store.ParseTime(removed)
	return src, err
}

// DeclareSource records a declared source, and journals it as done by
// src.DeclaredBy.
func (s *Store) DeclareSource(ctx context.Context, src store.Source) error {
	return s.Tx(ctx, func(tx *sql.Tx, now string) error {
		var typ, removed string
		err := tx.QueryRowContext(ctx, s.Q(`SELECT type, retiree_le FROM sources WHERE nom = ?`), src.Name).Scan(&typ, &removed)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, s.Q(`INSERT INTO sources (`+sourceColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '')`),
				src.Name, src.Type, src.URL, src.Correspondence, int64(src.Interval/time.Second), src.Priority, src.MaxLoss, src.DeclaredBy, now)
		case err != nil:
			return err
		case typ != "" && removed == "":
			return failure.Errorf(failure.Conflict, "La source « %s » est déjà déclarée (maillage sources supprimer %s pour la remplacer).", src.Name, src.Name)
		default:
			// A source known from imports, or removed: declared now.
			_, err = tx.ExecContext(ctx, s.Q(`UPDATE sources SET type = ?, url = ?, correspondance = ?, intervalle_secondes = ?, priorite = ?, perte_max = ?, declaree_par = ?, declaree_le = ?, retiree_le = '' WHERE nom = ?`),
				src.Type, src.URL, src.Correspondence, int64(src.Interval/time.Second), src.Priority, src.MaxLoss, src.DeclaredBy, now, src.Name)
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, now, store.SourceEntry(store.ActionSourceDeclared, src.DeclaredBy, src.Name, nil, store.SourceFacts(src)))
	})
}

// record journals e inside tx.
func (s *Store) record(ctx context.Context, tx *sql.Tx, now string, e audit.Entry) error {
	if s.journal == nil {
		return errors.New("sources : pas de journal d'audit")
	}
	return s.journal(ctx, tx, store.ParseTime(now), e)
}

func errSourceNotFound(name string) error {
	return failure.Errorf(failure.NotFound, "Source « %s » introuvable (maillage sources liste les montre).", name)
}

// Source returns a declared source, removed or not.
func (s *Store) Source(ctx context.Context, name string) (store.Source, error) {
	src, err := scanSource(s.R.QueryRowContext(ctx, s.Q(`SELECT `+sourceColumns+` FROM sources WHERE nom = ? AND type <> ''`), name).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return src, errSourceNotFound(name)
	}
	return src, s.Wrap(err)
}

// DeclaredSources lists the declared sources not removed, by name.
func (s *Store) DeclaredSources(ctx context.Context) ([]store.Source, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE type <> '' AND retiree_le = '' ORDER BY nom`)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	var out []store.Source
	for rows.Next() {
		src, err := scanSource(rows.Scan)
		if err != nil {
			return nil, s.Wrap(err)
		}
		out = append(out, src)
	}
	return out, s.Wrap(rows.Err())
}

// RemoveSource marks a declared source removed, and journals it as done
// by actor.
func (s *Store) RemoveSource(ctx context.Context, name, actor string) error {
	return s.Tx(ctx, func(tx *sql.Tx, now string) error {
		src, err := scanSource(tx.QueryRowContext(ctx, s.Q(`SELECT `+sourceColumns+` FROM sources WHERE nom = ? AND type <> '' AND retiree_le = ''`), name).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return errSourceNotFound(name)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.Q(`UPDATE sources SET retiree_le = ? WHERE nom = ?`), now, name); err != nil {
			return err
		}
		return s.record(ctx, tx, now, store.SourceEntry(store.ActionSourceRemoved, actor, name, store.SourceFacts(src), nil))
	})
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

const runColumns = "id, source, debut, fin, statut, crees, mis_a_jour, inchanges, retires, rejetes, avertissements, erreur, rapport, etag, last_modified, empreinte"

func scanRun(scan func(...any) error) (store.HarvestRun, error) {
	var r store.HarvestRun
	var start, end string
	err := scan(&r.ID, &r.Source, &start, &end, &r.Status, &r.Created, &r.Updated, &r.Unchanged, &r.Withdrawn, &r.Rejected, &r.Warnings,
		&r.Error, &r.Report, &r.ETag, &r.LastModified, &r.ContentHash)
	r.Started, r.Ended = store.ParseTime(start), store.ParseTime(end)
	return r, err
}

// StartHarvest records the start of a harvest.
func (s *Store) StartHarvest(ctx context.Context, source string) (int64, error) {
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx, now string) error {
		if _, err := tx.ExecContext(ctx, s.Q(`UPDATE moissons SET statut = ?, fin = ? WHERE source = ? AND statut = ?`),
			store.HarvestInterrupted, now, source, store.HarvestRunning); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, s.Q(`INSERT INTO moissons (source, debut, statut) VALUES (?, ?, ?) RETURNING id`),
			source, now, store.HarvestRunning).Scan(&id)
	})
	return id, err
}

// FinishHarvest records how a harvest ended.
func (s *Store) FinishHarvest(ctx context.Context, r store.HarvestRun) error {
	return s.Tx(ctx, func(tx *sql.Tx, now string) error {
		res, err := tx.ExecContext(ctx, s.Q(`UPDATE moissons SET fin = ?, statut = ?, crees = ?, mis_a_jour = ?, inchanges = ?, retires = ?, rejetes = ?, avertissements = ?,
			erreur = ?, rapport = ?, etag = ?, last_modified = ?, empreinte = ? WHERE id = ?`),
			now, r.Status, r.Created, r.Updated, r.Unchanged, r.Withdrawn, r.Rejected, r.Warnings,
			cut(r.Error, store.MaxHarvestReport), cut(r.Report, store.MaxHarvestReport), cut(r.ETag, 1024), cut(r.LastModified, 1024), cut(r.ContentHash, 1024), r.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, failure.Errorf(failure.NotFound, "Moisson n° %d introuvable.", r.ID))
		}
		return nil
	})
}

// cut keeps at most n bytes of s, cut on a character, valid UTF-8.
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if r != utf8.RuneError || size != 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

// HarvestRuns lists the harvests of a source, newest first.
func (s *Store) HarvestRuns(ctx context.Context, source string, limit int) ([]store.HarvestRun, error) {
	rows, err := s.R.QueryContext(ctx, s.Q(`SELECT `+runColumns+` FROM moissons WHERE source = ? ORDER BY id DESC LIMIT ?`), source, limit)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	var out []store.HarvestRun
	for rows.Next() {
		r, err := scanRun(rows.Scan)
		if err != nil {
			return nil, s.Wrap(err)
		}
		out = append(out, r)
	}
	return out, s.Wrap(rows.Err())
}

// HarvestRun returns one harvest.
func (s *Store) HarvestRun(ctx context.Context, id int64) (store.HarvestRun, error) {
	r, err := scanRun(s.R.QueryRowContext(ctx, s.Q(`SELECT `+runColumns+` FROM moissons WHERE id = ?`), id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return r, failure.Errorf(failure.NotFound, "Moisson n° %d introuvable.", id)
	}
	return r, s.Wrap(err)
}

// LastHarvests returns the latest harvest of every source that has one.
func (s *Store) LastHarvests(ctx context.Context) (map[string]store.HarvestRun, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT `+runColumns+` FROM moissons WHERE id IN (SELECT max(id) FROM moissons GROUP BY source)`)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	out := map[string]store.HarvestRun{}
	for rows.Next() {
		r, err := scanRun(rows.Scan)
		if err != nil {
			return nil, s.Wrap(err)
		}
		out[r.Source] = r
	}
	return out, s.Wrap(rows.Err())
}

// AcquireLease takes or renews a lease in one statement: the row is
// written only when it is free, expired or already the holder's, and
// both engines lock the row while they decide.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	var ok bool
	err := s.Tx(ctx, func(tx *sql.Tx, now string) error {
		until := store.FormatTime(store.ParseTime(now).Add(ttl))
		res, err := tx.ExecContext(ctx, s.Q(`INSERT INTO baux (nom, detenteur, expire_le) VALUES (?, ?, ?)
			ON CONFLICT (nom) DO UPDATE SET detenteur = excluded.detenteur, expire_le = excluded.expire_le
			WHERE baux.detenteur = excluded.detenteur OR baux.expire_le <= ?`), name, holder, until, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}

// ReleaseLease gives a lease back if holder holds it.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	return s.Tx(ctx, func(tx *sql.Tx, _ string) error {
		_, err := tx.ExecContext(ctx, s.Q(`DELETE FROM baux WHERE nom = ? AND detenteur = ?`), name, holder)
		return err
	})
}
