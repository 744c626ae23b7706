package accountsql

import (
	"context"
	"database/sql"
)

// A transaction that runs the same statements many times (a merge run
// merges thousands of places in one transaction) prepares each of them
// once: with SQLite, parsing the SQL again on every call cost more than
// running it. A statement is prepared the second time its text is seen in
// the transaction (a statement run once costs what it did), and every
// prepared statement closes with the transaction.

// repeatCache is the statements of one transaction.
type repeatCache struct {
	seen  map[string]bool
	stmts map[string]*sql.Stmt
}

// prepared returns the transaction's prepared statement for query, or nil
// when it should run unprepared (first sight, or preparing failed).
func (tx *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	c := &tx.cache
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if !c.seen[query] {
		if c.seen == nil {
			c.seen = map[string]bool{}
		}
		c.seen[query] = true
		return nil
	}
	st, err := tx.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil // run unprepared: the statement's own error comes from there
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = st
	return st
}

// ExecContext runs a statement of the transaction.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.prepared(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryRowContext runs a query of one row of the transaction.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

// queryRows runs a query of several rows on q, through the transaction's
// prepared statements when q is one: for readers that close their rows
// before the same query runs again.
func queryRows(ctx context.Context, q querier, query string, args ...any) (*sql.Rows, error) {
	if tx, ok := q.(*Tx); ok {
		if st := tx.prepared(ctx, query); st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return q.QueryContext(ctx, query, args...)
}
