package web

import (
	"net/http"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// sourceRemovePage asks an administrator to confirm removing a source,
// saying what the removal will do.
type sourceRemovePage struct {
	pageMeta
	Name   string
	Impact store.RemovalImpact
}

// sourceRemoveConfirm shows what removing the source will do, with the
// button that confirms it (POST /sources/{nom}/supprimer, confirmer=oui).
func (s *Server) sourceRemoveConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	src, err := s.store.Source(ctx, r.PathValue("nom"))
	if err == nil && !src.RemovedAt.IsZero() {
		err = failure.Errorf(failure.NotFound, "La source « %s » est déjà supprimée.", src.Name)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	impact, err := s.store.SourceRemovalImpact(ctx, src.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "source_supprimer.html", sourceRemovePage{
		pageMeta: pageMeta{Title: "Supprimer la source « " + src.Name + " » ?", Nav: "espace"}, Name: src.Name, Impact: impact})
}
