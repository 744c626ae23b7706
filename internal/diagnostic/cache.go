package diagnostic

import (
	"context"
	"sync"

	"maillage/internal/access"
	"maillage/internal/territory"
)

// CacheSize is how many computations of France a Cache keeps: a few sets
// of options at the current revision.
const CacheSize = 4

// Cache computes the diagnostic of all of France once per options and
// revision (Revision: the registry's, the referential's and the demand
// data's, read from the database; never a clock), so that the report of
// a territory is a selection. It keeps the CacheSize last computations,
// computes each once however many ask at the same time, runs at most
// MaxComputations at once, and is safe for concurrent use.
type Cache struct {
	st    Store
	refOf func(ctx context.Context) *territory.Referential
	mu    sync.Mutex
	items []*cached     // most recently used first
	turns chan struct{} // one token per running computation (MaxComputations)
}

type cacheKey struct {
	o   Options
	rev string
	ref *territory.Referential
}

type cached struct {
	key  cacheKey
	done chan struct{}
	b    *base
	err  error
}

// NewCache returns a cache over a store and a referential.
func NewCache(st Store, ref *territory.Referential) *Cache {
	return NewLiveCache(st, func(context.Context) *territory.Referential { return ref })
}

// NewLiveCache returns a cache whose referential is refOf's at each
// request (a server's, replaced when it reloads the referential): a new
// referential is a new computation.
func NewLiveCache(st Store, refOf func(ctx context.Context) *territory.Referential) *Cache {
	return &Cache{st: st, refOf: refOf, turns: make(chan struct{}, MaxComputations)}
}

// Report returns the diagnostic of a territory.
func (c *Cache) Report(ctx context.Context, t Territory, o Options) (*Report, error) {
	b, err := c.base(ctx, o)
	if err != nil {
		return nil, err
	}
	return b.report(t)
}

// Implant chooses k new sites for a territory (see Implant); from names
// the candidates' file in the result ("" when candidates is nil: the
// communes of the territory).
func (c *Cache) Implant(ctx context.Context, t Territory, o Options, k int, candidates []access.Candidate, from string) (*Implantation, error) {
	b, err := c.base(ctx, o)
	if err != nil {
		return nil, err
	}
	return b.implant(ctx, t, k, candidates, from)
}

// Referential is the referential the cache computes with for a request.
func (c *Cache) Referential(ctx context.Context) *territory.Referential { return c.refOf(ctx) }

// base returns the computation of France for the options at the store's
// current revision.
func (c *Cache) base(ctx context.Context, o Options) (*base, error) {
	o, err := o.Normalise()
	if err != nil {
		return nil, err
	}
	rev, err := Revision(ctx, c.st)
	if err != nil {
		return nil, err
	}
	ref := c.refOf(ctx)
	key := cacheKey{o, rev, ref}
	for {
		c.mu.Lock()
		if it := c.lookup(key); it != nil {
			c.mu.Unlock()
			select {
			case <-it.done:
				return it.b, it.err
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		c.mu.Unlock()
		// A turn to compute, given up when the asker leaves.
		select {
		case c.turns <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		c.mu.Lock()
		if c.lookup(key) != nil {
			// Computed by another asker while this one waited.
			c.mu.Unlock()
			<-c.turns
			continue
		}
		it := &cached{key: key, done: make(chan struct{})}
		c.items = append([]*cached{it}, c.items...)
		if len(c.items) > CacheSize {
			c.items = c.items[:CacheSize]
		}
		c.mu.Unlock()
		// The computation is not the asker's: one leaving must not fail
		// the others waiting for it.
		it.b, it.err = build(context.WithoutCancel(ctx), c.st, ref, o, rev)
		<-c.turns
		close(it.done)
		if it.err != nil {
			c.forget(it)
		}
		return it.b, it.err
	}
}

// lookup returns the entry of a key, moved first, or nil; c.mu is held.
func (c *Cache) lookup(key cacheKey) *cached {
	for k, x := range c.items {
		if x.key == key {
			copy(c.items[1:k+1], c.items[:k])
			c.items[0] = x
			return x
		}
	}
	return nil
}

// forget drops a failed computation, to be tried again.
func (c *Cache) forget(it *cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, x := range c.items {
		if x == it {
			c.items = append(c.items[:k], c.items[k+1:]...)
			return
		}
	}
}

// MaxComputations is how many computations of France a Cache runs at
// once; more askers with other options wait for a turn (or their client
// to leave). A computation takes tens of seconds of a core.
const MaxComputations = 1
