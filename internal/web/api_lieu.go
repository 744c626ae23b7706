package web

import (
	"net/http"
)

// apiLieu answers GET /api/v1/lieux/{id}: one place in the standard.
func (s *Server) apiLieu(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.lieuAilleurs(w, r, r.PathValue("id"), true)
		return
	}
	cors(w)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	ix := s.indexOf(r.Context())
	vintage := ""
	if ix.Referential().HasQPV() {
		vintage = ix.Referential().QPV.Vintage
	}
	day := today(s.cfg.Now())
	b := appendPlace(nil, l, day)
	w.Write(append(appendTerritory(b, ix.Attach(l), vintage), '\n'))
}
