package web

import (
	"net/http"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
)

var errOrderNotFound = failure.Errorf(failure.NotFound, "Cette commande n'existe pas.")

// passCommandeAvoirPage is the credit note of one order, a document for
// its financeur (printable), or when it will be issued.
type passCommandeAvoirPage struct {
	pageMeta
	Order     pass.Order
	Financeur string
	Passes    int // the order's passes
	Note      *pass.CreditNote
	// Due: the order's last day is over, its credit note not issued yet.
	Due   bool
	Admin bool
}

// passCommandeAvoir shows an order's credit note to its financeur and to
// administrators.
func (s *Server) passCommandeAvoir(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	if err != nil {
		s.error(w, r, errOrderNotFound)
		return
	}
	o, err := s.store.Order(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	admin := u.Role == account.Administrateur
	if !admin && o.Financeur != u.ID {
		s.error(w, r, failure.Errorf(failure.Forbidden, "L'avoir d'une commande est visible de son financeur et des administrateurs."))
		return
	}
	p := passCommandeAvoirPage{pageMeta: pageMeta{Title: "Avoir de la commande n° " + strconv.FormatInt(o.ID, 10), Nav: "espace"}, Order: o, Admin: admin,
		Passes: o.Carnets * o.PassesPerCarnet}
	if f, err := s.store.User(ctx, o.Financeur); err == nil {
		p.Financeur = f.Email
	}
	notes, err := s.store.CreditNotes(ctx, o.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(notes) > 0 {
		p.Note = &notes[0]
	} else {
		p.Due = o.LastDay() < pass.Day(s.cfg.Now())
	}
	s.render(w, r, http.StatusOK, "pass_commande_avoir.html", p)
}
