package web

import (
	"fmt"
	"net/http"

	"maillage/internal/french"
)

// healthz answers 200 when the database answers (its revision: one cheap
// query, where counting the places read them all), with the number of
// places the index serves.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.store.Revision(r.Context()); err != nil {
		s.log.Error("healthz", "err", err)
		http.Error(w, "base de données indisponible", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "ok — %s\n", french.Count(s.indexOf(r.Context()).Len(), "lieu", "lieux"))
}
