package web

import (
	"net/http"
	"time"

	"maillage/internal/account"
	"maillage/internal/openinghours"
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
	confirmed := *l
	now := s.cfg.Now().In(openinghours.Paris)
	confirmed.DateMaj = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	origin := "coordination"
	if u.Role == account.Contributeur {
		origin = "structure"
	}
	if err := s.store.EditLieu(r.Context(), &confirmed, origin, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sync(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("lieux", l.ID)+"?message=confirme", http.StatusSeeOther)
}
