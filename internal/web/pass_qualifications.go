package web

import (
	"net/http"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
)

type passQualificationsPage struct {
	pageMeta
	Pending []passQualificationView
	// Approved are the qualified places, each with its withdrawal.
	Approved []passQualificationView
	Decided  []passQualificationView
}

// passDecidedShown is how many decided qualifications the queue lists.
const passDecidedShown = 50

// passQualifications is the queue of the requests to accept the Pass
// numérique: a coordinator sees those of its territory's places, an
// administrator all of them; each approves or refuses, and withdraws an
// approved one (pass_qualification_retirer.go).
func (s *Server) passQualifications(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	qs, err := s.store.Qualifications(ctx, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := passQualificationsPage{pageMeta: pageMeta{Title: "Qualifications Pass numérique", Nav: "espace", Flash: passFlash(r)}}
	names := map[int64]string{}
	for i := len(qs) - 1; i >= 0; i-- {
		q := qs[i]
		if !s.coversLieu(r, q.LieuID) {
			continue
		}
		v := s.passQualificationView(ctx, q, names)
		if q.Status == pass.QualificationApproved {
			p.Approved = append(p.Approved, v)
		}
		if q.Status == pass.QualificationPending {
			p.Pending = append(p.Pending, v)
		} else if len(p.Decided) < passDecidedShown {
			p.Decided = append(p.Decided, v)
		}
	}
	s.render(w, r, http.StatusOK, "pass_qualifications.html", p)
}

// coversLieu reports whether the signed-in account answers for a place:
// an administrator for all, a coordinator for its territory's published
// places.
func (s *Server) coversLieu(r *http.Request, id string) bool {
	u := currentUser(r)
	l, ok := s.indexOf(r.Context()).Lieu(id)
	if !ok {
		return u.CoversScope(account.Scope{}) // administrators only
	}
	return u.CoversScope(s.scope(r.Context(), l))
}

// passQualificationDecision approves or refuses a pending qualification.
func (s *Server) passQualificationDecision(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	qs, err := s.store.Qualifications(r.Context(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var q *pass.Qualification
	for i := range qs {
		if qs[i].ID == id {
			q = &qs[i]
		}
	}
	if q == nil {
		s.notFound(w, r)
		return
	}
	if !s.coversLieu(r, q.LieuID) {
		s.fail(w, r, failure.Errorf(failure.Forbidden, "Ce lieu n'est pas dans votre territoire : un coordinateur de son territoire ou un administrateur décide."))
		return
	}
	status := map[string]string{"accepter": pass.QualificationApproved, "refuser": pass.QualificationRefused}[r.PostFormValue("decision")]
	if status == "" {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Décision inconnue : accepter ou refuser."))
		return
	}
	if err := s.store.DecideQualification(r.Context(), id, status, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.qualifiedChanged(r.Context())
	http.Redirect(w, r, "/pass/qualifications?message=qualification-decidee", http.StatusSeeOther)
}
