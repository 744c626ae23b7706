package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/pass"
	"maillage/internal/store"
)

var errNoDashboard = failure.Errorf(failure.Forbidden, "Les tableaux de bord du Pass numérique sont ceux des financeurs (leurs commandes), des distributeurs (leurs carnets), des lieux qualifiés (leurs pass encaissés) et des administrateurs.")

// passGroupings are the dashboard's groupings, in the order of the page.
var passGroupings = []struct{ By, Label, Column string }{
	{store.ByOrder, "Par commande", "Commande"},
	{store.ByDistributeur, "Par distributeur", "Distributeur"},
	{store.ByLieu, "Par lieu", "Lieu"},
	{store.ByTerritory, "Par territoire (département de résidence)", "Département"},
}

// passTableauxPage is the dashboard of the Pass numérique: the figures the
// old scheme's financeurs could not get, per order, distributeur, place
// or territory. A financeur sees its orders' passes, a distributeur its
// carnets', a place's account the passes it redeemed, an administrator
// all of them.
type passTableauxPage struct {
	pageMeta
	By, Column string
	Caption    string
	Scope      string // whose passes, in words
	Groupings  []passGroupingLink
	Rows       []passDashboardRow
	Total      passDashboardRow
	Lieux      []passLieuChoice // a place's account with several places chooses one
	Lieu       string
	Order      int64
	CSV        string
	// Statements: the account may read /pass/releves (an administrator,
	// a place's account), so the page links to them.
	Statements bool
}

type passGroupingLink struct {
	Label, URL string
	Current    bool
}

type passDashboardRow struct {
	store.DashboardRow
	Label    string
	Services string // « Service : n » by count, most used first
	// NoRate: a place's row counts only the passes it used (its issued and
	// handed are those passes), so a use rate would always be 100 %.
	NoRate bool
}

// passDashboardFor reads the dashboard the request asks for, within what
// the account may see.
func (s *Server) passDashboardFor(r *http.Request) (passTableauxPage, error) {
	u := currentUser(r)
	ctx := r.Context()
	q := r.URL.Query()
	p := passTableauxPage{pageMeta: pageMeta{Title: "Tableau de bord du Pass numérique", Nav: "espace"}, By: q.Get("par")}
	if p.By == "" {
		p.By = store.ByOrder
	}
	i := slices.IndexFunc(passGroupings, func(g struct{ By, Label, Column string }) bool { return g.By == p.By })
	if i < 0 {
		return p, failure.Errorf(failure.Invalid, "Regroupement « %s » inconnu : commande, distributeur, lieu ou territoire.", p.By)
	}
	p.Column, p.Caption = passGroupings[i].Column, "Chiffres "+strings.ToLower(passGroupings[i].Label)
	f := store.DashboardFilter{By: p.By}
	if v := q.Get("commande"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return p, failure.Errorf(failure.Invalid, "Commande « %s » : attendu son numéro.", v)
		}
		f.OrderID, p.Order = id, id
	}
	switch u.Role {
	case account.Administrateur:
		p.Scope, p.Statements = "tous les pass", true
	case account.Financeur:
		f.Financeur, p.Scope = u.ID, "les pass de vos commandes"
	case account.Distributeur:
		f.Distributeur, p.Scope = u.ID, "les pass des carnets qui vous sont attribués"
	default:
		lieux, err := s.passCounterLieux(ctx, u)
		if err != nil {
			return p, err
		}
		if len(lieux) == 0 {
			return p, errNoDashboard
		}
		p.Lieux, p.Lieu = lieux, lieux[0].ID
		if l := q.Get("lieu"); l != "" {
			if !slices.ContainsFunc(lieux, func(c passLieuChoice) bool { return c.ID == l }) {
				return p, errPassNotActing
			}
			p.Lieu = l
		}
		f.LieuID, p.Scope, p.Statements = p.Lieu, "les pass encaissés par "+s.passLieuName(ctx, p.Lieu), true
	}
	rows, err := s.store.Dashboard(ctx, f)
	if err != nil {
		return p, err
	}
	names := map[int64]string{}
	var orders map[int64]pass.Order
	total := passDashboardRow{DashboardRow: store.DashboardRow{Services: map[string]int{}, MedianDaysToFirstUse: -1}, Label: "Total"}
	for _, row := range rows {
		v := passDashboardRow{DashboardRow: row, Services: passServices(row.Services), NoRate: p.By == store.ByLieu}
		switch p.By {
		case store.ByOrder:
			id, _ := strconv.ParseInt(row.Key, 10, 64)
			if orders == nil {
				orders = map[int64]pass.Order{}
			}
			o, ok := orders[id]
			if !ok {
				if o, err = s.store.Order(ctx, id); err != nil {
					return p, err
				}
				orders[id] = o
			}
			v.Label = fmt.Sprintf("n° %d (fin le %s)", id, passDay(o.ValidUntil))
		case store.ByDistributeur:
			id, _ := strconv.ParseInt(row.Key, 10, 64)
			v.Label = s.accountName(ctx, id, names)
		case store.ByLieu:
			v.Label = s.passLieuName(ctx, row.Key)
		case store.ByTerritory:
			// The commune is noted when a carnet is handed: carnets never
			// handed are here too.
			v.Label = "Carnets non remis ou commune de résidence non indiquée"
			if row.Key != "" {
				v.Label = row.Key
				if d, ok := s.indexOf(ctx).Referential().DepartementOf(row.Key); ok {
					v.Label = d.Nom + " (" + row.Key + ")"
				}
			}
		}
		p.Rows = append(p.Rows, v)
		t := &total.DashboardRow
		t.Issued += row.Issued
		t.Injected += row.Injected
		t.Carnets += row.Carnets
		t.CarnetsInjected += row.CarnetsInjected
		t.CarnetsStarted += row.CarnetsStarted
		t.Used += row.Used
		t.UsedCents += row.UsedCents
		t.PaidCents += row.PaidCents
		t.DueCents += row.DueCents
		for k, n := range row.Services {
			t.Services[k] += n
		}
	}
	total.NoRate = p.By == store.ByLieu
	if total.Injected > 0 {
		total.UseRate = float64(total.Used) / float64(total.Injected)
	}
	total.Services = passServices(total.DashboardRow.Services)
	p.Total = total
	// The links keep the filters.
	base := url.Values{}
	if p.Order > 0 {
		base.Set("commande", strconv.FormatInt(p.Order, 10))
	}
	if len(p.Lieux) > 1 {
		base.Set("lieu", p.Lieu)
	}
	for _, g := range passGroupings {
		v := cloneValues(base)
		v.Set("par", g.By)
		p.Groupings = append(p.Groupings, passGroupingLink{Label: g.Label, URL: "/pass/tableaux?" + v.Encode(), Current: g.By == p.By})
	}
	v := cloneValues(base)
	v.Set("par", p.By)
	p.CSV = "/pass/tableaux.csv?" + v.Encode()
	return p, nil
}

// passServices writes the redemptions per service, the most used first.
func passServices(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s : %d", k, m[k])
	}
	return strings.Join(parts, " ; ")
}

// Rate writes the use rate as a percentage: « 37,5 % »; « — » for a place.
func (r passDashboardRow) Rate() string {
	if r.NoRate {
		return "—"
	}
	return french.Decimal(r.UseRate*100, 1) + " %"
}

// Median writes the median days from hand-over to first use, or « — ».
func (r passDashboardRow) Median() string {
	if r.MedianDaysToFirstUse < 0 {
		return "—"
	}
	return french.Decimal(r.MedianDaysToFirstUse, 1) + " j"
}

// passTableaux is the dashboard's page.
func (s *Server) passTableaux(w http.ResponseWriter, r *http.Request) {
	p, err := s.passDashboardFor(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pass_tableaux.html", p)
}

// passTableauxCSV exports the dashboard (the same figures and filters).
func (s *Server) passTableauxCSV(w http.ResponseWriter, r *http.Request) {
	p, err := s.passDashboardFor(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rows := make([][]string, 0, len(p.Rows))
	for _, v := range p.Rows {
		median := ""
		if v.MedianDaysToFirstUse >= 0 {
			median = french.Decimal(v.MedianDaysToFirstUse, 1)
		}
		rate := french.Decimal(v.UseRate*100, 1)
		if v.NoRate {
			rate = ""
		}
		rows = append(rows, []string{csvText(v.Key), csvText(v.Label), strconv.Itoa(v.Issued), strconv.Itoa(v.Injected), strconv.Itoa(v.Carnets),
			strconv.Itoa(v.CarnetsInjected), strconv.Itoa(v.CarnetsStarted), strconv.Itoa(v.Used), rate,
			csvEuros(v.UsedCents), csvEuros(v.PaidCents), csvEuros(v.DueCents), median, csvText(v.Services)})
	}
	writePassCSV(w, "tableau-pass-"+p.By+".csv", []string{p.By, "libelle", "pass_emis", "pass_remis", "carnets", "carnets_remis", "carnets_entames",
		"pass_utilises", "taux_utilisation_pourcent", "montant_pass_utilises_euros", "paye_euros", "reste_a_payer_euros", "delai_median_remise_utilisation_jours", "services_utilises"}, rows)
}
