package diagnostic

import (
	"context"
	"slices"
	"sync"
	"time"

	"maillage/internal/access"
	"maillage/internal/failure"
	"maillage/internal/territory"
)

// CacheSize is how many sets of options a Cache keeps the computation of
// France for.
const CacheSize = 4

// Cache computes the diagnostic of all of France once per options and
// version of the data (Revision: the registry's, the referential's and the
// demand data's, read from the database, never a clock; and the
// referential in memory), so that the report of a territory is a
// selection.
//
// When the data change, the computation of the new version runs in the
// background, and until it ends the askers get the last one, marked Stale
// (its revision and when it was computed): a page stays fast, and says
// that its figures are those of the previous state. Only the first
// computation of a set of options is waited for. Each version is computed
// once however many ask (single flight), at most MaxComputations at once
// with the offline costs and MaxOSRMComputations with the OSRM cost, each
// kind in its own turns (a computation waiting on an OSRM server for
// minutes never holds back the default figures), and at most one waits
// per set of options, a newer version replacing an older one not
// started: the work queued is bounded by CacheSize. Several
// servers on one database see the same revisions, so they give the same
// figures for the same state. Safe for concurrent use.
type Cache struct {
	st    Store
	refOf func(ctx context.Context) *territory.Referential
	now   func() time.Time // stamps each computation; nil: no date
	life  context.Context  // background computations end with it
	mu    sync.Mutex
	slots []*slot       // most recently used first
	turns chan struct{} // one token per running offline computation (MaxComputations)
	// osrmTurns holds one token per running computation with the OSRM
	// cost (MaxOSRMComputations): apart from turns.
	osrmTurns chan struct{}
	busy      sync.WaitGroup
	// elapsed measures the wait before a failed computation is tried
	// again (RetryAfter); a monotonic clock, never a version's.
	elapsed func() time.Time
	// pinned are the options whose slot is never pushed out by others
	// (a server's default options): a flood of other options cannot
	// make the default figures wait or fail.
	pinned []Options
	// implants are the placements computed, shared by their askers (see
	// Implant); greedy holds one token per placement computed at once.
	implants []*implantCall
	greedy   chan struct{}
	placed   int // placements computed for the communes of a territory
}

// RetryAfter is how long a computation that failed (the database
// unreachable, a read that timed out) is not tried again for the same
// version: until then its askers get the last figures, still marked
// stale, or its error when there are none — not one computation of France
// per request.
const RetryAfter = time.Minute

// version is what a computation is of.
type version struct {
	rev string
	ref *territory.Referential
}

// slot is one set of options: its last computation, and the one under
// way for a newer version.
type slot struct {
	o    Options
	cur  *cached // ended without error; nil before the first
	next *cached // queued or running; nil when none
	// failed is the last computation that ended with an error, and when.
	failed   *cached
	failedAt time.Time
}

type cached struct {
	v        version
	done     chan struct{}
	cancel   context.CancelFunc
	b        *base
	computed time.Time
	err      error
	running  bool // it had its turn
	dropped  bool // dropped before its turn
	// waiters counts the askers waiting for it (a first computation);
	// abandoned says that the last one left an OSRM computation, which
	// was then cancelled (see Cache.leave).
	waiters   int
	abandoned bool
	replaced  bool // a newer version's computation replaced it: its askers ask again
}

// Stale says that a report is of an earlier state of the data than the
// database's: the computation of the current state is under way.
type Stale struct {
	Revision string    // the revision being computed (the report's is Report.Revision)
	Computed time.Time // when the report's figures were computed; zero when unknown
}

// NewCache returns a cache over a store and a referential.
func NewCache(st Store, ref *territory.Referential) *Cache {
	return NewLiveCache(st, func(context.Context) *territory.Referential { return ref })
}

// NewLiveCache returns a cache whose referential is refOf's at each
// request (a server's, replaced when it reloads the referential): a new
// referential is a new computation.
func NewLiveCache(st Store, refOf func(ctx context.Context) *territory.Referential) *Cache {
	return &Cache{st: st, refOf: refOf, life: context.Background(), turns: make(chan struct{}, MaxComputations),
		osrmTurns: make(chan struct{}, MaxOSRMComputations), elapsed: time.Now, greedy: make(chan struct{}, MaxPlacements)}
}

// Pin keeps the slot of a set of options whatever others are asked (a
// server pins its default options): it is never pushed out of the cache,
// and does not count in CacheSize.
func (c *Cache) Pin(o Options) error {
	o, err := o.Normalise()
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Contains(c.pinned, o) {
		c.pinned = append(c.pinned, o)
	}
	return nil
}

// Kept tells whether asking for a set of options starts no computation of
// new options: they are pinned, or their slot is kept (computed or under
// way). A server limits, per client, the asks that are not kept.
func (c *Cache) Kept(o Options) bool {
	o, err := o.Normalise()
	if err != nil {
		return true // refused before any computation
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if slices.Contains(c.pinned, o) {
		return true
	}
	for _, sl := range c.slots {
		if sl.o == o {
			return true
		}
	}
	return false
}

// SetLife ends the background computations with ctx (a server's life).
func (c *Cache) SetLife(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.life = ctx
}

// SetClock gives the clock that dates each computation (a stale report
// says when its figures were computed). It only dates: versions are told
// by revisions.
func (c *Cache) SetClock(now func() time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
}

// Report returns the diagnostic of a territory; Report.Stale is set when
// it is of an earlier state of the data.
func (c *Cache) Report(ctx context.Context, t Territory, o Options) (*Report, error) {
	it, stale, err := c.base(ctx, o)
	if err != nil {
		return nil, err
	}
	r, err := it.b.report(t)
	if err != nil {
		return nil, err
	}
	r.Computed = it.computed
	if stale != "" {
		r.Stale = &Stale{Revision: stale, Computed: it.computed}
		r.Notes = append([]string{r.Stale.Sentence(r.Revision)}, r.Notes...)
	}
	return r, nil
}

// Implant chooses k new sites for a territory (see Implant); from names
// the candidates' file in the result ("" when candidates is nil: the
// communes of the territory).
//
// Without candidates (the communes of the territory), the placement is
// computed once per version, options and territory, for MaxPicks sites,
// and shared by every asker whatever k (the greedy choice of k sites is
// the first k of MaxPicks); the ImplantCacheSize last ones are kept. At
// most MaxPlacements are computed at once: an asker that finds no turn
// within PlacementWait gets a failure.TooMany error (try again later).
func (c *Cache) Implant(ctx context.Context, t Territory, o Options, k int, candidates []access.Candidate, from string) (*Implantation, error) {
	if err := checkK(k); err != nil {
		return nil, err
	}
	it, stale, err := c.base(ctx, o)
	if err != nil {
		return nil, err
	}
	var im *Implantation
	if candidates != nil {
		if err := c.greedyTurn(ctx); err != nil {
			return nil, err
		}
		im, err = it.b.implant(ctx, t, k, candidates, from)
		<-c.greedy
	} else {
		im, err = c.sharedImplant(ctx, it, t, k)
	}
	if err != nil {
		return nil, err
	}
	if stale != "" {
		im.Stale = &Stale{Revision: stale, Computed: it.computed}
	}
	return im, nil
}

// Warm starts, in the background, the computation of the current version
// for a set of options unless it is done or under way: a server warms its
// default options when it starts, so that its first asker does not wait
// for the computation of France. It does not wait for it.
func (c *Cache) Warm(ctx context.Context, o Options) error {
	o, err := o.Normalise()
	if err != nil {
		return err
	}
	v, err := c.version(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	sl := c.slot(o)
	if (sl.cur == nil || sl.cur.v != v) && (sl.next == nil || sl.next.v != v) {
		c.start(sl, v)
	}
	return nil
}

// Referential is the referential the cache computes with for a request.
func (c *Cache) Referential(ctx context.Context) *territory.Referential { return c.refOf(ctx) }

// Refresh starts, in the background, the computation of the current
// version for every set of options kept whose computation is of an older
// one: a server calls it when its index takes a new revision, so that the
// next askers find the new figures ready. Options with the OSRM cost that
// are not pinned are left until asked again (their computation asks the
// server thousands of times): their next asker gets the last figures,
// marked stale, and starts it.
func (c *Cache) Refresh(ctx context.Context) error {
	v, err := c.version(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, sl := range c.slots {
		if sl.o.Cost == access.NameOSRM && !slices.Contains(c.pinned, sl.o) {
			continue
		}
		if (sl.cur == nil || sl.cur.v != v) && (sl.next == nil || sl.next.v != v) {
			c.start(sl, v)
		}
	}
	return nil
}

// Settle waits until no computation is queued or running (or ctx ends).
func (c *Cache) Settle(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		c.busy.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Cache) version(ctx context.Context) (version, error) {
	rev, err := Revision(ctx, c.st)
	if err != nil {
		return version{}, err
	}
	return version{rev, c.refOf(ctx)}, nil
}

// base returns the computation of France for the options: the current
// version's, or the last one's while the current is computed (stale: the
// revision being computed), or waits for the first.
func (c *Cache) base(ctx context.Context, o Options) (it *cached, stale string, err error) {
	o, err = o.Normalise()
	if err != nil {
		return nil, "", err
	}
	for {
		v, err := c.version(ctx)
		if err != nil {
			return nil, "", err
		}
		c.mu.Lock()
		sl := c.slot(o)
		if sl.cur != nil && sl.cur.v == v {
			c.mu.Unlock()
			return sl.cur, "", nil
		}
		next := sl.next
		if (next == nil || next.v != v) && sl.failed != nil && sl.failed.v == v && c.elapsed().Sub(sl.failedAt) < RetryAfter {
			// This version's computation failed a moment ago: no new
			// attempt before RetryAfter.
			if prev := sl.cur; prev != nil {
				c.mu.Unlock()
				return prev, v.rev, nil
			}
			err := sl.failed.err
			c.mu.Unlock()
			return nil, "", err
		}
		if next == nil || next.v != v {
			next = c.start(sl, v)
		}
		if prev := sl.cur; prev != nil {
			c.mu.Unlock()
			return prev, v.rev, nil
		}
		next.waiters++
		c.mu.Unlock()
		select {
		case <-next.done:
			c.mu.Lock()
			next.waiters--
			c.mu.Unlock()
		case <-ctx.Done():
			c.leave(sl, next)
			return nil, "", ctx.Err()
		}
		if next.replaced {
			continue
		}
		if next.err != nil {
			return nil, "", next.err
		}
		return next, "", nil
	}
}

// leave is an asker's leaving the first computation of a slot before it
// ended. When it was the last one waiting and the options have the OSRM
// cost and are not pinned, the computation is abandoned: cancelled (its
// requests to the server with it), and the slot dropped when it holds
// nothing else, so that asking again is a new computation. A computation
// with an offline cost goes on: it is short, and the next asker finds it.
func (c *Cache) leave(sl *slot, it *cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it.waiters--
	if it.waiters > 0 || sl.o.Cost != access.NameOSRM || slices.Contains(c.pinned, sl.o) {
		return
	}
	select {
	case <-it.done:
		return
	default:
	}
	it.abandoned = true
	if !it.running {
		it.dropped = true
	}
	it.cancel()
	if sl.next == it {
		sl.next = nil
	}
	if sl.cur == nil && sl.next == nil {
		c.slots = slices.DeleteFunc(c.slots, func(s *slot) bool { return s == sl })
	}
}

// slot returns the slot of the options, moved first, made when missing
// (the least recently used beyond CacheSize dropped, with its computation
// if it has not started); c.mu is held.
func (c *Cache) slot(o Options) *slot {
	for k, sl := range c.slots {
		if sl.o == o {
			copy(c.slots[1:k+1], c.slots[:k])
			c.slots[0] = sl
			return sl
		}
	}
	sl := &slot{o: o}
	c.slots = append([]*slot{sl}, c.slots...)
	kept, others := c.slots[:0], 0
	for _, old := range c.slots {
		if slices.Contains(c.pinned, old.o) {
			kept = append(kept, old)
			continue
		}
		if others++; others <= CacheSize {
			kept = append(kept, old)
			continue
		}
		if it := old.next; it != nil && !it.running {
			it.dropped = true
			it.cancel()
		}
	}
	clear(c.slots[len(kept):])
	c.slots = kept
	return sl
}

// errDropped answers those waiting for a computation dropped before its
// turn, its options pushed out of the cache by others.
var errDropped = failure.Errorf(failure.TooMany, "trop de calculs du diagnostic demandés à la fois, avec des options différentes : réessayez dans une minute")

// start queues the computation of a version for a slot, in the
// background; it replaces one queued or running for an older version,
// whose askers ask again. c.mu is held.
func (c *Cache) start(sl *slot, v version) *cached {
	if old := sl.next; old != nil {
		old.replaced = true
		if !old.running {
			old.dropped = true
			old.cancel()
		}
	}
	// The computation is no asker's: one leaving must not fail the others.
	ctx, cancel := context.WithCancel(c.life)
	it := &cached{v: v, done: make(chan struct{}), cancel: cancel}
	sl.next = it
	now := c.now
	turns := c.turns
	if sl.o.Cost == access.NameOSRM {
		turns = c.osrmTurns
	}
	c.busy.Add(1)
	go func() {
		defer c.busy.Done()
		defer cancel()
		defer close(it.done)
		turn := false
		select {
		case turns <- struct{}{}:
			turn = true
		case <-ctx.Done():
		}
		c.mu.Lock()
		if it.dropped {
			if turn {
				<-turns
			}
			it.err = errDropped
			c.mu.Unlock()
			return
		}
		it.running = true
		c.mu.Unlock()
		b, err := build(ctx, c.st, v.ref, sl.o, v.rev)
		var at time.Time
		if now != nil {
			at = now()
		}
		<-turns
		c.mu.Lock()
		defer c.mu.Unlock()
		it.b, it.err, it.computed = b, err, at
		if sl.next == it {
			sl.next = nil
		}
		switch {
		case err == nil && !it.replaced:
			sl.cur, sl.failed = it, nil
		case err != nil && ctx.Err() == nil:
			sl.failed, sl.failedAt = it, c.elapsed()
		}
	}()
	return it
}

// MaxComputations is how many computations of France with an offline
// cost (vol-d-oiseau, detour) a Cache runs at once; the others wait for a
// turn. A computation takes seconds to tens of seconds of a core.
const MaxComputations = 1

// MaxOSRMComputations is how many computations with the OSRM cost a Cache
// runs at once, in turns of their own: one waits on the OSRM server for
// minutes, not on a core, and must not hold back the others.
const MaxOSRMComputations = 1

// MaxPlacements is how many placements (greedy choices of new sites) a
// Cache computes at once; PlacementWait how long an asker waits for a
// turn before a failure.TooMany error; ImplantCacheSize how many
// placements it keeps.
const (
	MaxPlacements    = 2
	ImplantCacheSize = 64
)

// PlacementWait is how long an asker waits for a turn to compute a
// placement (a variable for tests).
var PlacementWait = 10 * time.Second

// errPlacementsBusy answers an asker that found no turn.
var errPlacementsBusy = failure.Errorf(failure.TooMany, "trop de calculs d'emplacements en cours : réessayez dans une minute")

// implantCall is one placement computed for MaxPicks sites, shared.
type implantCall struct {
	base *cached // the version and options computed from
	key  string  // the territory's
	done chan struct{}
	im   *Implantation
	err  error
}

// greedyTurn waits for a turn to compute a placement, at most
// PlacementWait.
func (c *Cache) greedyTurn(ctx context.Context) error {
	select {
	case c.greedy <- struct{}{}:
		return nil
	default:
	}
	timer := time.NewTimer(PlacementWait)
	defer timer.Stop()
	select {
	case c.greedy <- struct{}{}:
		return nil
	case <-timer.C:
		return errPlacementsBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sharedImplant is the placement of k sites among the communes of the
// territory, from the placement of MaxPicks computed once (single flight)
// and kept.
func (c *Cache) sharedImplant(ctx context.Context, it *cached, t Territory, k int) (*Implantation, error) {
	key := t.key()
	c.mu.Lock()
	var call *implantCall
	for n, ic := range c.implants {
		if ic.base == it && ic.key == key {
			call = ic
			copy(c.implants[1:n+1], c.implants[:n])
			c.implants[0] = ic
			break
		}
	}
	if call == nil {
		call = &implantCall{base: it, key: key, done: make(chan struct{})}
		// Those of a computation no longer kept go: they would hold it
		// in memory.
		c.implants = slices.DeleteFunc(c.implants, func(ic *implantCall) bool { return !c.holds(ic.base) })
		c.implants = append([]*implantCall{call}, c.implants...)
		if len(c.implants) > ImplantCacheSize {
			clear(c.implants[ImplantCacheSize:])
			c.implants = c.implants[:ImplantCacheSize]
		}
		life := c.life
		c.placed++
		c.mu.Unlock()
		c.busy.Add(1)
		go func() {
			defer c.busy.Done()
			defer close(call.done)
			// No asker's: one leaving must not fail the others.
			if call.err = c.greedyTurn(life); call.err == nil {
				call.im, call.err = it.b.implant(life, t, MaxPicks, nil, "")
				<-c.greedy
			}
			if call.err != nil {
				// Not kept: the next asker tries again.
				c.mu.Lock()
				c.implants = slices.DeleteFunc(c.implants, func(ic *implantCall) bool { return ic == call })
				c.mu.Unlock()
			}
		}()
	} else {
		c.mu.Unlock()
	}
	select {
	case <-call.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if call.err != nil {
		return nil, call.err
	}
	return call.im.first(k), nil
}

// holds tells whether a computation is a slot's current or next; c.mu
// is held.
func (c *Cache) holds(it *cached) bool {
	for _, sl := range c.slots {
		if sl.cur == it || sl.next == it {
			return true
		}
	}
	return false
}

// first is the placement of the first k sites of im (the greedy choice
// of k sites): a copy, its After recomputed the same way.
func (im *Implantation) first(k int) *Implantation {
	out := *im
	out.K = k
	out.Picks = slices.Clone(im.Picks[:min(k, len(im.Picks))])
	out.After = out.Before
	for _, p := range out.Picks {
		out.After.Communes -= p.Communes
		out.After.People -= p.People
		out.After.AtRisk -= p.Covered
	}
	return &out
}
