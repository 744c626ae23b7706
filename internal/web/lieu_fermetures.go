package web

import (
	"net/http"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
)

// lieuFermeturesPage is a place's temporary closures: the form that
// announces one, the current and future ones (each may be withdrawn) and
// the past ones, kept.
type lieuFermeturesPage struct {
	pageMeta
	Lieu     *place.Lieu
	Upcoming []closureView
	Past     []closureView
	Reasons  []reasonOption
	Error    string
	ErrorFor string
	Form     struct{ From, To, Reason, Text string }
	Today    string // AAAA-MM-JJ, the date fields' minimum
}

type reasonOption struct{ Value, Label string }

var errClosureForbidden = failure.Errorf(failure.Forbidden, "Seuls la structure qui gère ce lieu, les coordinateurs de son territoire et les administrateurs annoncent ses fermetures.")

// mayAnnounceClosure: who may edit the place and publish at once (the
// structure that manages it, the coordinators of its territory, the
// administrators) announces its closures.
func (s *Server) mayAnnounceClosure(r *http.Request, l *place.Lieu) bool {
	u := currentUser(r)
	return u != nil && s.rightToEdit(r, u, l) == account.Publish
}

// lieuFermetures is /lieux/{id}/fermetures.
func (s *Server) lieuFermetures(w http.ResponseWriter, r *http.Request) {
	s.renderLieuFermetures(w, r, http.StatusOK, nil)
}

func (s *Server) renderLieuFermetures(w http.ResponseWriter, r *http.Request, status int, form func(*lieuFermeturesPage)) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if !s.mayAnnounceClosure(r, l) {
		s.fail(w, r, errClosureForbidden)
		return
	}
	// The stored closures, not the index's copy (which may be behind).
	closures, err := s.store.ClosuresOf(r.Context(), []string{l.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	day := today(s.cfg.Now())
	withStored := *l
	withStored.Closures = closures[l.ID]
	p := lieuFermeturesPage{pageMeta: pageMeta{Title: "Fermetures temporaires — " + l.Nom, Flash: flash(r)}, Lieu: l, Today: place.FormatClosureDay(day)}
	for _, c := range withStored.Closures {
		v := viewOfClosure(&withStored, c, day)
		if v.Past {
			p.Past = append([]closureView{v}, p.Past...) // the latest first
		} else {
			p.Upcoming = append(p.Upcoming, v)
		}
	}
	for _, r := range place.ClosureReasons {
		p.Reasons = append(p.Reasons, reasonOption{r, place.ClosureReasonLabel(r)})
	}
	p.Form.Reason = place.ClosureHolidays
	if form != nil {
		form(&p)
	}
	s.render(w, r, status, "lieu_fermetures.html", p)
}

// lieuFermeturesAnnonce records a closure.
func (s *Server) lieuFermeturesAnnonce(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if !s.mayAnnounceClosure(r, l) {
		s.fail(w, r, errClosureForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux."))
		return
	}
	f := r.PostForm
	c := place.Closure{Reason: f.Get("motif"), Text: f.Get("precision")}
	refuse := func(field, msg string) {
		s.renderLieuFermetures(w, r, http.StatusUnprocessableEntity, func(p *lieuFermeturesPage) {
			p.Form.From, p.Form.To, p.Form.Reason, p.Form.Text = f.Get("du"), f.Get("au"), c.Reason, c.Text
			p.Error, p.ErrorFor = msg, field
		})
	}
	var okFrom, okTo bool
	c.From, okFrom = place.ParseClosureDay(f.Get("du"))
	c.To, okTo = place.ParseClosureDay(f.Get("au"))
	switch {
	case !okFrom:
		refuse("du", "Premier jour de la fermeture illisible : écrivez-le AAAA-MM-JJ (par exemple 2026-12-24).")
		return
	case !okTo:
		refuse("au", "Dernier jour de la fermeture illisible : écrivez-le AAAA-MM-JJ (par exemple 2027-01-02).")
		return
	}
	if field, msg := c.Check(today(s.cfg.Now())); msg != "" {
		refuse(field, msg)
		return
	}
	if _, err := s.store.AddClosure(r.Context(), l.ID, c, actor(r)); err != nil {
		if failure.CodeOf(err) == failure.Invalid {
			refuse("du", failure.MessageOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	if err := s.syncOwn(r.Context(), l.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("lieux", l.ID, "fermetures")+"?message=fermeture-annoncee", http.StatusSeeOther)
}
