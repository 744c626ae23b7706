package web

import (
	"context"
	"strconv"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
)

// Every orientation e-mails the receiving place, so one account may not
// make the hub write to places as often as it likes (a looping script, a
// stolen session). The limits are far above what a social worker does (a
// few orientations a day; a busy France services or a service account
// shared by a team sends its day's people to the one EPN of its town, a
// few dozen at most),
// and are kept in the database (store.Throttles) so that they hold across
// every instance serving it. Each window starts at the first orientation
// it counts.
const (
	orientationsPerAccount      = 60 // per account, in orientationsAccountWindow
	orientationsAccountWindow   = time.Hour
	orientationsPerPlace        = 40 // to one place from one account, in orientationsPlaceWindow
	orientationsPlaceWindow     = 24 * time.Hour
	orientationsAccountKeyStart = "orientations-compte:"
	orientationsPlaceKeyStart   = "orientations-lieu:"
)

// nextInWindow counts one more event in t if fewer than limit were counted
// in the window that started at t.Since (a new window when it is over).
func nextInWindow(t account.Throttle, now time.Time, limit int, window time.Duration) (account.Throttle, bool) {
	if now.Sub(t.Since) >= window || now.Before(t.Since) {
		t = account.Throttle{Since: now}
	}
	if t.N >= limit {
		t.Until = t.Since.Add(window)
		return t, false
	}
	t.N++
	t.Last = now
	return t, true
}

func orientationKeys(userID int64, lieuID string) (string, string) {
	id := strconv.FormatInt(userID, 10)
	return orientationsAccountKeyStart + id, orientationsPlaceKeyStart + id + ":" + account.HashToken(lieuID)
}

// orientationAllowed counts an orientation of the account to the place,
// or refuses it (failure.TooMany, in French, saying when to try again,
// and its Wait, which the web says in Retry-After); nothing is counted
// when it is refused.
func (s *Server) orientationAllowed(ctx context.Context, userID int64, lieuID string) error {
	now := s.cfg.Now()
	accountKey, placeKey := orientationKeys(userID, lieuID)
	var ok bool
	t, err := s.store.Throttle(ctx, accountKey, func(t account.Throttle) account.Throttle {
		t, ok = nextInWindow(t, now, orientationsPerAccount, orientationsAccountWindow)
		return t
	})
	if err != nil {
		return err
	}
	if !ok {
		wait := windowWait(t, now, orientationsAccountWindow)
		e := failure.Errorf(failure.TooMany, "Trop d'orientations envoyées depuis votre compte : %d par heure au plus. Réessayez dans %s, à partir du %s (rien n'a été envoyé).",
			orientationsPerAccount, orientationWait(wait), orientationAgain(now, wait))
		e.Wait = wait
		return e
	}
	t, err = s.store.Throttle(ctx, placeKey, func(t account.Throttle) account.Throttle {
		t, ok = nextInWindow(t, now, orientationsPerPlace, orientationsPlaceWindow)
		return t
	})
	if err == nil && ok {
		return nil
	}
	if gerr := s.orientationNotSent(ctx, userID, lieuID, false); gerr != nil && err == nil {
		err = gerr
	}
	if err != nil {
		return err
	}
	wait := windowWait(t, now, orientationsPlaceWindow)
	e := failure.Errorf(failure.TooMany, "Trop d'orientations envoyées vers ce lieu depuis votre compte : %d par 24 heures au plus. Réessayez dans %s, à partir du %s (rien n'a été envoyé).",
		orientationsPerPlace, orientationWait(wait), orientationAgain(now, wait))
	e.Wait = wait
	return e
}

// windowWait is how long, at now, before the window t counts ends: when
// the oldest orientation it counted (its first, at t.Since) leaves it and
// the count starts again; a second at least.
func windowWait(t account.Throttle, now time.Time, window time.Duration) time.Duration {
	return max(t.Since.Add(window).Sub(now), time.Second)
}

// orientationNotSent gives back what orientationAllowed counted for an
// orientation that was not stored (the account's count, and the place's
// when place is true).
func (s *Server) orientationNotSent(ctx context.Context, userID int64, lieuID string, place bool) error {
	accountKey, placeKey := orientationKeys(userID, lieuID)
	keys := []string{accountKey}
	if place {
		keys = append(keys, placeKey)
	}
	for _, k := range keys {
		if _, err := s.store.Throttle(ctx, k, func(t account.Throttle) account.Throttle {
			if t.N > 0 {
				t.N--
			}
			return t
		}); err != nil {
			return err
		}
	}
	return nil
}

// orientationWait says a wait in seconds or minutes, in hours beyond two.
func orientationWait(d time.Duration) string {
	if d > 2*time.Hour {
		return french.Count(int((d+time.Hour-1)/time.Hour), "heure", "heures")
	}
	return waitText(int(max(d, time.Second).Seconds() + 0.999))
}

// orientationAgain says when a wait from now ends, to the minute above, in
// Paris time: « 3 décembre 2026 à 10:00 ».
func orientationAgain(now time.Time, wait time.Duration) string {
	at := now.Add(wait)
	if r := at.Truncate(time.Minute); r.Before(at) {
		at = r.Add(time.Minute)
	}
	return frenchDateMinute(at)
}
