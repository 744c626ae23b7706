package web

import (
	"net/http"
	"net/url"
	"strings"

	"maillage/internal/failure"
)

// errCrossOrigin refuses a form sent from another site.
var errCrossOrigin = failure.Errorf(failure.Forbidden, "demande refusée : ce formulaire a été envoyé depuis un autre site que celui-ci")

// withOriginCheck protects forms against cross-site requests. When a
// public address is configured, an unsafe request that carries an Origin
// must come from that address: the request's Host is not trusted (a proxy
// may pass it from the client), so a forged Host cannot make a foreign
// Origin look like this site. Without a public address (or without an
// Origin), net/http's CrossOriginProtection decides, from Sec-Fetch-Site
// or by comparing Origin with Host; but with a public address, a request
// with neither Origin nor Sec-Fetch-Site whose Referer is another site's
// page is refused (CrossOriginProtection ignores Referer).
func (s *Server) withOriginCheck(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.error(w, r, errCrossOrigin) }))
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if public := originOf(s.cfg.BaseURL); public != "" {
			// "null" is what a browser sends from a page with
			// Referrer-Policy: no-referrer (the sign-in link's page):
			// Sec-Fetch-Site decides then.
			if origin := r.Header.Get("Origin"); origin != "" && origin != "null" {
				if !strings.EqualFold(origin, public) {
					s.error(w, r, errCrossOrigin)
					return
				}
				next.ServeHTTP(w, r)
				return
			}
			// No Origin nor Sec-Fetch-Site (an old browser, or an
			// extension that strips them) but a Referer: it must be a
			// page of the public address (review 10A2 minor 4).
			if referer := r.Header.Get("Referer"); referer != "" && r.Header.Get("Sec-Fetch-Site") == "" &&
				!strings.EqualFold(originOf(referer), public) {
				s.error(w, r, errCrossOrigin)
				return
			}
		}
		protected.ServeHTTP(w, r)
	})
}

// originOf is the origin (scheme://host[:port]) of a public address, or ""
// when none is configured.
func originOf(base string) string {
	u, err := url.Parse(base)
	if base == "" || err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
