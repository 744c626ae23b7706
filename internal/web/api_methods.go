package web

import (
	"net/http"
	"strings"
)

// apiMethods are the methods of the API's routes: GET reads (HEAD too),
// POST acts (the Pass numérique's redemptions).
var apiMethods = []string{http.MethodGet, http.MethodPost}

// apiRoutes matches the API's routes (apiParams names them all): it tells
// a method a route does not take from a route that does not exist.
var apiRoutes = func() *http.ServeMux {
	m := http.NewServeMux()
	for pattern := range apiParams {
		m.HandleFunc(pattern, func(http.ResponseWriter, *http.Request) {})
	}
	return m
}()

// apiOtherMethod answers, in JSON, a request under /api/ that no route
// takes: 405 with Allow when the path is an API route of other methods,
// else 404.
func (s *Server) apiOtherMethod(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range apiMethods {
		if m == r.Method {
			continue
		}
		other := r.Clone(r.Context())
		other.Method = m
		if _, pattern := apiRoutes.Handler(other); strings.HasPrefix(pattern, m+" ") {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) == 0 {
		s.apiNotFound(w, r)
		return
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	msg := "méthode " + r.Method + " non acceptée : cette route accepte " + strings.Join(allow, ", ") + ", voir /api/v1/openapi.json"
	if isPassAPI(r.URL.Path) {
		writePassError(w, http.StatusMethodNotAllowed, "methode_non_acceptee", "methode_non_acceptee", msg)
		return
	}
	apiError(w, http.StatusMethodNotAllowed, msg)
}
