package web

import (
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/failure"
	"maillage/internal/pass"
)

// passCommandeAttribuer assigns carnets of an order to a distributeur
// (administrators): the first n not yet assigned, or those given by code.
func (s *Server) passCommandeAttribuer(w http.ResponseWriter, r *http.Request) {
	o, err := s.passOrderOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux."))
		return
	}
	dist, _ := strconv.ParseInt(r.PostForm.Get("distributeur"), 10, 64)
	nText, codesText := strings.TrimSpace(r.PostForm.Get("nombre")), r.PostForm.Get("codes")
	codes := splitCodes(codesText)
	keep := func(p *passCommandePage) { p.Form.Distributeur, p.Form.N, p.Form.Codes = dist, nText, codesText }
	refuse := func(status int, msg string) { s.renderPassCommande(w, r, status, msg, keep) }
	n := 0
	switch {
	case o.LastDay() < pass.Day(s.cfg.Now()):
		refuse(http.StatusConflict, "La commande est échue depuis le "+dayText(o.LastDay())+" : ses carnets ne s'attribuent plus.")
		return
	case dist <= 0:
		refuse(http.StatusUnprocessableEntity, "Choisissez le distributeur à qui attribuer les carnets.")
		return
	case len(codes) > 0 && nText != "":
		refuse(http.StatusUnprocessableEntity, "Indiquez soit un nombre de carnets, soit leurs codes, pas les deux.")
		return
	case len(codes) == 0:
		var err error
		if n, err = strconv.Atoi(nText); err != nil || n < 1 {
			refuse(http.StatusUnprocessableEntity, "Nombre de carnets « "+nText+" » : attendu un nombre entier d'au moins 1, ou bien les codes des carnets.")
			return
		}
	}
	got, err := s.store.AssignCarnets(r.Context(), o.ID, n, codes, dist, actor(r))
	if err != nil {
		switch c := failure.CodeOf(err); c {
		case failure.Invalid, failure.NotFound, failure.Conflict:
			status := map[failure.Code]int{failure.Invalid: http.StatusUnprocessableEntity, failure.NotFound: http.StatusUnprocessableEntity, failure.Conflict: http.StatusConflict}[c]
			refuse(status, failure.MessageOf(err))
		default:
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, SitePath("pass", "commandes", o.ID)+"?message=attribues&n="+strconv.Itoa(len(got))+"#carnets", http.StatusSeeOther)
}
