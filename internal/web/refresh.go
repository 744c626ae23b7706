package web

import (
	"context"
	"errors"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/store"
)

// The search index behind the pages and the API, and how it follows the
// registry: built whole at start, then kept up to date from the store's
// change log (store.ChangeLog), which every instance reads, by Sync: the
// watch calls it every few hundred milliseconds, and a handler that just
// wrote calls it so that its own change shows at once.

// maxIncremental is how many changed places Sync applies one by one;
// beyond (a large import), it reads the whole registry again.
const maxIncremental = 5000

// Refresh rebuilds the index from the whole registry.
func (s *Server) Refresh(ctx context.Context) error {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	before := s.index.Load()
	err := s.rebuild(ctx)
	s.refreshDiagnostics(ctx, before, s.index.Load())
	return err
}

func (s *Server) rebuild(ctx context.Context) error {
	// The duration logged is the whole rebuild's: reading the referential
	// and the places is most of it.
	start := s.cfg.Clock()
	// The revision is read before the places: a change committed while
	// they are read is read again by the next Sync, never skipped.
	rev, err := s.store.Revision(ctx)
	if err != nil {
		return err
	}
	s.noteQualificationsRevision(rev.Qualifications)
	ref, err := s.store.Territories(ctx)
	if err != nil {
		return err
	}
	var lieux []*place.Lieu
	for l, err := range s.store.Lieux(ctx) {
		if err != nil {
			return err
		}
		// What the sources wrote before normalisation is not shown by the
		// directory: keeping it out of the index keeps the heap small.
		l.Provenance.Original = nil
		lieux = append(lieux, l)
	}
	// Closures are read after the places: one announced meanwhile has
	// a change after rev, which the next Sync reads again.
	closures, err := s.store.AllClosures(ctx)
	if err != nil {
		return err
	}
	for _, l := range lieux {
		l.Closures = closures[l.ID]
	}
	read := s.cfg.Clock().Sub(start)
	ix := search.Build(lieux, ref, s.cfg.Now())
	ix.Rev, ix.RefRev = rev.Lieux, rev.Territories
	s.index.Store(ix)
	s.setStats(ix, rev)
	s.log.Info("index reconstruit", "lieux", ix.Len(), "communes", len(ref.Communes), "révision", rev.Lieux, "durée", s.cfg.Clock().Sub(start).String(), "dont lecture", read.String())
	return nil
}

// Sync brings the index up to the registry's current revision: it reads
// the places changed since the index's revision, and only those, and puts
// them into a new index (search.Index.Apply). A new referential, a gap in
// the change log, or many changes rebuild it whole; a new week (opening
// hours) rebuilds it from memory.
func (s *Server) Sync(ctx context.Context) error {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	before := s.index.Load()
	err := s.sync(ctx, true)
	s.refreshDiagnostics(ctx, before, s.index.Load())
	return err
}

// errRebuildNeeded says that Sync would read the whole registry.
var errRebuildNeeded = errors.New("index: reconstruction nécessaire")

// sync is Sync with refreshMu held; without mayRebuild, it returns
// errRebuildNeeded where it would read the whole registry.
func (s *Server) sync(ctx context.Context, mayRebuild bool) error {
	rev, err := s.store.Revision(ctx)
	if err != nil {
		return err
	}
	s.noteQualificationsRevision(rev.Qualifications)
	ix := s.index.Load()
	if rev.Territories != ix.RefRev {
		if !mayRebuild {
			return errRebuildNeeded
		}
		return s.rebuild(ctx)
	}
	builtYear, builtWeek := ix.Built.In(openinghours.Paris).ISOWeek()
	nowYear, nowWeek := s.cfg.Now().In(openinghours.Paris).ISOWeek()
	if builtYear != nowYear || builtWeek != nowWeek {
		var lieux []*place.Lieu
		ix.Each(func(l *place.Lieu) { lieux = append(lieux, l) })
		next := search.Build(lieux, ix.Referential(), s.cfg.Now())
		next.Rev, next.RefRev = ix.Rev, ix.RefRev
		s.index.Store(next)
		ix = next
	}
	if rev.Lieux == ix.Rev {
		s.setStats(ix, rev)
		return nil
	}
	changes, err := s.store.Changes(ctx, ix.Rev, maxIncremental)
	if err != nil {
		return err
	}
	if changes.More || changes.Gap {
		if !mayRebuild {
			return errRebuildNeeded
		}
		return s.rebuild(ctx)
	}
	if changes.Rev == ix.Rev {
		s.setStats(ix, rev)
		return nil
	}
	changed, err := s.lieuxByID(ctx, changes.IDs)
	if err != nil {
		return err
	}
	present := make(map[string]bool, len(changed))
	for _, l := range changed {
		l.Provenance.Original = nil
		present[l.ID] = true
	}
	var removed []string
	for _, id := range changes.IDs {
		if !present[id] {
			removed = append(removed, id)
		}
	}
	next := ix.Apply(changed, removed)
	next.Rev, next.RefRev = changes.Rev, ix.RefRev
	s.index.Store(next)
	s.setStats(next, rev)
	return nil
}

// setStats keeps what the home and open-data pages say of the registry:
// the index's count (the registry's at its revision), and when a place
// was last written (read with the revision; the next Sync catches up).
func (s *Server) setStats(ix *search.Index, rev store.Revision) {
	if old := s.stats.Load(); old == nil || old.Count != ix.Len() || !old.LastChange.Equal(rev.LastChange) {
		s.stats.Store(&store.Stats{Count: ix.Len(), LastChange: rev.LastChange})
	}
}

// keptChanges is how many changes of places the log keeps: an instance
// further behind (stopped for a while) reads the whole registry again.
const keptChanges = 200_000

// Watch keeps the index up to date (Sync) every interval, so that the
// changes of other processes (imports, other instances) show within it,
// and prunes the change log every hour. It returns when ctx ends.
func (s *Server) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-prune.C:
			if rev := s.index.Load().Rev; rev > keptChanges {
				if err := s.store.PruneChanges(ctx, rev-keptChanges); err != nil && ctx.Err() == nil {
					s.log.Error("élagage du journal des changements", "err", err)
				}
			}
			continue
		case <-t.C:
		}
		if err := s.Sync(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("mise à jour de l'index", "err", err)
		}
	}
}

// syncOwn shows a handler's own write (the places of ids) at once without
// waiting for a rebuild of the index: when no one holds the index, it
// syncs as Sync does, short of reading the whole registry; when a rebuild
// or a sync is under way (after a large import, tens of seconds), or one
// would be needed, it reads just these places and puts them into the
// current index, whose revision it leaves as it was: the watch's next
// Sync reads them again with everything else.
func (s *Server) syncOwn(ctx context.Context, ids ...string) error {
	if s.refreshMu.TryLock() {
		err := s.sync(ctx, false)
		s.refreshMu.Unlock()
		if !errors.Is(err, errRebuildNeeded) {
			return err
		}
	}
	changed, err := s.lieuxByID(ctx, ids)
	if err != nil {
		return err
	}
	present := make(map[string]bool, len(changed))
	for _, l := range changed {
		l.Provenance.Original = nil
		present[l.ID] = true
	}
	var removed []string
	for _, id := range ids {
		if !present[id] {
			removed = append(removed, id)
		}
	}
	for {
		ix := s.index.Load()
		next := ix.Apply(changed, removed)
		next.Rev, next.RefRev = ix.Rev, ix.RefRev
		if s.index.CompareAndSwap(ix, next) {
			return nil
		}
	}
}

// lieuxByID reads places as the index holds them: with their closures.
func (s *Server) lieuxByID(ctx context.Context, ids []string) ([]*place.Lieu, error) {
	changed, err := s.store.LieuxByID(ctx, ids)
	if err != nil || len(changed) == 0 {
		return changed, err
	}
	closures, err := s.store.ClosuresOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, l := range changed {
		l.Closures = closures[l.ID]
	}
	return changed, nil
}
