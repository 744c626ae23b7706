package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"maillage/internal/place"
)

// lieuSignaler stores a correction request sent from a place's page:
// POST /lieux/{id}/signaler. No account is needed; requests are limited
// per client address, across instances (lieu_signaler_limit.go).
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
	if msg := rep.Validate(); msg != "" {
		page.ReportError = msg
		// Shown again as typed, less what no form holds (a NUL, bytes
		// that are not UTF-8).
		page.Report = rep
		page.Report.Field, page.Report.Message, page.Report.Contact = place.Readable(rep.Field), place.Readable(rep.Message), place.Readable(rep.Contact)
		s.render(w, r, http.StatusUnprocessableEntity, "lieu.html", page)
		return
	}
	page.Report = rep
	ctx := r.Context()
	ip := clientIP(r)
	ok, wait, err := s.reportAllowed(ctx, ip)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		page.ReportError = "Vous avez envoyé beaucoup de signalements : réessayez dans une heure."
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())))
		s.render(w, r, http.StatusTooManyRequests, "lieu.html", page)
		return
	}
	if _, err := s.store.AddCorrection(ctx, rep); err != nil {
		// Not stored: not counted either.
		if gerr := s.reportNotStored(context.WithoutCancel(ctx), ip); gerr != nil {
			err = errors.Join(err, gerr)
		}
		s.fail(w, r, err)
		return
	}
	s.log.Info("signalement reçu", "lieu", l.ID, "champ", rep.Field)
	http.Redirect(w, r, SitePath("lieux", l.ID)+"?signalement=envoye#t-signaler", http.StatusSeeOther)
}
