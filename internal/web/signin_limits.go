package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"maillage/internal/account"
)

// The limits of sign-in are account.NextMail and account.NextAttempt, kept
// in the database (store.Throttles): they hold across every instance on
// one database. None is per client address, since many people share one
// (a médiathèque, a France Services): what a stranger does there never
// keeps anyone else from signing in.

// deviceCookie marks a browser where an account signed in: its password
// attempts are counted apart from others' (only its hash is stored).
const (
	deviceCookie   = "maillage_appareil"
	deviceLifetime = 365 * 24 * time.Hour
)

// mailAllowed reports whether a sign-in e-mail may go to the address now,
// and if so counts it.
func (s *Server) mailAllowed(ctx context.Context, email string) (bool, error) {
	now := s.cfg.Now()
	var ok bool
	_, err := s.store.Throttle(ctx, account.MailThrottleKey(email), func(t account.Throttle) account.Throttle {
		t, ok = account.NextMail(t, now)
		return t
	})
	return ok, err
}

// takeAttempt counts a password attempt under key; it returns the wait
// when the attempt must not be judged now.
func (s *Server) takeAttempt(ctx context.Context, key string) (time.Duration, error) {
	now := s.cfg.Now()
	var ok bool
	t, err := s.store.Throttle(ctx, key, func(t account.Throttle) account.Throttle {
		t, ok = account.NextAttempt(t, now)
		return t
	})
	if err != nil || ok {
		return 0, err
	}
	return max(t.Wait(now), time.Second), nil
}

// attemptSucceeded forgets the attempts counted under key.
func (s *Server) attemptSucceeded(ctx context.Context, key string) error {
	_, err := s.store.Throttle(ctx, key, func(account.Throttle) account.Throttle { return account.Throttle{} })
	return err
}

// passwordKey is what counts the password attempts of this request on an
// account: the browser, when the account signed in on it before, else the
// account (or the unknown address, alike).
func (s *Server) passwordKey(r *http.Request, email string, u account.User, found bool) (string, error) {
	if c, err := r.Cookie(deviceCookie); err == nil && found && c.Value != "" {
		hash := account.HashToken(c.Value)
		known, err := s.store.KnownDevice(r.Context(), hash, u.ID, s.cfg.Now())
		if err != nil {
			return "", err
		}
		if known {
			return "appareil:" + hash, nil
		}
	}
	return account.PasswordThrottleKey(email), nil
}

// rememberDevice marks the browser as one where the account signed in.
func (s *Server) rememberDevice(w http.ResponseWriter, r *http.Request, userID int64) error {
	token, hash := account.NewToken()
	if err := s.store.KnowDevice(r.Context(), hash, userID, s.cfg.Now().Add(deviceLifetime)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: token, Path: "/connexion", HttpOnly: true, Secure: s.secureCookies(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(deviceLifetime.Seconds())})
	return nil
}

// retryAfter sets Retry-After and says the wait in French.
func retryAfter(w http.ResponseWriter, d time.Duration) string {
	secs := int(d.Seconds() + 0.999)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return waitText(secs)
}
