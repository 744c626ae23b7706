// Package portablesql runs portable SQL through database/sql for both
// adapters (sqlite, and postgres through pgx's database/sql driver): the
// packages that store one aggregate the same way on both engines
// (sourcesql, dedupsql) share its placeholders and write transactions.
package portablesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// DB writes through W (SQLite: its single writer) and reads through R.
type DB struct {
	W, R   *sql.DB
	Dollar bool          // placeholders $1, $2… (PostgreSQL)
	Busy   time.Duration // bound of the wait for a writer's connection
	Now    func() time.Time
	What   string // names the aggregate in unexpected errors ("sources")
}

// Q writes query's ? placeholders as the engine wants them.
func (d *DB) Q(query string) string {
	if !d.Dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// Tx runs fn in a write transaction; now is the transaction's instant,
// read once from the clock.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx, now string) error) error {
	conn, err := store.WriteConn(ctx, d.W, d.Busy)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return store.Busy(err)
	}
	// A panic in fn must end the transaction before conn.Close, which
	// otherwise waits for it as long as ctx lives, holding the writer
	// (review 12B MAJOR 0). After Commit, Rollback does nothing.
	defer tx.Rollback()
	if err := fn(tx, store.FormatTime(d.Now())); err != nil {
		tx.Rollback()
		return d.Wrap(err)
	}
	return d.Wrap(tx.Commit())
}

// Wrap keeps typed failures, turns a busy database into its failure and
// names the aggregate in any other error.
func (d *DB) Wrap(err error) error {
	if err == nil {
		return nil
	}
	var f *failure.Error
	if errors.As(err, &f) {
		return err
	}
	if store.IsBusy(err) {
		return store.Busy(err)
	}
	return fmt.Errorf("%s : %w", d.What, err)
}
