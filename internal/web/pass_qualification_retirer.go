package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/pass"
)

type passRetirerPage struct {
	pageMeta
	Q      passQualificationView
	Reason string
	Error  string
}

var errPassWithdrawTerritory = failure.Errorf(failure.Forbidden, "Ce lieu n'est pas dans votre territoire : un coordinateur de son territoire ou un administrateur retire sa qualification.")

// passApprovedOf reads the approved qualification {n} of the path that the
// signed-in account answers for (404 when there is none by that number,
// 409 when it is not approved, 403 for another territory).
func (s *Server) passApprovedOf(r *http.Request) (pass.Qualification, error) {
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		return pass.Qualification{}, failure.Errorf(failure.NotFound, "Qualification introuvable.")
	}
	qs, err := s.store.Qualifications(r.Context(), "")
	if err != nil {
		return pass.Qualification{}, err
	}
	for _, q := range qs {
		if q.ID != id {
			continue
		}
		if !s.coversLieu(r, q.LieuID) {
			return q, errPassWithdrawTerritory
		}
		if q.Status != pass.QualificationApproved {
			return q, failure.Errorf(failure.Conflict, "Cette qualification n'est pas acceptée (%s) : il n'y a rien à retirer.", qualificationStatusText[q.Status])
		}
		return q, nil
	}
	return pass.Qualification{}, failure.Errorf(failure.NotFound, "Qualification introuvable.")
}

// passQualificationRetirer is the confirmation step of a withdrawal: what
// it does, and the reason asked for.
func (s *Server) passQualificationRetirer(w http.ResponseWriter, r *http.Request) {
	q, err := s.passApprovedOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderRetirer(w, r, http.StatusOK, q, "", "")
}

func (s *Server) renderRetirer(w http.ResponseWriter, r *http.Request, status int, q pass.Qualification, reason, msg string) {
	v := s.passQualificationView(r.Context(), q, nil)
	s.render(w, r, status, "pass_qualification_retirer.html", passRetirerPage{
		pageMeta: pageMeta{Title: "Retirer la qualification Pass numérique — " + v.LieuName, Nav: "espace"}, Q: v, Reason: reason, Error: msg})
}

// passQualificationRetrait withdraws an approved qualification, with its
// reason: the place's passes are refused from now on.
func (s *Server) passQualificationRetrait(w http.ResponseWriter, r *http.Request) {
	q, err := s.passApprovedOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("raison"))
	switch {
	case reason == "":
		s.renderRetirer(w, r, http.StatusUnprocessableEntity, q, reason, "Indiquez la raison du retrait : elle est journalisée et montrée à la structure.")
		return
	case utf8.RuneCountInString(reason) > pass.MaxWithdrawalReason:
		s.renderRetirer(w, r, http.StatusUnprocessableEntity, q, reason, "La raison du retrait tient en 500 caractères au plus.")
		return
	}
	if _, err := s.store.WithdrawQualification(r.Context(), q.LieuID, reason, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.qualifiedChanged(r.Context())
	http.Redirect(w, r, "/pass/qualifications?message=qualification-retiree", http.StatusSeeOther)
}
