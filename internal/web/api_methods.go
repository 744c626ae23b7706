package web

import (
	"net/http"
)

// apiGetRoutes matches the API's routes (all GET): it tells a method the
// route does not take from a route that does not exist.
var apiGetRoutes = func() *http.ServeMux {
	m := http.NewServeMux()
	for pattern := range apiParams {
		m.HandleFunc(pattern, func(http.ResponseWriter, *http.Request) {})
	}
	return m
}()

// apiOtherMethod answers, in JSON, a request under /api/ that no route
// takes: 405 with Allow when the path is an API route (the API only
// reads), else 404.
func (s *Server) apiOtherMethod(w http.ResponseWriter, r *http.Request) {
	get := r.Clone(r.Context())
	get.Method = http.MethodGet
	if _, pattern := apiGetRoutes.Handler(get); pattern != "" {
		w.Header().Set("Allow", "GET, HEAD")
		apiError(w, http.StatusMethodNotAllowed, "méthode "+r.Method+" non acceptée : l'API est en lecture seule (GET), voir /api/v1/openapi.json")
		return
	}
	s.apiNotFound(w, r)
}
