package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// passCarnetLine is a carnet in a distributeur's list.
type passCarnetLine struct {
	pass.Carnet
	Distributeur string // its name (administrators see every distributeur's)
	Order        int64
	Value        string
	ValidUntil   string
	Age, Commune string
	HandURL      string // the form, with its code filled in
}

// passOrderNote is what a distributeur reads of an order it has carnets of.
type passOrderNote struct {
	ID         int64
	Publics    string
	Perimeter  string
	ValidUntil string
}

type passCarnetsPage struct {
	pageMeta
	Admin    bool
	Carnets  []passCarnetLine
	ToHand   int
	Orders   []passOrderNote
	Ages     []passAgeChoice
	Error    string
	ErrorFor string // the id of the field in error
	Form     struct{ Carnet, Age, Commune string }
	Shown    int // carnets listed (at most passCarnetsListed)
	Total    int
}

type passAgeChoice struct {
	Value, Label string
}

// passCarnetsListed is how many carnets the page lists at most.
const passCarnetsListed = 500

// passCarnetsReader says whether an account may see carnets: a
// distributeur its own, an administrator every assigned one.
func passCarnetsReader(u *account.User) error {
	if u == nil || (u.Role != account.Administrateur && u.Role != account.Distributeur) {
		return errPassCarnetsForbidden
	}
	return nil
}

// passCarnets is a distributeur's page: its carnets, and « Remettre un
// carnet », which records that one was handed to a bénéficiaire with at
// most an age band and a commune of residence: no name is asked.
func (s *Server) passCarnets(w http.ResponseWriter, r *http.Request) {
	s.renderPassCarnets(w, r, http.StatusOK, func(p *passCarnetsPage) { p.Form.Carnet = r.URL.Query().Get("carnet") })
}

func (s *Server) renderPassCarnets(w http.ResponseWriter, r *http.Request, status int, form func(*passCarnetsPage)) {
	u := currentUser(r)
	if err := passCarnetsReader(u); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	p := passCarnetsPage{pageMeta: pageMeta{Title: "Carnets du Pass numérique", Nav: "espace", Flash: passFlash(r)}, Admin: u.Role == account.Administrateur}
	p.Ages = append(p.Ages, passAgeChoice{"", "Non renseignée"})
	for _, a := range pass.AgeBands {
		p.Ages = append(p.Ages, passAgeChoice{string(a), ageBandLabels[a]})
	}
	if form != nil {
		form(&p)
	}
	var f store.CarnetFilter
	if !p.Admin {
		f.Distributeur = u.ID
	}
	carnets, err := s.store.Carnets(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ref := s.indexOf(ctx).Referential()
	names := map[int64]string{}
	orders := map[int64]pass.Order{}
	for _, c := range carnets {
		if c.Distributeur == 0 {
			continue
		}
		p.Total++
		if !c.Handed {
			p.ToHand++
		}
		o, ok := orders[c.OrderID]
		if !ok {
			if o, err = s.store.Order(ctx, c.OrderID); err != nil {
				s.fail(w, r, err)
				return
			}
			orders[c.OrderID] = o
			p.Orders = append(p.Orders, passOrderNote{ID: o.ID, Publics: o.Publics, Perimeter: perimeterText(ref, o.Perimeter), ValidUntil: dayText(o.ValidUntil)})
		}
		if len(p.Carnets) == passCarnetsListed {
			continue
		}
		line := passCarnetLine{Carnet: c, Order: o.ID, Value: pass.Euros(o.ValueCents), ValidUntil: dayText(o.ValidUntil),
			HandURL: "/pass/carnets?" + url.Values{"carnet": {c.Code}}.Encode() + "#remettre"}
		if p.Admin {
			line.Distributeur = s.accountName(ctx, c.Distributeur, names)
		}
		if c.Handed {
			line.Age, line.Commune = ageBandLabels[c.AgeBand], communeText(ref, c.Commune)
		}
		p.Carnets = append(p.Carnets, line)
	}
	p.Shown = len(p.Carnets)
	s.render(w, r, status, "pass_carnets.html", p)
}

// passCarnetsRemettre records a carnet handed to a bénéficiaire.
func (s *Server) passCarnetsRemettre(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if err := passCarnetsReader(u); err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Formulaire illisible ou trop volumineux."))
		return
	}
	typed, age, communeTyped := strings.TrimSpace(r.PostForm.Get("carnet")), r.PostForm.Get("age"), strings.TrimSpace(r.PostForm.Get("commune"))
	refuse := func(status int, field, msg string) {
		s.renderPassCarnets(w, r, status, func(p *passCarnetsPage) {
			p.Form.Carnet, p.Form.Age, p.Form.Commune, p.Error, p.ErrorFor = typed, age, communeTyped, msg, field
		})
	}
	if typed == "" {
		refuse(http.StatusUnprocessableEntity, "carnet", "Indiquez le code du carnet remis (CN-…, imprimé en haut du carnet).")
		return
	}
	if !pass.ValidAgeBand(pass.AgeBand(age)) {
		refuse(http.StatusUnprocessableEntity, "age-", fmt.Sprintf("Tranche d'âge « %s » inconnue.", age))
		return
	}
	commune, err := residenceCommune(s.indexOf(r.Context()).Referential(), communeTyped)
	if err != nil {
		refuse(http.StatusUnprocessableEntity, "commune", failure.MessageOf(err))
		return
	}
	dist := u.ID
	if u.Role == account.Administrateur {
		dist = 0 // any carnet assigned
	}
	if _, err := s.store.HandCarnet(r.Context(), typed, dist, pass.AgeBand(age), commune, actor(r)); err != nil {
		status, ok := map[failure.Code]int{failure.Invalid: http.StatusUnprocessableEntity, failure.NotFound: http.StatusNotFound,
			failure.Conflict: http.StatusConflict, failure.Forbidden: http.StatusForbidden}[failure.CodeOf(err)]
		if !ok {
			s.fail(w, r, err)
			return
		}
		refuse(status, "carnet", failure.MessageOf(err))
		return
	}
	http.Redirect(w, r, "/pass/carnets?message=remis", http.StatusSeeOther)
}

// ResidenceCommune is residenceCommune, for the command line (pass remettre).
func ResidenceCommune(ref *territory.Referential, typed string) (string, error) {
	return residenceCommune(ref, typed)
}

// residenceCommune reads the commune of residence as typed: empty (not
// given), an INSEE code, or a postcode and a name (« 31000 Toulouse »),
// or a name the referential knows of one commune only. It returns the
// INSEE code.
func residenceCommune(ref *territory.Referential, typed string) (string, error) {
	if typed == "" {
		return "", nil
	}
	if _, ok := ref.Commune(strings.ToUpper(typed)); ok {
		return strings.ToUpper(typed), nil
	}
	if ref.Empty() && len(typed) == 5 {
		return strings.ToUpper(typed), nil
	}
	postcode, name := "", typed
	if first, rest, _ := strings.Cut(typed, " "); len(first) == 5 && strings.Trim(first, "0123456789") == "" {
		postcode, name = first, rest
	}
	loc := ref.Locate(postcode, name)
	if loc.Commune != nil {
		return loc.Commune.Code, nil
	}
	if postcode == "" { // a name alone: the communes of that very name
		loc.Candidates = nil
		for _, c := range ref.Search(name, 0) {
			if territory.Fold(c.Nom) == territory.Fold(name) {
				loc.Candidates = append(loc.Candidates, c)
			}
		}
		if len(loc.Candidates) == 1 {
			return loc.Candidates[0].Code, nil
		}
	}
	msg := fmt.Sprintf("Commune de résidence « %s » : introuvable dans le référentiel. Indiquez son code INSEE (31555 pour Toulouse) ou son code postal et son nom (31000 Toulouse), ou laissez le champ vide.", typed)
	if len(loc.Candidates) > 1 {
		var names []string
		for _, c := range loc.Candidates {
			names = append(names, c.Nom+" ("+c.Code+")")
		}
		msg = fmt.Sprintf("Commune de résidence « %s » : plusieurs communes possibles (%s). Indiquez son code INSEE, ou laissez le champ vide.", typed, strings.Join(names, ", "))
	}
	return "", failure.Errorf(failure.Invalid, "%s", msg)
}
