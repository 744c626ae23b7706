package web

import (
	"net/http"
	"strconv"

	"maillage/internal/failure"
)

// lieuFermetureRetirer withdraws a closure announced by mistake:
// POST /lieux/{id}/fermetures/{n}/retirer.
func (s *Server) lieuFermetureRetirer(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if !s.mayAnnounceClosure(r, l) {
		s.fail(w, r, errClosureForbidden)
		return
	}
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		s.fail(w, r, failure.Errorf(failure.NotFound, "Cette fermeture n'existe pas (ou plus) pour ce lieu."))
		return
	}
	if err := s.store.RemoveClosure(r.Context(), l.ID, n, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.syncOwn(r.Context(), l.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("lieux", l.ID, "fermetures")+"?message=fermeture-retiree", http.StatusSeeOther)
}
