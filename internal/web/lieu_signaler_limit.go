package web

import (
	"context"
	"time"

	"maillage/internal/account"
)

// The correction reports a client address may send, kept in the database
// (store.Throttles) so that the limit holds across every instance serving
// it. The key is a hash of the address, not the address.
const (
	reportsPerWindow = 5
	reportsWindow    = time.Hour
)

// nextReport decides whether a report may be stored now for the client
// whose throttle is t, and returns the throttle counting it. The window
// starts at the first report counted.
func nextReport(t account.Throttle, now time.Time) (account.Throttle, bool) {
	return nextInWindow(t, now, reportsPerWindow, reportsWindow)
}

func reportKey(ip string) string { return "signalement:" + account.HashToken(ip) }

// reportAllowed counts a report of the client at ip if it may send one
// now; otherwise it returns how long to wait.
func (s *Server) reportAllowed(ctx context.Context, ip string) (bool, time.Duration, error) {
	now := s.cfg.Now()
	var ok bool
	t, err := s.store.Throttle(ctx, reportKey(ip), func(t account.Throttle) account.Throttle {
		t, ok = nextReport(t, now)
		return t
	})
	return ok, max(t.Wait(now), time.Second), err
}

// reportNotStored gives back the report counted for ip, which could not
// be stored: it does not use up the client's quota.
func (s *Server) reportNotStored(ctx context.Context, ip string) error {
	_, err := s.store.Throttle(ctx, reportKey(ip), func(t account.Throttle) account.Throttle {
		if t.N > 0 {
			t.N--
		}
		return t
	})
	return err
}
