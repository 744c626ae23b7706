package postgres

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"maillage/internal/postgres/pgtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// countingTracer counts the statements the pool sends to the server.
type countingTracer struct{ n atomic.Int64 }

func (c *countingTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *countingTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// A redemption is one round trip (migration 034's pass_utiliser), not a
// transaction of ~11 statements.
func TestRedeemStatements(t *testing.T) {
	tracer := &countingTracer{}
	storetest.RunRedeemStatements(t, func(t *testing.T, opts ...store.Option) store.Store {
		cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		cfg.ConnConfig.Tracer = tracer
		db, err := open(context.Background(), cfg, store.Apply(opts))
		if err != nil {
			t.Fatal(err)
		}
		return db
	}, func() int { return int(tracer.n.Load()) })
}
