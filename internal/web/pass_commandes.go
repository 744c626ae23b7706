package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/pass"
	"maillage/internal/place"
)

// passOrderForm is the order form as typed (kept when it is refused).
type passOrderForm struct {
	Financeur                       int64
	Carnets, PassesPerCarnet, Value string
	ValidUntil, Tolerance           string
	Zones                           map[string]string
	Services                        []string
	Publics, PrintedText            string
}

type passCommandesPage struct {
	pageMeta
	Admin      bool
	Orders     []passOrderSummary
	Financeurs []account.User
	ZoneKinds  any
	Services   []string
	Form       passOrderForm
	Error      string
	MaxText    int
}

// passCommandes lists the orders of the Pass numérique: all of them with
// the form to record one for an administrator, its own for a financeur.
func (s *Server) passCommandes(w http.ResponseWriter, r *http.Request) {
	s.renderPassCommandes(w, r, http.StatusOK, passOrderForm{PassesPerCarnet: "10", Tolerance: "0"}, "")
}

func (s *Server) renderPassCommandes(w http.ResponseWriter, r *http.Request, status int, form passOrderForm, errMsg string) {
	u := currentUser(r)
	if err := passOrderReader(u); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	var financeur int64
	if u.Role == account.Financeur {
		financeur = u.ID
	}
	orders, err := s.store.Orders(ctx, financeur)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := passCommandesPage{pageMeta: pageMeta{Title: "Commandes du Pass numérique", Nav: "espace", Flash: passFlash(r)},
		Admin: u.Role == account.Administrateur, ZoneKinds: zoneKinds, Services: place.Services.Values, Form: form, Error: errMsg,
		MaxText: pass.MaxPrintedText}
	for i := len(orders) - 1; i >= 0; i-- { // newest first
		p.Orders = append(p.Orders, s.passOrderSummary(ctx, orders[i]))
	}
	if p.Admin {
		if p.Financeurs, err = s.accountsOfRole(ctx, account.Financeur); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if p.Form.Zones == nil {
		p.Form.Zones = map[string]string{}
	}
	s.render(w, r, status, "pass_commandes.html", p)
}

// passCommandesCreer records an order (administrators) and goes to its page.
func (s *Server) passCommandesCreer(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux."))
		return
	}
	f := r.PostForm
	form := passOrderForm{Carnets: strings.TrimSpace(f.Get("carnets")), PassesPerCarnet: strings.TrimSpace(f.Get("pass_par_carnet")),
		Value: strings.TrimSpace(f.Get("valeur")), ValidUntil: strings.TrimSpace(f.Get("fin")), Tolerance: strings.TrimSpace(f.Get("tolerance")),
		Zones: map[string]string{}, Publics: strings.TrimSpace(f.Get("publics")), PrintedText: strings.TrimSpace(f.Get("texte"))}
	for _, k := range zoneKinds {
		form.Zones[k.Field] = strings.TrimSpace(f.Get(k.Field))
	}
	form.Financeur, _ = strconv.ParseInt(f.Get("financeur"), 10, 64)
	for _, sv := range f["services"] {
		if !slices.Contains(form.Services, sv) {
			form.Services = append(form.Services, sv)
		}
	}
	o, err := s.readPassOrder(r, form)
	if err != nil {
		if failure.CodeOf(err) == failure.Invalid || failure.CodeOf(err) == failure.NotFound {
			s.renderPassCommandes(w, r, http.StatusUnprocessableEntity, form, failure.MessageOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	o, err = s.store.CreateOrder(r.Context(), o, actor(r))
	if err != nil {
		if c := failure.CodeOf(err); c == failure.Invalid || c == failure.NotFound {
			s.renderPassCommandes(w, r, http.StatusUnprocessableEntity, form, failure.MessageOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("pass", "commandes", o.ID)+"?message=commande-enregistree", http.StatusSeeOther)
}

// readPassOrder checks the order form and makes the order of it.
func (s *Server) readPassOrder(r *http.Request, form passOrderForm) (pass.Order, error) {
	o := pass.Order{Financeur: form.Financeur, ValidUntil: form.ValidUntil, Services: form.Services, Publics: form.Publics, PrintedText: form.PrintedText}
	if o.Financeur <= 0 {
		return o, failure.Errorf(failure.Invalid, "Choisissez le financeur de la commande.")
	}
	number := func(label, v string, into *int) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return failure.Errorf(failure.Invalid, "%s « %s » : attendu un nombre entier.", label, v)
		}
		*into = n
		return nil
	}
	if err := number("Nombre de carnets", form.Carnets, &o.Carnets); err != nil {
		return o, err
	}
	if err := number("Pass par carnet", form.PassesPerCarnet, &o.PassesPerCarnet); err != nil {
		return o, err
	}
	tolerance := form.Tolerance
	if tolerance == "" {
		tolerance = "0"
	}
	if err := number("Tolérance", tolerance, &o.ToleranceDays); err != nil {
		return o, err
	}
	cents, err := pass.ParseEuros(form.Value)
	if err != nil {
		return o, failure.Errorf(failure.Invalid, "Valeur d'un pass « %s » : attendu des euros, par exemple 10 ou 10,50.", form.Value)
	}
	o.ValueCents = cents
	if o.ValidUntil == "" {
		return o, failure.Errorf(failure.Invalid, "Indiquez la date de fin de validité.")
	}
	for _, sv := range o.Services {
		if !place.Services.Contains(sv) {
			return o, failure.Errorf(failure.Invalid, "Service « %s » : ce n'est pas un service du standard.", sv)
		}
	}
	if o.Perimeter, err = parseZones(s.indexOf(r.Context()).Referential(), form.Zones); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	if err := o.CheckEnd(pass.Day(s.cfg.Now())); err != nil {
		return o, err
	}
	if last := o.LastDay(); last < pass.Day(s.cfg.Now()) {
		return o, failure.Errorf(failure.Invalid, "Cette commande serait déjà échue : son dernier jour (fin de validité et tolérance), le %s, est passé.", dayText(last))
	}
	return o, nil
}

// passFlash is the message a Pass numérique action leaves for the next page.
func passFlash(r *http.Request) string {
	switch m := r.URL.Query().Get("message"); m {
	case "commande-enregistree":
		return "Commande enregistrée : ses carnets et leurs pass sont émis."
	case "attribues":
		if n, err := strconv.Atoi(r.URL.Query().Get("n")); err == nil && n > 0 {
			return french.Count(n, "carnet attribué", "carnets attribués") + " au distributeur."
		}
		return "Carnets attribués au distributeur."
	case "remis":
		return "Remise enregistrée : les pass du carnet peuvent être utilisés."
	case "qualification-demandee":
		return "Demande transmise : un coordinateur du territoire ou un administrateur la validera."
	case "qualification-decidee":
		return "Décision enregistrée."
	case "qualification-retiree":
		return "Qualification retirée : le lieu n'accepte plus le Pass numérique."
	}
	return flash(r)
}
