package web

import (
	"net/http"
	"time"
)

type donneesPage struct {
	pageMeta
	Count      int
	LastChange time.Time
}

// donnees is the open data page: downloads, licence, API.
func (s *Server) donnees(w http.ResponseWriter, r *http.Request) {
	st := s.stats.Load()
	s.render(w, r, http.StatusOK, "donnees.html", donneesPage{pageMeta: pageMeta{Title: "Données ouvertes", Nav: "donnees"},
		Count: st.Count, LastChange: st.LastChange})
}
