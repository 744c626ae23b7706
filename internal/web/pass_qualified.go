package web

import (
	"context"
	"sync"
	"time"
)

// qualifiedCache holds the places with an approved Pass numérique
// qualification, for the directory's « Accepte le Pass numérique » and
// its filter (pass=1): read again at most every qualifiedTTL, and at once
// after a decision on this instance.
type qualifiedCache struct {
	mu  sync.Mutex
	at  time.Time
	set map[string]bool
}

const qualifiedTTL = 30 * time.Second

// qualifiedLieux returns the set of qualified places (nil on a store error:
// the directory then marks none rather than fail).
func (s *Server) qualifiedLieux(ctx context.Context) map[string]bool {
	c := &s.qualified
	c.mu.Lock()
	defer c.mu.Unlock()
	now := s.cfg.Clock()
	if c.set != nil && now.Sub(c.at) < qualifiedTTL && now.Sub(c.at) >= 0 {
		return c.set
	}
	ids, err := s.store.QualifiedLieux(ctx)
	if err != nil {
		s.log.Warn("lieux qualifiés Pass numérique illisibles", "err", err)
		return nil
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	c.set, c.at = set, now
	return set
}

// qualifiedChanged forgets the cached set after a decision.
func (s *Server) qualifiedChanged() {
	s.qualified.mu.Lock()
	s.qualified.set = nil
	s.qualified.mu.Unlock()
}
