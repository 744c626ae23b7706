package web

import (
	"context"
	"time"

	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/search"
)

// The search index behind the pages and the API, and how it follows the
// registry.

// Refresh rebuilds the index from the store.
func (s *Server) Refresh(ctx context.Context) error {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	st, err := s.store.Stats(ctx)
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
	ref, err := s.store.Territories(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	ix := search.Build(lieux, ref, s.cfg.Now())
	s.index.Store(ix)
	s.stats.Store(&st)
	s.log.Info("index reconstruit", "lieux", ix.Len(), "communes", len(ref.Communes), "durée", time.Since(start).String())
	return nil
}

// Republish puts an edited place into the index without reading the
// whole registry again (an edit must show at once).
func (s *Server) Republish(ctx context.Context, edited *place.Lieu) error {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	st, err := s.store.Stats(ctx)
	if err != nil {
		return err
	}
	old := s.index.Load()
	lieux := make([]*place.Lieu, 0, old.Len()+1)
	replaced := false
	old.Each(func(l *place.Lieu) {
		if l.ID == edited.ID {
			l, replaced = edited, true
		}
		lieux = append(lieux, l)
	})
	if !replaced {
		lieux = append(lieux, edited)
	}
	s.index.Store(search.Build(lieux, old.Referential(), s.cfg.Now()))
	s.stats.Store(&st)
	return nil
}

// Watch rebuilds the index when the registry changes (another process
// imports), when a new week starts (opening hours), and every hour (the
// referential). It returns when ctx ends.
func (s *Server) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st, err := s.store.Stats(ctx)
		if err != nil {
			s.log.Warn("surveillance du registre", "err", err)
			continue
		}
		old := s.stats.Load()
		ix := s.index.Load()
		builtYear, builtWeek := ix.Built.In(openinghours.Paris).ISOWeek()
		nowYear, nowWeek := s.cfg.Now().In(openinghours.Paris).ISOWeek()
		newWeek := builtYear != nowYear || builtWeek != nowWeek
		if st.Count != old.Count || !st.LastChange.Equal(old.LastChange) || newWeek || time.Since(ix.Built) > time.Hour {
			if err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("reconstruction de l'index", "err", err)
			}
		}
	}
}
