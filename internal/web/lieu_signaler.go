package web

import (
	"net/http"

	"maillage/internal/place"
)

// lieuSignaler stores a correction request sent from a place's page:
// POST /lieux/{id}/signaler. No account is needed; requests are limited
// per address.
func (s *Server) lieuSignaler(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Formulaire illisible.", http.StatusBadRequest)
		return
	}
	rep := place.Correction{LieuID: l.ID, Field: r.PostForm.Get("champ"), Message: r.PostForm.Get("message"),
		Contact: r.PostForm.Get("contact"), Created: s.cfg.Now()}
	page := s.lieuPage(r, l)
	page.Report = rep
	if msg := rep.Validate(); msg != "" {
		page.ReportError = msg
		page.Report = rep
		s.render(w, r, http.StatusUnprocessableEntity, "lieu.html", page)
		return
	}
	if !s.limiter.allow(clientIP(r)) {
		page.ReportError = "Vous avez envoyé beaucoup de signalements : réessayez dans une heure."
		w.Header().Set("Retry-After", "3600")
		s.render(w, r, http.StatusTooManyRequests, "lieu.html", page)
		return
	}
	if _, err := s.store.AddCorrection(r.Context(), rep); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("signalement reçu", "lieu", l.ID, "champ", rep.Field)
	http.Redirect(w, r, SitePath("lieux", l.ID)+"?signalement=envoye#t-signaler", http.StatusSeeOther)
}
