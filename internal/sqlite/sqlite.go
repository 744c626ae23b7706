// Package sqlite stores the registry in an embedded SQLite database
// (modernc.org/sqlite, no cgo): WAL, one writer, a pool of readers.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"maillage/internal/accountsql"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the SQLite store.
type DB struct {
	write *sql.DB // one connection: SQLite has one writer
	read  *sql.DB
	now   func() time.Time
	busy  time.Duration
	*accountsql.Store
}

var _ store.Store = (*DB)(nil)

// Open opens (and creates, with its folder) the database at path, and
// applies the migrations.
func Open(ctx context.Context, path string, opts ...store.Option) (*DB, error) {
	o := store.Apply(opts)
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("sqlite: création du dossier %s : %w", dir, err)
		}
	}
	q := url.Values{}
	// Another process's writer is waited for busy_timeout, this process's
	// for as long (store.WriteConn); then the write fails with store.ErrBusy.
	busy := fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds())
	for _, p := range []string{busy, "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	// The writer keeps its statement journals in memory: with the change
	// log's triggers every write to lieux opens one, and a temporary file
	// cost the import of 100 000 places a write(2) per page touched.
	q.Add("_pragma", "temp_store(MEMORY)")
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: ouverture de %s : %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: ouverture de %s : %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db := &DB{write: w, read: r, now: o.Now, busy: o.BusyTimeout,
		Store: accountsql.New(w, r, accountsql.Dialect{SelectLieux: selectLieux, Busy: o.BusyTimeout, AuditKeys: o.AuditKeys}, o.Now)}
	// A fresh file that another process is setting up (its switch to WAL,
	// its first migrations) can answer SQLITE_BUSY at once, without the
	// busy timeout's wait. Each migration checks and applies itself in one
	// transaction, so trying again is safe.
	err = db.migrate(ctx)
	for wait := 10 * time.Millisecond; store.IsBusy(err) && wait <= 3*time.Second; wait *= 2 {
		select {
		case <-ctx.Done():
			db.Close()
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		err = db.migrate(ctx)
	}
	if err != nil {
		db.Close()
		return nil, store.Busy(err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

func (db *DB) migrate(ctx context.Context) error {
	// In a write transaction from its start (BEGIN IMMEDIATE): a reader
	// turning writer after another process wrote would be refused at once.
	tx, release, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: migrations : %w", err)
	}
	_, err = tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
	if err == nil {
		err = tx.Commit()
	} else {
		tx.Rollback()
	}
	release()
	if err != nil {
		return fmt.Errorf("sqlite: migrations : %w", err)
	}
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	slices.Sort(names)
	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlite: migration mal nommée %s", name)
		}
		if err := db.migrateOne(ctx, name, version); err != nil {
			return err
		}
	}
	return nil
}

// migrateOne applies a migration unless it was: the check and the change
// are one write transaction (BEGIN IMMEDIATE), so that two processes
// opening a fresh database never both apply it.
func (db *DB) migrateOne(ctx context.Context, name string, version int) error {
	tx, release, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: migrations : %w", err)
	}
	defer release()
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: migrations : %w", err)
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("sqlite: migration %s : %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, db.stamp()); err != nil {
		return fmt.Errorf("sqlite: migration %s : %w", name, err)
	}
	return tx.Commit()
}

// stamp is the time of a write, read once per transaction.
func (db *DB) stamp() string { return store.FormatTime(db.now()) }

var (
	fieldList   = strings.Join(store.Columns[:], ", ")
	selectLieux = "SELECT " + fieldList + ", pass_numerique, provenance FROM lieux"
	insertLieux = "INSERT INTO lieux (id, import_source, import_id, hash, " + strings.Join(store.Columns[1:], ", ") +
		", pass_numerique, provenance, created_at, updated_at) VALUES "
	insertTuple = "(" + placeholders(insertArgs) + ")"
	updateLieu  = func() string {
		sets := make([]string, 0, place.NumFields+4)
		sets = append(sets, "hash = ?")
		for _, c := range store.Columns {
			if c != "id" {
				sets = append(sets, c+" = ?")
			}
		}
		sets = append(sets, "pass_numerique = ?", "provenance = ?", "updated_at = ?")
		return "UPDATE lieux SET " + strings.Join(sets, ", ") + " WHERE import_source = ? AND import_id = ?"
	}()
)

// insertArgs is the number of values of one inserted place.
const insertArgs = 4 + place.NumFields - 1 + 4

// insertBatch is how many places one INSERT of an import writes: a
// statement per place cost each its own statement journal and round of
// database/sql (SQLite allows 32 766 values in a statement).
const insertBatch = 64

// insertLieu is the INSERT of n places.
func insertLieu(n int) string {
	return insertLieux + strings.TrimSuffix(strings.Repeat(insertTuple+", ", n), ", ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

type scanner interface{ Scan(...any) error }

func scanLieu(s scanner) (place.Lieu, error) {
	var r store.Row
	if err := r.Scan(s.Scan); err != nil {
		return place.Lieu{}, err
	}
	return r.Lieu()
}

// Lieu returns a place by its published id.
func (db *DB) Lieu(ctx context.Context, id string) (place.Lieu, error) {
	l, err := scanLieu(db.read.QueryRowContext(ctx, selectLieux+" WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, failure.Errorf(failure.NotFound, "Lieu %q introuvable.", id)
	}
	if err != nil {
		return l, fmt.Errorf("sqlite: lecture du lieu %q : %w", id, err)
	}
	return l, nil
}

// Lieux iterates over every place in id order.
func (db *DB) Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error] {
	return store.Stream(ctx, func(ctx context.Context, emit func(*store.Row) bool) error {
		rows, err := db.read.QueryContext(ctx, selectLieux+" ORDER BY id")
		if err != nil {
			return fmt.Errorf("sqlite: lecture des lieux : %w", err)
		}
		defer rows.Close()
		if err := store.EmitRows(rows, emit); err != nil {
			return fmt.Errorf("sqlite: lecture des lieux : %w", err)
		}
		return nil
	})
}

// Stats counts the places and gives the time of the last change.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	var last sql.NullString
	if err := db.read.QueryRowContext(ctx, `SELECT count(*), max(updated_at) FROM lieux`).Scan(&s.Count, &last); err != nil {
		return s, fmt.Errorf("sqlite: statistiques : %w", err)
	}
	if last.Valid {
		s.LastChange = store.ParseTime(last.String)
	}
	return s, nil
}

type importTx struct {
	tx      *sql.Tx
	release func()
	source  string
	plan    *store.Plan
	insert  *sql.Stmt // of insertBatch places
	update  *sql.Stmt
	now     string
	at      time.Time
	args    []any
	// pending are the values of the created places not yet inserted, ids
	// their source's ids; flush writes them.
	pending []any
	ids     []string
	// journal appends the audit entry of the import in its transaction.
	journal *accountsql.Store
}

// begin starts a write transaction on the writer's connection, waiting
// for it at most the busy timeout; release gives the connection back once
// the transaction ended.
func (db *DB) begin(ctx context.Context) (tx *sql.Tx, release func(), err error) {
	conn, err := store.WriteConn(ctx, db.write, db.busy)
	if err != nil {
		return nil, nil, err
	}
	if tx, err = conn.BeginTx(ctx, nil); err != nil {
		conn.Close()
		return nil, nil, store.Busy(err)
	}
	return tx, func() { conn.Close() }, nil
}

// BeginImport starts an import transaction for a source.
func (db *DB) BeginImport(ctx context.Context, source string) (store.Import, error) {
	// Imports are batch work: they queue behind one another (and behind
	// other writers) for as long as their context allows.
	tx, release, err := db.begin(ctx)
	for store.IsBusy(err) || errors.Is(err, failure.ErrUnavailable) {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("sqlite: début d'import : %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
		tx, release, err = db.begin(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: début d'import : %w", err)
	}
	im := &importTx{tx: tx, release: release, source: source, plan: store.NewPlan(source), at: db.now().UTC(), journal: db.Store}
	im.now = store.FormatTime(im.at)
	fail := func(err error) (store.Import, error) {
		tx.Rollback()
		release()
		return nil, fmt.Errorf("sqlite: début d'import : %w", store.Busy(err))
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, import_source, import_id, hash FROM lieux`)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var id, src, iid, hash string
		if err := rows.Scan(&id, &src, &iid, &hash); err != nil {
			rows.Close()
			return fail(err)
		}
		im.plan.Stored(id, src, iid, hash)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if err := protect(ctx, tx, im.plan); err != nil {
		return fail(err)
	}
	if im.insert, err = tx.PrepareContext(ctx, insertLieu(insertBatch)); err != nil {
		return fail(err)
	}
	if im.update, err = tx.PrepareContext(ctx, updateLieu); err != nil {
		return fail(err)
	}
	return im, nil
}

func (im *importTx) Put(ctx context.Context, l *place.Lieu) (store.Outcome, string, error) {
	d, err := im.plan.Decide(l)
	if err != nil {
		return 0, "", err
	}
	r := &d.Row
	switch d.Outcome {
	case store.Updated:
		// The place may be one of the pending ones (an id twice in a file).
		if err := im.flush(ctx); err != nil {
			return 0, "", err
		}
		args := append(im.args[:0], r.Hash)
		for i := 1; i < place.NumFields; i++ {
			args = append(args, fieldArg(r, i))
		}
		args = append(args, r.Pass, string(r.Provenance), im.now, im.source, l.ID)
		if _, err := im.update.ExecContext(ctx, args...); err != nil {
			return 0, "", fmt.Errorf("sqlite: mise à jour du lieu %q : %w", l.ID, err)
		}
	case store.Created:
		args := append(im.pending, d.PublicID, im.source, l.ID, r.Hash)
		for i := 1; i < place.NumFields; i++ {
			args = append(args, fieldArg(r, i))
		}
		im.pending = append(args, r.Pass, string(r.Provenance), im.now, im.now)
		im.ids = append(im.ids, l.ID)
		if len(im.ids) == insertBatch {
			if err := im.flush(ctx); err != nil {
				return 0, "", err
			}
		}
	}
	return d.Outcome, d.PublicID, nil
}

// flush inserts the pending places.
func (im *importTx) flush(ctx context.Context) error {
	if len(im.ids) == 0 {
		return nil
	}
	var err error
	if len(im.ids) == insertBatch {
		_, err = im.insert.ExecContext(ctx, im.pending...)
	} else {
		_, err = im.tx.ExecContext(ctx, insertLieu(len(im.ids)), im.pending...)
	}
	if err != nil {
		if len(im.ids) == 1 {
			return fmt.Errorf("sqlite: création du lieu %q : %w", im.ids[0], err)
		}
		return fmt.Errorf("sqlite: création des lieux %q à %q : %w", im.ids[0], im.ids[len(im.ids)-1], err)
	}
	clear(im.pending)
	im.pending, im.ids = im.pending[:0], im.ids[:0]
	return nil
}

func fieldArg(r *store.Row, i int) any {
	switch i {
	case place.FLatitude:
		return r.Lat
	case place.FLongitude:
		return r.Lon
	}
	return r.Values[i]
}

func (im *importTx) Reject() { im.plan.Counts.Rejected++ }

func (im *importTx) Absent() (absent, total int) { return im.plan.Absent() }

func (im *importTx) Commit(ctx context.Context, file string) (store.Counts, error) {
	defer im.release()
	c := im.plan.Counts
	if err := im.flush(ctx); err != nil {
		im.tx.Rollback()
		return c, err
	}
	if _, err := im.tx.ExecContext(ctx, `INSERT INTO imports (source, file, finished_at, created, updated, unchanged, rejected) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		im.source, file, im.now, c.Created, c.Updated, c.Unchanged, c.Rejected); err != nil {
		im.tx.Rollback()
		return c, fmt.Errorf("sqlite: journal d'import : %w", err)
	}
	if err := im.journal.AppendIn(ctx, im.tx, im.at, store.ImportEntry(im.source, file, c)); err != nil {
		im.tx.Rollback()
		return c, fmt.Errorf("sqlite: journal d'audit de l'import : %w", err)
	}
	if err := im.tx.Commit(); err != nil {
		return c, fmt.Errorf("sqlite: validation de l'import : %w", store.Busy(err))
	}
	return c, nil
}

func (im *importTx) Rollback(ctx context.Context) error {
	err := im.tx.Rollback()
	im.release()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// protect tells the plan which fields were set by hand, and how to read
// the stored records they belong to.
func protect(ctx context.Context, tx *sql.Tx, plan *store.Plan) error {
	rows, err := tx.QueryContext(ctx, `SELECT lieu_id, champ, at FROM lieux_champs`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, field, at string
		if err := rows.Scan(&id, &field, &at); err != nil {
			return err
		}
		t := store.ParseTime(at)
		plan.Protect(id, field, t)
	}
	plan.SetLoader(func(id string) (place.Lieu, error) {
		return scanLieu(tx.QueryRowContext(ctx, selectLieux+" WHERE id = ?", id))
	})
	return rows.Err()
}
