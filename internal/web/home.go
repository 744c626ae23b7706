package web

import (
	"net/http"
	"time"
)

type homePage struct {
	Count      int
	LastChange time.Time
}

// home is the start page: until the directory is built, it offers the open data.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	st, err := s.store.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "home.html", homePage{Count: st.Count, LastChange: st.LastChange})
}
