// Package postgres stores the registry in PostgreSQL (pgx), the production backend.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"maillage/internal/accountsql"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the PostgreSQL store.
type DB struct {
	now       func() time.Time
	upTo      int // the last migration applied (0: all)
	auditKeys audit.Keyring
	pool      *pgxpool.Pool
	sql       *sql.DB // the same pool through database/sql, for accountsql
	*accountsql.Store
}

var _ store.Store = (*DB)(nil)

// Open connects to the database at url (postgres://…) and applies the migrations.
func Open(ctx context.Context, url string, opts ...store.Option) (*DB, error) {
	o := store.Apply(opts)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: adresse de base invalide : %w", err)
	}
	return open(ctx, cfg, o)
}

// open connects with a pool's configuration (tests add a tracer to it).
func open(ctx context.Context, cfg *pgxpool.Config, o store.Options) (*DB, error) {
	// A writer waits for a lock (an import's) at most the busy timeout,
	// then fails with store.ErrBusy.
	if _, set := cfg.ConnConfig.RuntimeParams["lock_timeout"]; !set {
		cfg.ConnConfig.RuntimeParams["lock_timeout"] = fmt.Sprintf("%dms", o.BusyTimeout.Milliseconds())
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connexion : %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	db := &DB{now: o.Now, upTo: o.MigrateUpTo, auditKeys: o.AuditKeys, pool: pool, sql: sqlDB}
	db.Store = accountsql.New(sqlDB, sqlDB, accountsql.Dialect{Dollar: true, LockAudit: "LOCK TABLE audit IN EXCLUSIVE MODE", SelectLieux: selectLieux, ForUpdate: " FOR UPDATE", LockPlaces: lockPlaces, LockPlacesHand: lockPlaces[1:], RedeemFunction: o.MigrateUpTo == 0 || o.MigrateUpTo >= 34, Busy: o.BusyTimeout, AuditKeys: o.AuditKeys, AuditFloor: o.AuditFloor, ScrubErased: db.vacuum, Log: o.Log}, o.Now)
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// vacuum runs VACUUM on tables (outside any transaction, as it must):
// after an erasure, the old versions of the rows (dead tuples, still in the
// tables' files until then) are removed and their space made free. The
// WAL segments and their archives keep them until they are recycled.
//
// VACUUM cannot remove a version that a transaction of the same database
// older than the erasure may still see (a request, a pg_dump, an open psql
// session), and succeeds all the same (verification 12, N1). What it left
// is counted in the tables' statistics (n_dead_tup), but those counts also
// move late (the erasing connection sends its own up to seconds after its
// commit) and with other requests' writes (review 12B minor 2): so dead
// tuples left only matter while a client transaction that began before
// the VACUUM still holds a snapshot (pg_stat_activity.backend_xmin). Then
// the tables are vacuumed once more after a second (it may have ended),
// and an error tells what remains; without such a transaction, one more
// VACUUM takes what a transaction ended meanwhile may have kept.
func (db *DB) vacuum(ctx context.Context, tables []string) error {
	var began time.Time
	if err := db.pool.QueryRow(ctx, `SELECT clock_timestamp()`).Scan(&began); err != nil {
		return fmt.Errorf("postgres: VACUUM %s : %w", strings.Join(tables, ", "), err)
	}
	left, err := db.vacuumOnce(ctx, tables)
	if err != nil || len(left) == 0 {
		return err
	}
	older, err := db.olderSnapshots(ctx, began)
	if err != nil {
		return err
	}
	if older == 0 {
		_, err = db.vacuumOnce(ctx, tables)
		return err
	}
	select {
	case <-ctx.Done():
	case <-time.After(vacuumRetry):
	}
	if left, err = db.vacuumOnce(ctx, tables); err != nil || len(left) == 0 {
		return err
	}
	if older, err = db.olderSnapshots(ctx, began); err != nil || older == 0 {
		return err
	}
	return fmt.Errorf("postgres: VACUUM %s : d'anciennes versions de lignes restent (%s) : une transaction plus ancienne que l'effacement est encore ouverte dans la base (une sauvegarde, une session psql…) ; l'autovacuum les retirera après sa fin",
		strings.Join(tables, ", "), strings.Join(left, ", "))
}

// olderSnapshots counts the other client transactions of this database,
// begun before t, that still hold a snapshot: what keeps VACUUM from
// removing the versions an erasure left.
func (db *DB) olderSnapshots(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
		AND backend_type = 'client backend' AND backend_xmin IS NOT NULL AND xact_start < $1`, t).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: VACUUM : lecture des transactions ouvertes : %w", err)
	}
	return n, nil
}

// vacuumRetry is how long vacuum waits before trying again.
var vacuumRetry = time.Second

// vacuumOnce vacuums tables and returns those which still hold dead tuples,
// each as « table : n ».
func (db *DB) vacuumOnce(ctx context.Context, tables []string) ([]string, error) {
	if _, err := db.pool.Exec(ctx, `VACUUM `+strings.Join(tables, ", ")); err != nil {
		return nil, fmt.Errorf("postgres: VACUUM %s : %w", strings.Join(tables, ", "), err)
	}
	rows, err := db.pool.Query(ctx, `SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE relid = ANY($1::text[]::regclass[]) AND n_dead_tup > 0 ORDER BY relname`, tables)
	if err != nil {
		return nil, fmt.Errorf("postgres: VACUUM %s : lecture des lignes mortes : %w", strings.Join(tables, ", "), err)
	}
	var left []string
	for rows.Next() {
		var table string
		var n int64
		if err := rows.Scan(&table, &n); err != nil {
			return nil, fmt.Errorf("postgres: VACUUM %s : lecture des lignes mortes : %w", strings.Join(tables, ", "), err)
		}
		left = append(left, fmt.Sprintf("%s : %d", table, n))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: VACUUM %s : lecture des lignes mortes : %w", strings.Join(tables, ", "), err)
	}
	return left, nil
}

// Close closes the connections.
func (db *DB) Close() error {
	err := db.sql.Close()
	db.pool.Close()
	return err
}

func (db *DB) migrate(ctx context.Context) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: connexion : %w", err)
	}
	defer tx.Rollback(ctx)
	// One migrating process at a time, each waiting for the other.
	if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = 0`); err != nil {
		return fmt.Errorf("postgres: migrations : %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(727001)`); err != nil {
		return fmt.Errorf("postgres: migrations : %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		return fmt.Errorf("postgres: migrations : %w", err)
	}
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	seen := map[int]string{}
	slices.Sort(names)
	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("postgres: migration mal nommée %s", name)
		}
		if prev, dup := seen[version]; dup {
			return fmt.Errorf("postgres: les migrations %s et %s portent le même numéro", prev, name)
		}
		seen[version] = name
		if db.upTo > 0 && version > db.upTo {
			break
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, version).Scan(&n); err != nil {
			return fmt.Errorf("postgres: migrations : %w", err)
		}
		if n > 0 {
			continue
		}
		body, _ := migrations.ReadFile(name)
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return fmt.Errorf("postgres: migration %s : %w", name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())`, version); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}

var (
	selectLieux = func() string {
		cols := make([]string, len(store.Columns))
		for i, c := range store.Columns {
			cols[i] = c
			if i == place.FDateMaj {
				cols[i] = "to_char(date_maj, 'YYYY-MM-DD')"
			}
		}
		return "SELECT " + strings.Join(cols, ", ") + ", pass_numerique, provenance::text FROM lieux"
	}()
)

func scanLieu(row pgx.Row) (place.Lieu, error) {
	var r store.Row
	if err := r.Scan(row.Scan); err != nil {
		return place.Lieu{}, err
	}
	return r.Lieu()
}

// Lieu returns a place by its published id.
func (db *DB) Lieu(ctx context.Context, id string) (place.Lieu, error) {
	l, err := scanLieu(db.pool.QueryRow(ctx, selectLieux+" WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return l, failure.Errorf(failure.NotFound, "Lieu %q introuvable.", id)
	}
	if err != nil {
		return l, fmt.Errorf("postgres: lecture du lieu %q : %w", id, err)
	}
	return l, nil
}

// lieuxPage is how many places one query of Lieux reads. A query with a
// LIMIT walks the primary key (ids in the "C" collation) and sends its
// first row at once; one query of every place was planned as a sort of the
// whole table (on disk at 100 000 places) before any row was sent.
var lieuxPage = 2000

// Lieux iterates over every place in id order.
func (db *DB) Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error] {
	return store.Stream(ctx, func(ctx context.Context, emit func(*store.Row) bool) error {
		// Every page is read in one snapshot: the iteration sees the
		// registry as it was when it began, as one query did.
		tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return fmt.Errorf("postgres: lecture des lieux : %w", err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		after, first := "", true
		for {
			var rows pgx.Rows
			if first {
				rows, err = tx.Query(ctx, selectLieux+" ORDER BY id LIMIT $1", lieuxPage)
			} else {
				rows, err = tx.Query(ctx, selectLieux+" WHERE id > $1 ORDER BY id LIMIT $2", after, lieuxPage)
			}
			if err != nil {
				return fmt.Errorf("postgres: lecture des lieux : %w", err)
			}
			n, stopped := 0, false
			err = store.EmitRows(rows, func(r *store.Row) bool {
				n++
				after = r.Values[place.FID]
				stopped = !emit(r)
				return !stopped
			})
			rows.Close()
			if err != nil {
				return fmt.Errorf("postgres: lecture des lieux : %w", err)
			}
			if stopped || n < lieuxPage {
				return nil
			}
			first = false
		}
	})
}

// Stats counts the places and gives the time of the last change.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	var s store.Stats
	var last *time.Time
	var removal *string
	if err := db.pool.QueryRow(ctx, `SELECT count(*), max(updated_at), `+store.LastRemovalSQL+` FROM lieux`).Scan(&s.Count, &last, &removal); err != nil {
		return s, fmt.Errorf("postgres: statistiques : %w", err)
	}
	if last != nil {
		s.LastChange = last.UTC()
	}
	if removal != nil {
		s.LastChange = store.LaterOf(s.LastChange, *removal)
	}
	return s, nil
}

// lockPlaces serialises imports and merge runs: the lock an import holds
// from its start (conflicting with itself and with every writer of
// places), taken before anything is read. They are batch work, and
// queue for as long as their context allows.
var lockPlaces = []string{`SET LOCAL lock_timeout = 0`, `LOCK TABLE lieux IN SHARE ROW EXCLUSIVE MODE`}

// BeginImport starts an import transaction for a source.
func (db *DB) BeginImport(ctx context.Context, source string) (store.Import, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: début d'import : %w", store.Busy(err))
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("postgres: début d'import : %w", store.Busy(err))
	}
	// Imports of the registry are serialised: ids are chosen across
	// sources. They are batch work, and queue for as long as ctx allows.
	for _, q := range lockPlaces {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tx.Rollback()
			conn.Close()
			return nil, fmt.Errorf("postgres: début d'import : %w", store.Busy(err))
		}
	}
	im, err := db.Store.BeginImportIn(ctx, tx, func() { conn.Close() }, source)
	if err != nil {
		return nil, fmt.Errorf("postgres: début d'import : %w", store.Busy(err))
	}
	return im, nil
}
