package web

import (
	"net/http"
	"net/url"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/pass"
)

var errNoCreditNotes = failure.Errorf(failure.Forbidden, "Les avoirs du Pass numérique sont ceux des financeurs : ils sont visibles du compte financeur de chaque commande et des administrateurs.")

// passAvoirsPage lists the credit notes (avoirs): the passes of ended
// orders never used, credited back to their financeur. An administrator
// sees all and issues those due; a financeur its orders'.
type passAvoirsPage struct {
	pageMeta
	Admin bool
	Notes []passAvoirView
	Total int64
}

type passAvoirView struct {
	pass.CreditNote
	Order     pass.Order
	Financeur string // who the passes are credited to
}

// passAvoirs lists the credit notes the account may see.
func (s *Server) passAvoirs(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	p := passAvoirsPage{pageMeta: pageMeta{Title: "Avoirs du Pass numérique", Nav: "espace"}, Admin: u.Role == account.Administrateur}
	if !p.Admin && u.Role != account.Financeur {
		s.error(w, r, errNoCreditNotes)
		return
	}
	var financeur int64
	if !p.Admin {
		financeur = u.ID
	}
	orders, err := s.store.Orders(ctx, financeur)
	if err != nil {
		s.error(w, r, err)
		return
	}
	byID := map[int64]pass.Order{}
	for _, o := range orders {
		byID[o.ID] = o
	}
	notes, err := s.store.CreditNotes(ctx, 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, n := range notes {
		if o, ok := byID[n.OrderID]; ok {
			p.Notes = append(p.Notes, passAvoirView{CreditNote: n, Order: o, Financeur: s.accountName(ctx, o.Financeur, names)})
			p.Total += n.AmountCents
		}
	}
	if v := r.URL.Query().Get("etablis"); v != "" {
		n, _ := strconv.Atoi(v)
		p.Flash = "Aucune commande échue sans avoir : rien à créditer."
		if n > 0 {
			p.Flash = french.Count(n, "avoir établi", "avoirs établis") + " pour les commandes échues."
		}
	}
	s.render(w, r, http.StatusOK, "pass_avoirs.html", p)
}

// passAvoirsEtablir credits back the passes of the orders whose last day
// (validity plus tolerance) is over: one credit note per order.
func (s *Server) passAvoirsEtablir(w http.ResponseWriter, r *http.Request) {
	notes, err := s.store.CreditExpired(r.Context(), s.cfg.Now(), actor(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/pass/avoirs?"+url.Values{"etablis": {strconv.Itoa(len(notes))}}.Encode(), http.StatusSeeOther)
}
