package web

import (
	"net/http"

	"maillage/internal/account"
	"maillage/internal/store"
)

// lieuConfirmer records that the structure (or a coordinator) checked the
// place: its date_maj becomes today, nothing else changes.
func (s *Server) lieuConfirmer(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	if s.rightToEdit(r, u, l) != account.Publish {
		s.render(w, r, http.StatusForbidden, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Confirmation impossible"},
			Message: "Seuls la structure qui gère ce lieu et les coordinateurs de son territoire peuvent confirmer sa fiche."})
		return
	}
	// Only date_maj moves, on the place as stored (not the index's copy,
	// which may be behind an import), and no field is marked as set by hand.
	_, err := s.store.PatchLieu(r.Context(), l.ID, store.Patch{DateMaj: today(s.cfg.Now()), Origin: editOrigin(u), Actor: actor(r)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.syncOwn(r.Context(), l.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("lieux", l.ID)+"?message=confirme", http.StatusSeeOther)
}
