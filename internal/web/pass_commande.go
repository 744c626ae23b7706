package web

import (
	"net/http"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/store"
)

// passCarnetRow is a carnet in an order's page.
type passCarnetRow struct {
	pass.Carnet
	Distributeur string // its name, "" when not assigned
	State        string // non attribué, attribué, remis
	Used         int    // its passes used
	Age, Commune string
}

// passStateCount is the number of an order's passes in a state.
type passStateCount struct {
	State pass.State
	Label string
	Count int
}

type passCommandePage struct {
	pageMeta
	Order         passOrderSummary
	Admin         bool
	Counts        []passStateCount
	Carnets       []passCarnetRow
	Assigned      int // carnets assigned to a distributeur
	Handed        int
	CreditNotes   []passCreditNoteView
	Ended         string // the order's last day, once it is over or credited: no more assignments
	Distributeurs []account.User
	Page, Pages   int
	PrevURL       string
	NextURL       string
	Error         string
	Form          struct {
		Distributeur int64
		N, Codes     string
	}
}

type passCreditNoteView struct {
	pass.CreditNote
	Amount string
}

// passCarnetsPerPage is how many carnets an order's page lists at a time.
const passCarnetsPerPage = 200

// passCommande is an order's page: what was ordered, its carnets with
// their state and distributeur, its passes counted by state, its credit
// note once its validity is over; for administrators, the form that
// assigns carnets to a distributeur.
func (s *Server) passCommande(w http.ResponseWriter, r *http.Request) {
	s.renderPassCommande(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderPassCommande(w http.ResponseWriter, r *http.Request, status int, errMsg string, form func(*passCommandePage)) {
	o, err := s.passOrderOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	u := currentUser(r)
	p := passCommandePage{pageMeta: pageMeta{Title: "Commande n° " + strconv.FormatInt(o.ID, 10) + " du Pass numérique", Nav: "espace", Flash: passFlash(r)},
		Order: s.passOrderSummary(ctx, o), Admin: u.Role == account.Administrateur, Error: errMsg}
	if form != nil {
		form(&p)
	}
	counts, err := s.store.PassCounts(ctx, o.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	used := counts.UsedByCarnet
	for _, st := range pass.States {
		p.Counts = append(p.Counts, passStateCount{State: st, Label: st.Label(), Count: counts.ByState[st]})
	}
	carnets, err := s.store.Carnets(ctx, store.CarnetFilter{OrderID: o.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range carnets {
		if c.Distributeur != 0 {
			p.Assigned++
		}
		if c.Handed {
			p.Handed++
		}
	}
	p.Pages = (len(carnets) + passCarnetsPerPage - 1) / passCarnetsPerPage
	p.Page = 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n >= 1 && n <= p.Pages {
		p.Page = n
	}
	if p.Page > 1 {
		p.PrevURL = SitePath("pass", "commandes", o.ID) + "?page=" + strconv.Itoa(p.Page-1) + "#carnets"
	}
	if p.Page < p.Pages {
		p.NextURL = SitePath("pass", "commandes", o.ID) + "?page=" + strconv.Itoa(p.Page+1) + "#carnets"
	}
	names := map[int64]string{}
	ref := s.indexOf(ctx).Referential()
	for _, c := range carnets[min((p.Page-1)*passCarnetsPerPage, len(carnets)):min(p.Page*passCarnetsPerPage, len(carnets))] {
		row := passCarnetRow{Carnet: c, Used: used[c.ID], State: "non attribué"}
		if c.Distributeur != 0 {
			row.Distributeur, row.State = s.accountName(ctx, c.Distributeur, names), "attribué"
		}
		if c.Handed {
			row.State, row.Age = "remis", ageBandLabels[c.AgeBand]
			row.Commune = communeText(ref, c.Commune)
		}
		p.Carnets = append(p.Carnets, row)
	}
	notes, err := s.store.CreditNotes(ctx, o.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, n := range notes {
		p.CreditNotes = append(p.CreditNotes, passCreditNoteView{CreditNote: n, Amount: pass.Euros(n.AmountCents)})
	}
	if last := o.LastDay(); last < pass.Day(s.cfg.Now()) || len(notes) > 0 {
		p.Ended = dayText(last)
	}
	if p.Admin {
		if p.Distributeurs, err = s.accountsOfRole(ctx, account.Distributeur); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "pass_commande.html", p)
}
