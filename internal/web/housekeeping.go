package web

import (
	"context"
	"time"
)

// Housekeep deletes the sign-in links and sessions that can no longer be
// used, sends the Pass numérique's reminders (passReminders) and keeps the
// orientations (orientation_rappels.go), at once
// and then every interval, by the server's clock, until ctx ends (serve
// runs it).
func (s *Server) Housekeep(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.housekeep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) housekeep(ctx context.Context) {
	links, sessions, err := s.store.DeleteExpired(ctx, s.cfg.Now())
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Warn("suppression des liens et sessions expirés", "err", err)
	case links+sessions > 0:
		s.log.Info("liens et sessions expirés supprimés", "liens", links, "sessions", sessions)
	}
	s.passReminders(ctx)
	s.orientationHousekeeping(ctx)
}
