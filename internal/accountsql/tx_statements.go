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
	if tx.hot != nil {
		if st, ok := tx.hot.Load(query); ok {
			if c.stmts == nil {
				c.stmts = map[string]*sql.Stmt{}
			}
			c.stmts[query] = tx.Tx.StmtContext(ctx, st.(*sql.Stmt))
			return c.stmts[query]
		}
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

// Statements that many transactions run, one each (a redemption's), are
// prepared once for all of them on SQLite: parsing them again in every
// transaction took a quarter of a redemption's time (BenchmarkAPIPassRedeem,
// pprof). database/sql keeps them per connection (the writer's one, the
// readers' few). PostgreSQL's driver (pgx) caches its statements itself.

// prepareHot prepares queries on the writer for every transaction, once;
// it must run outside a transaction (SQLite's writer has one connection).
// A query that fails to prepare runs unprepared, its error told there.
func (s *Store) prepareHot(ctx context.Context, queries ...string) {
	if s.dialect.Dollar {
		return
	}
	for _, q := range queries {
		if _, ok := s.hot.Load(q); ok {
			continue
		}
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		if _, loaded := s.hot.LoadOrStore(q, st); loaded {
			st.Close()
		}
	}
}

// readStmt is a reader's query through its statement prepared once
// (SQLite), or as is.
func (s *Store) readStmt(ctx context.Context, query string) *sql.Stmt {
	if s.dialect.Dollar {
		return nil
	}
	if st, ok := s.read.Load(query); ok {
		return st.(*sql.Stmt)
	}
	st, err := s.rdb.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if old, loaded := s.read.LoadOrStore(query, st); loaded {
		st.Close()
		return old.(*sql.Stmt)
	}
	return st
}

// readRow runs a query of one row on the readers (prepared once on SQLite).
func (s *Store) readRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := s.readStmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.rdb.QueryRowContext(ctx, query, args...)
}

// readRows runs a query on the readers (prepared once on SQLite).
func (s *Store) readRows(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := s.readStmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.rdb.QueryContext(ctx, query, args...)
}
