package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
)

// API routes of access account.Bearer authenticate the account by one of
// its API tokens, sent as "Authorization: Bearer mlg_…" (RFC 6750), and
// never by the session cookie: a browser's cookies are sent by any site
// that makes it send a request, a token only by who holds it. Pages never
// read the header: withSession reads cookies only.

// currentAPIToken is the API token of a request authenticated by one (the
// zero token otherwise).
func currentAPIToken(r *http.Request) account.APIToken {
	t, _ := r.Context().Value(apiTokenKey).(account.APIToken)
	return t
}

// French answers of an API route refused for its token.
const (
	msgTokenMissing = "Jeton d'accès manquant : envoyez l'en-tête « Authorization: Bearer JETON » avec un jeton de votre compte (Mon espace, « Jetons d'accès à l'API », ou maillage jetons creer --compte COURRIEL)."
	msgTokenInvalid = "Jeton d'accès inconnu ou révoqué : créez-en un autre (Mon espace, « Jetons d'accès à l'API »)."
)

// bearerToken reads the token of an Authorization header; ok is false
// when the header is absent or is not of the Bearer scheme. The scheme's
// name is case-insensitive; one space or more separates it from the token.
func bearerToken(h http.Header) (token string, ok bool) {
	values := h.Values("Authorization")
	if len(values) != 1 {
		return "", false
	}
	scheme, rest, found := strings.Cut(values[0], " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimLeft(rest, " ")
	return token, token != ""
}

// withBearer authenticates an API request by its token: the account it
// belongs to becomes the request's user, whoever the session cookie names.
// A missing, unknown or revoked token is answered 401, in JSON, with
// WWW-Authenticate. A token is neither logged nor kept: only its hash is
// looked up.
func (s *Server) withBearer(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r.Header)
		if !ok {
			unauthorizedAPI(w, r, "", msgTokenMissing)
			return
		}
		if !account.LooksLikeAPIToken(token) {
			unauthorizedAPI(w, r, "invalid_token", msgTokenInvalid)
			return
		}
		u, t, err := s.store.UserByAPIToken(r.Context(), account.HashToken(token), s.cfg.Now())
		if errors.Is(err, failure.ErrNotFound) {
			unauthorizedAPI(w, r, "invalid_token", msgTokenInvalid)
			return
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), userKey, &u)
		ctx = context.WithValue(ctx, sessionKey, "")
		ctx = context.WithValue(ctx, apiTokenKey, t)
		w.Header().Set("Cache-Control", "private, no-store")
		next(w, r.WithContext(ctx))
	})
}

// unauthorizedAPI answers 401 with the challenge of RFC 6750 (with
// error="invalid_token" when a token was sent but refused).
func unauthorizedAPI(w http.ResponseWriter, r *http.Request, code, msg string) {
	challenge := `Bearer realm="maillage"`
	if code != "" {
		challenge += `, error="` + code + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	w.Header().Set("Cache-Control", "no-store")
	if isPassAPI(r.URL.Path) {
		writePassError(w, http.StatusUnauthorized, string(failure.Unauthorized), string(failure.Unauthorized), msg)
		return
	}
	writeAPIError(w, http.StatusUnauthorized, string(failure.Unauthorized), msg, nil)
}
