package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/orientation"
)

type reponsePage struct {
	pageMeta
	Token      string
	O          orientationView
	Prescriber string
	Answers    []choice
	Reasons    []choice
	Done       bool // a final answer was recorded
	Error      string
	ErrorFor   string
	Form       struct{ Lieu, Detail string }
}

// The answer page of a place, reached by the link of its e-mail: no
// account, the token is the only credential, and the page shows that one
// orientation only. A GET never uses the link (mail scanners open links);
// the form's POST does, once.

func (s *Server) orientationsReponse(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("jeton")
	s.answerHeaders(w)
	o, err := s.store.OrientationByLink(r.Context(), account.HashToken(token))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.reponsePage(r, o, token)
	switch r.URL.Query().Get("message") {
	case "recue":
		p.Flash = "Merci : l'orientation est notée « reçue ». Gardez cette page (ou le nouveau courriel qui vous est envoyé) pour dire ensuite si la personne est venue."
	}
	s.render(w, r, http.StatusOK, "orientation_reponse.html", p)
}

// answerHeaders: the address holds the token, it must not leave in a
// Referer nor stay in a cache, and the page is not for search engines.
func (s *Server) answerHeaders(w http.ResponseWriter) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
}

func (s *Server) reponsePage(r *http.Request, o orientation.Orientation, token string) reponsePage {
	p := reponsePage{pageMeta: pageMeta{Title: "Répondre à une orientation"}, Token: token, O: s.orientationView(r, o),
		Prescriber: s.prescriberText(r.Context(), o.Prescriber)}
	for _, a := range orientation.Answers {
		if !o.Status.Next(a) {
			continue
		}
		label := map[orientation.Status]string{orientation.Recue: "Reçue : nous attendons la personne",
			orientation.Venue: "La personne est venue", orientation.Reorientee: "Réorientée vers un autre lieu du registre",
			orientation.Impossible: "Impossible"}[a]
		p.Answers = append(p.Answers, choice{ID: "reponse-" + string(a), Value: string(a), Label: label})
	}
	for _, rs := range orientation.Reasons {
		p.Reasons = append(p.Reasons, choice{ID: "motif-" + string(rs), Value: string(rs), Label: capitalize(rs.Label())})
	}
	return p
}

// orientationsReponseEnvoi records a place's answer. « Reçue » leaves the
// orientation open: a new link is made for the next answer, the page
// moves to it and it is e-mailed to the place.
func (s *Server) orientationsReponseEnvoi(w http.ResponseWriter, r *http.Request) {
	s.answerHeaders(w)
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux."))
		return
	}
	f := r.PostForm
	token := f.Get("jeton")
	a := orientation.Answer{Status: orientation.Status(f.Get("reponse")), LieuID: strings.TrimSpace(f.Get("lieu")),
		Reason: orientation.Reason(f.Get("motif")), Detail: f.Get("detail")}
	if a.Status == orientation.Reorientee {
		a.LieuID = lieuIDFrom(a.LieuID)
	}
	next, nextHash := "", ""
	if a.Status == orientation.Recue {
		next, nextHash = account.NewToken()
	}
	o, err := s.store.AnswerOrientation(r.Context(), account.HashToken(token), a, nextHash)
	if err != nil {
		if failure.CodeOf(err) != failure.Invalid {
			s.fail(w, r, err)
			return
		}
		// The link is still good: the form again, with what was typed.
		cur, rerr := s.store.OrientationByLink(r.Context(), account.HashToken(token))
		if rerr != nil {
			s.fail(w, r, err)
			return
		}
		p := s.reponsePage(r, cur, token)
		p.Error, p.Form.Lieu, p.Form.Detail = failure.MessageOf(err), f.Get("lieu"), f.Get("detail")
		p.ErrorFor = map[orientation.Status]string{orientation.Reorientee: "lieu", orientation.Impossible: "motif"}[a.Status]
		for i := range p.Answers {
			p.Answers[i].Checked = p.Answers[i].Value == string(a.Status)
		}
		for i := range p.Reasons {
			p.Reasons[i].Checked = p.Reasons[i].Value == string(a.Reason)
		}
		s.render(w, r, http.StatusUnprocessableEntity, "orientation_reponse.html", p)
		return
	}
	if next != "" {
		if len(o.LieuID) > 0 {
			if l, ok := s.indexOf(r.Context()).Lieu(o.LieuID); ok && len(l.Courriels) > 0 {
				to, prescriber := l.Courriels[0], s.prescriberText(r.Context(), o.Prescriber)
				s.background(func(ctx context.Context) {
					if err := s.mailOrientation(ctx, to, o, prescriber, next, mailFollowUp, o.Updated); err != nil {
						s.log.Warn("orientation : nouveau lien non envoyé", "orientation", o.ID, "err", err)
					}
				})
			}
		}
		http.Redirect(w, r, answerPath(next)+"&message=recue", http.StatusSeeOther)
		return
	}
	p := s.reponsePage(r, o, "")
	p.Done, p.Answers = true, nil
	p.Flash = "Merci : votre réponse est enregistrée. La personne qui a orienté la voit dans son espace."
	s.render(w, r, http.StatusOK, "orientation_reponse.html", p)
}

// lieuIDFrom reads a place as typed: its id, or the address of its page
// (…/lieux/ID).
func lieuIDFrom(typed string) string {
	if i := strings.LastIndex(typed, "/lieux/"); i >= 0 {
		typed = typed[i+len("/lieux/"):]
		if j := strings.IndexAny(typed, "/?#"); j >= 0 {
			typed = typed[:j]
		}
		if u, err := url.PathUnescape(typed); err == nil {
			typed = u
		}
	}
	return strings.TrimSpace(typed)
}
