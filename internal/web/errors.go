package web

import "net/http"

type errorPage struct {
	pageMeta
	Message string
}

// notFound answers a page that does not exist.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Page introuvable"},
		Message: "Cette page n'existe pas, ou plus. Le lieu a peut-être été retiré du registre."})
}
