package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maillage/internal/account"
)

// sessionCookie holds the token of a signed-in browser; only its hash is stored.
const sessionCookie = "maillage_session"

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
	apiTokenKey // the API token that authenticated a request (auth_bearer.go)
)

// currentUser is the signed-in account of a request, or nil.
func currentUser(r *http.Request) *account.User {
	u, _ := r.Context().Value(userKey).(*account.User)
	return u
}

// actor names the author of a change in the journal.
func actor(r *http.Request) string {
	if u := currentUser(r); u != nil {
		return "compte:" + strconv.FormatInt(u.ID, 10)
	}
	return "public"
}

// withSession finds the account of a request from its session cookie.
// Sessions end after an idle time and an absolute time, or when revoked.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		hash := account.HashToken(c.Value)
		now := s.cfg.Now()
		se, err := s.store.Session(r.Context(), hash)
		if err != nil || !se.Valid(now) {
			s.clearSessionCookie(w, r)
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.store.User(r.Context(), se.UserID)
		if err != nil {
			s.clearSessionCookie(w, r)
			next.ServeHTTP(w, r)
			return
		}
		if now.Sub(se.LastSeen) > sessionTouchEvery {
			// Best effort: while an import holds the database, a page is
			// not kept waiting for the busy timeout to record activity.
			tctx, cancel := context.WithTimeout(r.Context(), sessionTouchWait)
			if err := s.store.TouchSession(tctx, hash, now); err != nil && r.Context().Err() == nil {
				s.log.Debug("activité de session non enregistrée", "err", err)
			}
			cancel()
		}
		ctx := context.WithValue(context.WithValue(r.Context(), userKey, &u), sessionKey, hash)
		// Pages of a signed-in person are not cached by shared caches.
		w.Header().Set("Cache-Control", "private, no-store")
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// sessionTouchEvery bounds how often a session's last activity is written,
// sessionTouchWait how long a request waits to write it.
const (
	sessionTouchEvery = time.Minute
	sessionTouchWait  = 200 * time.Millisecond
)

func (s *Server) secureCookies(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.BaseURL, "https://")
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secureCookies(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(account.SessionAbsolute.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies(r),
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// guard enforces a route's access: an anonymous person is sent to the
// sign-in page, a signed-in one without the right gets a 403. An API
// route of access account.Bearer wants an API token (withBearer).
func (s *Server) guard(access account.Access, next http.HandlerFunc) http.Handler {
	switch access {
	case account.Public:
		return next
	case account.Bearer:
		return s.withBearer(next)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		if access.Allows(u) {
			next(w, r)
			return
		}
		if u == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/connexion?suite="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.render(w, r, http.StatusUnauthorized, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Connexion nécessaire"},
				Message: "Connectez-vous pour faire cela."})
			return
		}
		s.forbidden(w, r)
	})
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Accès refusé"},
		Message: "Votre compte ne permet pas d'accéder à cette page."})
}

// startSession signs an account in: a server-side session, its cookie, and
// a redirection to where the person was going.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID int64, next string) {
	token, hash := account.NewToken()
	now := s.cfg.Now()
	if err := s.store.AddSession(r.Context(), account.Session{Hash: hash, UserID: userID, Created: now, LastSeen: now}); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.rememberDevice(w, r, userID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, r, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
}
