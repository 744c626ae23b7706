package web

import (
	"context"
	"sync"
	"sync/atomic"
)

// qualifiedCache holds the places with an approved Pass numérique
// qualification, for the directory's « Accepte le Pass numérique » and
// its filter (pass=1). It follows the database's revision of the
// qualifications (store.Revision.Qualifications), never a clock: the
// watch reads the revision with the registry's (Sync) and the set is read
// again when it moved, so that a decision taken by another instance on
// the same database, or from the command line, shows within the watch's
// interval; a decision taken here shows at once (qualifiedChanged).
type qualifiedCache struct {
	mu  sync.Mutex
	rev int64 // the revision the set was read at
	set map[string]bool
	// seen is the latest revision the watch (or a decision here) read.
	seen atomic.Int64
}

// qualifiedLieux returns the set of qualified places (nil on a store error:
// the directory then marks none rather than fail).
func (s *Server) qualifiedLieux(ctx context.Context) map[string]bool {
	c := &s.qualified
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := c.seen.Load()
	if c.set != nil && c.rev == seen {
		return c.set
	}
	// Read after the revision: a decision committed meanwhile is in the
	// set, and the next revision read reads it again (never skipped).
	ids, err := s.store.QualifiedLieux(ctx)
	if err != nil {
		s.log.Warn("lieux qualifiés Pass numérique illisibles", "err", err)
		return nil
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	c.set, c.rev = set, seen
	return set
}

// noteQualificationsRevision records the revision of the qualifications
// the watch read.
func (s *Server) noteQualificationsRevision(rev int64) {
	s.qualified.seen.Store(rev)
}

// qualifiedChanged forgets the cached set after a decision taken here, and
// reads the revision it made, so that the next page reads the set again.
func (s *Server) qualifiedChanged(ctx context.Context) {
	if rev, err := s.store.Revision(ctx); err == nil {
		s.noteQualificationsRevision(rev.Qualifications)
	}
	s.qualified.mu.Lock()
	s.qualified.set = nil
	s.qualified.mu.Unlock()
}
