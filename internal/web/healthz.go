package web

import (
	"fmt"
	"net/http"

	"maillage/internal/french"
)

// healthz answers 200 when the database answers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	st, err := s.store.Stats(r.Context())
	if err != nil {
		s.log.Error("healthz", "err", err)
		http.Error(w, "base de données indisponible", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "ok — %s\n", french.Count(st.Count, "lieu", "lieux"))
}
