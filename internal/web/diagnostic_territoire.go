package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/access"
	"maillage/internal/diagnostic"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/territory"
)

// The diagnostic page of a territory: /diagnostic/{type}/{code} and
// /diagnostic/france. Everything is a plain GET: the options form, the
// sorting and the pages of the gap table, the map's measure, so that the
// page works without JavaScript and every view has its address.

const (
	diagPerPage      = 25 // communes per page of the gap table
	diagDefaultPicks = 5
	diagPlacesShown  = 50 // places listed; the directory has the others
	// diagPrintMax bounds the rows of the print version (impression=oui):
	// the largest régions have about 5 100 communes; France's 35 000
	// rows are in the CSV.
	diagPrintMax = 6000
)

var diagKindLabels = map[string]string{
	diagnostic.KindFrance:      "Pays",
	diagnostic.KindRegion:      "Région",
	diagnostic.KindDepartement: "Département",
	diagnostic.KindEPCI:        "EPCI",
	diagnostic.KindCommune:     "Commune",
}

// diagSubTitles name the sub-units of a territory's map, by its kind.
var diagSubTitles = map[string][3]string{ // heading, singular, plural
	diagnostic.KindFrance:      {"Régions", "région", "régions"},
	diagnostic.KindRegion:      {"Départements de la région", "département", "départements"},
	diagnostic.KindDepartement: {"EPCI du département", "territoire", "territoires"},
	diagnostic.KindEPCI:        {"Communes de l'EPCI", "commune", "communes"},
	diagnostic.KindCommune:     {"La commune", "commune", "communes"},
}

type diagOption struct {
	Value, Label string
	Selected     bool
}

// diagForm is the options form, with the values asked (kept as typed).
type diagForm struct {
	Methode, Cout, SeuilKm, SeuilMin, Service, Nombre, Ponderation string
	Methodes, Couts, Services, Ponderations                        []diagOption
	// The bounds the server enforces, on the inputs.
	MaxKm, MaxMin float64
	MaxPicks      int
	// OSRM: an OSRM server is configured (the cost « osrm » is offered).
	OSRM bool
	// Keep are the parameters of the view (map, sort) the form carries on.
	Keep []diagOption
}

type diagChoice struct {
	Label, Href string
	Current     bool
}

type diagSubRow struct {
	Name, Href, Kind                  string
	Class                             int
	Value, Population, AtRisk, Places string
	CrossBorder                       bool // an EPCI straddling the département: its figures are the whole EPCI's
}

type diagColumn struct {
	Label, Href, Sort string // Sort: aria-sort of the sorted column
	Numeric           bool
	Next              string // what the link does, for screen readers
}

type diagGapRow struct {
	Name, Href, Code                                                  string
	Population, AtRisk, Fragility, Places, Access, Distance, Unserved string
	Flags                                                             string
	Unserved0                                                         bool
}

type diagPager struct {
	Page, Pages             int
	First, Prev, Next, Last string
	From, To, Total         int
}

type diagPlace struct{ Name, Href, Commune string }

type diagPick struct {
	Rank                                  int
	Name, Href, Covered, Communes, People string
}

type diagReco struct {
	K                      int
	Picks                  []diagPick
	Before, After, Covered string
	Share                  string // of the unserved people at risk, covered
	Guarantee, Candidates  string
	Seuil                  string
	Nothing                bool   // nobody unserved: nothing to cover
	Fewer                  string // why fewer sites than asked (Implantation.Fewer)
}

// diagSource is one entry of « Sources et méthodes »; Title, when set,
// is the entry's machine form (the revision's token), in a title.
type diagSource struct{ What, Text, Title string }

type diagnosticPage struct {
	pageMeta
	Kind, KindLabel, Name, Code string
	Self                        string // the page's address, without parameters
	Crumbs                      []diagLink
	Form                        diagForm
	Errors                      []string
	Computed                    bool
	Key, Notes                  []string
	// Stale says the figures are those of the data's previous state, and
	// when they were computed, while the current ones are.
	Stale string
	// The map and its table.
	Map                  template.HTML
	MapTitle, MapMeasure string
	MapChoices           []diagChoice
	SubTitle             string
	Sub                  []diagSubRow
	Unplaced             int
	// The gap table.
	Columns []diagColumn
	Rows    []diagGapRow
	Pager   diagPager
	// The places of the territory.
	Places                   []diagPlace
	PlacesTotal              int
	PlacesHref, PlacesFilter string
	Reco                     *diagReco
	// Printed says, on paper only, when and where the figures were taken.
	Printed string
	Sources []diagSource
	Exports []diagLink
	// Document: the page written as one self-contained file (maillage
	// diagnostic --format html): no link, form or control of the site.
	Document bool
	// PrintHref is the print version's address (every commune in the gap
	// table, impression=oui), "" when the table has one page or too many
	// rows for it; Print is set on the print version, PageHref then leads
	// back to the paged page.
	PrintHref, PageHref string
	Print               bool
	// PrintMax is diagPrintMax, for the page's words.
	PrintMax int
}

// diagMeasures are the values the map can show (carte=…).
var diagMeasures = []struct {
	key, label, title string
	value             func(u diagnostic.Unit) float64
	format            func(float64) string
}{
	{"non_desservis", "Personnes à risque non desservies", "personnes à risque non desservies",
		func(u diagnostic.Unit) float64 { return u.UnservedAtRisk }, diagPeople},
	{"accessibilite", "Accessibilité (lieux pour 10 000 personnes à risque)", "accessibilité",
		func(u diagnostic.Unit) float64 { return u.Accessibility }, func(v float64) string { return diagDecimal(v, 2) }},
	{"fragilite", "Fragilité numérique", "fragilité numérique",
		func(u diagnostic.Unit) float64 { return u.Fragility }, diagFragility},
	{"a_risque", "Personnes à risque", "personnes à risque",
		func(u diagnostic.Unit) float64 { return u.AtRisk }, diagPeople},
}

// diagSorts are the columns of the gap table that sort it (tri=…): the
// value compared, and the order a first click gives.
var diagSorts = []struct {
	key, label string
	numeric    bool
	desc       bool
	cmp        func(a, b *diagnostic.Row) int
}{
	{"commune", "Commune", false, false, func(a, b *diagnostic.Row) int { return cmp.Compare(territory.Fold(a.Name), territory.Fold(b.Name)) }},
	{"population", "Population", true, true, func(a, b *diagnostic.Row) int { return cmp.Compare(a.Population, b.Population) }},
	{"a_risque", "Personnes à risque", true, true, func(a, b *diagnostic.Row) int { return cmp.Compare(a.AtRisk, b.AtRisk) }},
	{"fragilite", "Fragilité", true, true, func(a, b *diagnostic.Row) int { return cmpUnknownLast(a.Fragility, b.Fragility) }},
	{"lieux", "Lieux", true, true, func(a, b *diagnostic.Row) int { return cmp.Compare(a.Places, b.Places) }},
	{"accessibilite", "Accessibilité", true, false, func(a, b *diagnostic.Row) int { return cmp.Compare(a.Accessibility, b.Accessibility) }},
	{"distance", "Distance au lieu le plus proche", true, true, func(a, b *diagnostic.Row) int { return cmp.Compare(a.DistanceKm, b.DistanceKm) }},
	{"non_desservis", "Personnes à risque non desservies", true, true, func(a, b *diagnostic.Row) int { return cmp.Compare(a.UnservedAtRisk, b.UnservedAtRisk) }},
}

// cmpUnknownLast compares with NaN below every number (so last in a
// decreasing order).
func cmpUnknownLast(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	}
	return cmp.Compare(a, b)
}

// diagView are the parameters of the page that are not options: which
// measure the map shows, the table's order and page, the picks asked.
type diagView struct {
	measure int
	sort    int // -1: the report's ranking
	desc    bool
	page    int
	k       int
	// all: every row of the gap table on one page (the print version,
	// impression=oui, up to diagPrintMax rows; the document, all).
	all bool
}

// diagnosticFrance is /diagnostic/france.
func (s *Server) diagnosticFrance(w http.ResponseWriter, r *http.Request) {
	s.diagnosticPage(w, r, diagnostic.KindFrance, "")
}

// diagnosticTerritoire is /diagnostic/{type}/{code}.
func (s *Server) diagnosticTerritoire(w http.ResponseWriter, r *http.Request) {
	s.diagnosticPage(w, r, r.PathValue("type"), r.PathValue("code"))
}

func (s *Server) diagnosticPage(w http.ResponseWriter, r *http.Request, kind, code string) {
	ctx := r.Context()
	ref := s.indexOf(ctx).Referential()
	if ref.Empty() {
		s.error(w, r, failure.Errorf(failure.Unavailable, "Le référentiel des communes n'est pas chargé sur ce site : aucun diagnostic n'est possible."))
		return
	}
	t, err := diagnostic.TerritoryOf(kind, code, ref)
	if err != nil {
		if failure.CodeOf(err) == failure.Invalid && !slices.Contains(diagnostic.Kinds, kind) {
			err = failure.Errorf(failure.NotFound, "%s", failure.MessageOf(err))
		}
		s.error(w, r, err)
		return
	}
	if code != t.Code {
		// One address per territory: 2a, 1 or 1001 lead to 2A, 01, 01001.
		to := diagPath(t)
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	q := r.URL.Query()
	o, view, form, problems := s.diagnosticParams(q)
	p := diagnosticPage{pageMeta: pageMeta{Title: "Diagnostic : " + t.Name, Nav: "diagnostic",
		Description: "Diagnostic de l'inclusion numérique : " + t.Name + " — personnes à risque, lieux, accessibilité, où ouvrir."},
		Kind: t.Kind, KindLabel: diagKindLabels[t.Kind], Name: t.Name, Code: t.Code, Form: form, Errors: problems}
	p.Crumbs = diagCrumbs(t, ref)
	p.Self = diagPath(t)
	if len(problems) > 0 {
		// A refused value is echoed once, cut (the form keeps it cut too).
		for i := range p.Errors {
			p.Errors[i] = clipQuoted(p.Errors[i])
		}
		for _, v := range []*string{&p.Form.Methode, &p.Form.Cout, &p.Form.SeuilKm, &p.Form.SeuilMin, &p.Form.Service, &p.Form.Nombre, &p.Form.Ponderation} {
			*v = clipValue(*v)
		}
		s.render(w, r, http.StatusBadRequest, "diagnostic_territoire.html", p)
		return
	}
	if err := s.allowDiagnosticOptions(r, o); err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.diagnostics.Report(ctx, t, o)
	if err != nil {
		if failure.CodeOf(err) == failure.Invalid {
			p.Errors = []string{failure.MessageOf(err)}
			s.render(w, r, http.StatusBadRequest, "diagnostic_territoire.html", p)
			return
		}
		s.error(w, r, err)
		return
	}
	if q.Get("nombre") == "" {
		view.k = DiagnosticPicks(len(rep.Rows))
	}
	self := p.Self
	p.Computed = true
	p.Key, p.Notes = rep.Key, rep.Notes
	if rep.Stale != nil && len(rep.Notes) > 0 {
		// The last figures, while the current ones are computed: said
		// first, the other notes below.
		p.Stale, p.Notes = rep.Notes[0], rep.Notes[1:]
	}
	diagnosticMap(&p, rep, ref, view, q, self)
	diagGaps(&p, rep, view, q, self)
	s.diagnosticPlaces(ctx, &p, rep, ref)
	if err := s.diagnosticReco(ctx, &p, rep, view); err != nil {
		s.error(w, r, err)
		return
	}
	reg, err := diagnostic.RegistryOf(ctx, s.store)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.Sources = diagSources(rep, ref, reg)
	p.Exports = diagExports(t, q, view.k)
	p.Printed = "Diagnostic établi le " + frenchDate(s.cfg.Now())
	if online, ok := s.absoluteURL(diagLinkTo(self, q, "page", "")); ok {
		p.Printed += ", en ligne : " + online
	}
	p.Printed += "."
	s.render(w, r, http.StatusOK, "diagnostic_territoire.html", p)
}

// diagPath is the page of a territory.
func diagPath(t diagnostic.Territory) string {
	if t.Kind == diagnostic.KindFrance {
		return "/diagnostic/france"
	}
	return SitePath("diagnostic", t.Kind, t.Code)
}

// diagOptionParams are the parameters that change the computation, as the
// form names them.
var diagOptionParams = []string{"methode", "cout", "seuil_km", "seuil_min", "service", "ponderation"}

// diagPageParams are all the parameters of the page: each takes one value.
var diagPageParams = append(slices.Clone(diagOptionParams), "nombre", "carte", "tri", "ordre", "page", "impression")

// diagnosticParams reads the options and the view from the query; bad
// values are French sentences naming the field, the value and the rule.
func (s *Server) diagnosticParams(q url.Values) (diagnostic.Options, diagView, diagForm, []string) {
	var problems []string
	for _, perr := range repeated(q, diagPageParams) {
		problems = append(problems, diagField(perr.Param)+" est donné "+strconv.Itoa(len(q[perr.Param]))+" fois (« "+strings.Join(q[perr.Param], " », « ")+" ») : une seule valeur attendue.")
	}
	f := diagForm{Methode: q.Get("methode"), Cout: q.Get("cout"), SeuilKm: q.Get("seuil_km"), SeuilMin: q.Get("seuil_min"),
		Service: q.Get("service"), Nombre: q.Get("nombre"), Ponderation: q.Get("ponderation")}
	f.MaxKm, f.MaxMin, f.MaxPicks = diagnostic.MaxSeuilKm, diagnostic.MaxSeuilMin, diagnostic.MaxPicks
	f.OSRM = s.cfg.OSRMURL != ""
	// The first cost, the default, sends no cost: the server then measures
	// in minutes (detour) when only « Seuil en minutes » is filled, as the
	// CLI's --seuil-min alone does (review 9N, minor 4).
	f.Couts = []diagOption{{"", "Selon le seuil rempli (par défaut) : à vol d'oiseau en kilomètres, ou temps estimé si seul le seuil en minutes est rempli", false},
		{access.NameCrowFly, "À vol d'oiseau, en kilomètres", false}, {access.NameDetour, "Temps estimé (détour à vitesse moyenne), en minutes", false}}
	if f.OSRM {
		f.Couts = append(f.Couts, diagOption{access.NameOSRM, "Temps de trajet par la route (OSRM), en minutes", false})
	}
	o := diagnostic.Options{Method: f.Methode, Cost: f.Cout, Service: f.Service, Weighting: f.Ponderation}
	number := func(field, unit, v string) float64 {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0
		}
		x, ok := parseNumber(strings.Replace(v, ",", ".", 1))
		if !ok || x <= 0 {
			problems = append(problems, diagField(field)+" : « "+v+" » n'est pas un nombre positif (en "+unit+", par exemple 10).")
		}
		return x
	}
	o.SeuilKm = number("seuil_km", "kilomètres", f.SeuilKm)
	o.SeuilMin = number("seuil_min", "minutes", f.SeuilMin)
	// The inputs are numbers: a decimal comma (typed in an address) is
	// shown with the point they take.
	f.SeuilKm, f.SeuilMin = strings.Replace(f.SeuilKm, ",", ".", 1), strings.Replace(f.SeuilMin, ",", ".", 1)
	if len(problems) == 0 {
		n, err := s.diagnosticOptions(o).Normalise()
		if err != nil {
			problems = append(problems, diagPageProblem(failure.MessageOf(err), q, &f))
		} else {
			o = n
		}
	}
	view := diagView{sort: -1, page: 1, k: diagDefaultPicks}
	if v := q.Get("nombre"); v != "" {
		k, err := diagnostic.ParsePicks(v)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s : « %s » invalide : un entier de 1 à %d.", diagField("nombre"), v, diagnostic.MaxPicks))
		} else {
			view.k = k
		}
	}
	if v := q.Get("carte"); v != "" {
		i := -1
		for j, m := range diagMeasures {
			if m.key == v {
				i = j
			}
		}
		if i < 0 {
			problems = append(problems, diagField("carte")+" : « "+v+" » est inconnu ; valeurs acceptées : "+diagMeasureKeys()+".")
		} else {
			view.measure = i
		}
	}
	if v := q.Get("tri"); v != "" {
		i := -1
		for j, c := range diagSorts {
			if c.key == v {
				i = j
			}
		}
		if i < 0 {
			problems = append(problems, diagField("tri")+" : « "+v+" » est inconnu ; valeurs acceptées : "+diagSortKeys()+".")
		} else {
			view.sort, view.desc = i, diagSorts[i].desc
		}
	}
	switch v := q.Get("ordre"); v {
	case "":
	case "croissant":
		view.desc = false
	case "decroissant":
		view.desc = true
	default:
		problems = append(problems, diagField("ordre")+" : « "+v+" » est inconnu ; valeurs acceptées : croissant, decroissant.")
	}
	switch v := q.Get("impression"); v {
	case "":
	case "oui":
		view.all = true
	default:
		problems = append(problems, diagField("impression")+" : « "+v+" » est inconnu ; valeur acceptée : oui (la version à imprimer, avec toutes les communes).")
	}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			problems = append(problems, diagField("page")+" : « "+v+" » n'est pas un numéro de page (un entier à partir de 1).")
		} else {
			view.page = n
		}
	}
	f.Methodes = []diagOption{{access.KindE2SFCA, "E2SFCA : paliers de distance (par défaut)", false}, {access.Kind2SFCA, "2SFCA : tout ou rien dans le seuil", false}, {access.KindGaussian, "2SFCA gaussienne : décroissance continue", false}}
	f.Services = []diagOption{{"", "Tous les lieux", false}}
	for _, v := range place.Services.Values {
		f.Services = append(f.Services, diagOption{v, v, false})
	}
	mark := func(opts []diagOption, v string) {
		for i := range opts {
			opts[i].Selected = strings.EqualFold(opts[i].Value, strings.TrimSpace(v))
		}
	}
	f.Ponderations = []diagOption{{access.WeightPlace, "Chaque lieu compte pour 1 (par défaut)", false},
		{access.WeightHours, "Selon les heures d'ouverture par semaine", false}}
	mark(f.Ponderations, cmp.Or(f.Ponderation, access.WeightPlace))
	mark(f.Methodes, cmp.Or(f.Methode, diagnostic.DefaultMethod))
	mark(f.Couts, f.Cout)
	if len(problems) == 0 {
		mark(f.Services, o.Service)
	} else {
		mark(f.Services, f.Service)
	}
	for _, k := range []string{"carte", "tri", "ordre", "impression"} {
		if v := q.Get(k); v != "" {
			f.Keep = append(f.Keep, diagOption{Value: v, Label: k})
		}
	}
	return o, view, f, problems
}

func diagMeasureKeys() string {
	var ks []string
	for _, m := range diagMeasures {
		ks = append(ks, m.key)
	}
	return strings.Join(ks, ", ")
}

func diagSortKeys() string {
	var ks []string
	for _, c := range diagSorts {
		ks = append(ks, c.key)
	}
	return strings.Join(ks, ", ")
}

// diagLinkTo is the page's address with some parameters changed ("" deletes one).
func diagLinkTo(self string, q url.Values, set ...string) string {
	v := url.Values{}
	for _, k := range diagPageParams {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	for i := 0; i+1 < len(set); i += 2 {
		if set[i+1] == "" {
			v.Del(set[i])
		} else {
			v.Set(set[i], set[i+1])
		}
	}
	if len(v) == 0 {
		return self
	}
	return self + "?" + v.Encode()
}

// diagCrumbs are the territories containing t, widest first.
func diagCrumbs(t diagnostic.Territory, ref *territory.Referential) []diagLink {
	crumbs := []diagLink{{Name: "Diagnostic", Href: "/diagnostic"}}
	if t.Kind == diagnostic.KindFrance {
		return crumbs
	}
	crumbs = append(crumbs, diagLink{Name: "France", Href: "/diagnostic/france"})
	region, dept, epci := "", "", ""
	switch t.Kind {
	case diagnostic.KindDepartement:
		if d, ok := ref.DepartementOf(t.Code); ok {
			region = d.Region
		}
	case diagnostic.KindEPCI:
		// The département of most of its people.
		pop := map[string]int{}
		for _, c := range ref.Communes {
			if c.EPCI == t.Code {
				pop[c.Departement] += c.Population + 1
			}
		}
		for d, n := range pop {
			if dept == "" || n > pop[dept] || (n == pop[dept] && d < dept) {
				dept = d
			}
		}
	case diagnostic.KindCommune:
		if c, ok := ref.Commune(t.Code); ok {
			dept, epci = c.Departement, c.EPCI
			if c.EPCI == "" {
				if parent, ok := ref.Commune(territory.ParentOf(c.Code)); ok {
					epci = parent.EPCI
				}
			}
		}
	}
	if dept != "" {
		if d, ok := ref.DepartementOf(dept); ok {
			region = d.Region
		}
	}
	if rg, ok := ref.RegionOf(region); ok {
		crumbs = append(crumbs, diagLink{Name: rg.Nom, Href: SitePath("diagnostic", "region", rg.Code)})
	}
	if d, ok := ref.DepartementOf(dept); ok {
		crumbs = append(crumbs, diagLink{Name: d.Nom, Href: SitePath("diagnostic", "departement", d.Code)})
	}
	if e, ok := ref.EPCIOf(epci); ok {
		crumbs = append(crumbs, diagLink{Name: e.Nom, Href: SitePath("diagnostic", "epci", e.Code)})
	}
	return crumbs
}

// diagGaps fills the gap table: the rows sorted as asked, one page.
func diagGaps(p *diagnosticPage, rep *diagnostic.Report, view diagView, q url.Values, self string) {
	rows := make([]*diagnostic.Row, len(rep.Rows))
	for i := range rep.Rows {
		rows[i] = &rep.Rows[i]
	}
	if view.sort >= 0 {
		c := diagSorts[view.sort].cmp
		slices.SortStableFunc(rows, func(a, b *diagnostic.Row) int {
			if view.desc {
				return c(b, a)
			}
			return c(a, b)
		})
	}
	for i, c := range diagSorts {
		col := diagColumn{Label: c.label, Numeric: c.numeric}
		desc := c.desc
		if i == view.sort {
			col.Sort = "ascending"
			if view.desc {
				col.Sort = "descending"
			}
			desc = !view.desc
		}
		order, words := "croissant", "trier par ordre croissant"
		if desc {
			order, words = "decroissant", "trier par ordre décroissant"
		}
		col.Next = words
		col.Href = diagLinkTo(self, q, "tri", c.key, "ordre", order, "page", "")
		p.Columns = append(p.Columns, col)
	}
	p.PrintMax = diagPrintMax
	pages := max(1, (len(rows)+diagPerPage-1)/diagPerPage)
	page := min(view.page, pages)
	from, to := (page-1)*diagPerPage, min(page*diagPerPage, len(rows))
	if view.all {
		// One page: every row, the print version's up to diagPrintMax.
		pages, page, from, to = 1, 1, 0, len(rows)
		if !p.Document {
			to = min(len(rows), diagPrintMax)
			p.Print = true
			p.PageHref = diagLinkTo(self, q, "impression", "", "page", "")
		}
	} else if pages > 1 && len(rows) <= diagPrintMax && !p.Document {
		p.PrintHref = diagLinkTo(self, q, "impression", "oui", "page", "")
	}
	p.Pager = diagPager{Page: page, Pages: pages, From: from + 1, To: to, Total: len(rows)}
	if page > 1 {
		p.Pager.First = diagLinkTo(self, q, "page", "") + "#ecarts"
		p.Pager.Prev = diagLinkTo(self, q, "page", diagPageParam(page-1)) + "#ecarts"
	}
	if page < pages {
		p.Pager.Next = diagLinkTo(self, q, "page", strconv.Itoa(page+1)) + "#ecarts"
		p.Pager.Last = diagLinkTo(self, q, "page", strconv.Itoa(pages)) + "#ecarts"
	}
	for _, row := range rows[from:to] {
		g := diagGapRow{Name: row.Name, Code: row.Code, Href: SitePath("diagnostic", "commune", row.Code),
			Population: diagPeople(row.Population), AtRisk: diagPeople(row.AtRisk), Fragility: diagFragility(row.Fragility),
			Places: french.Number(row.Places), Access: diagDecimal(row.Accessibility, 2), Unserved: diagPeople(row.UnservedAtRisk),
			Unserved0: row.UnservedAtRisk == 0}
		if math.IsInf(row.DistanceKm, 1) {
			g.Distance = fmt.Sprintf("aucun lieu à moins de %d km", diagnostic.MaxNearestKm)
		} else {
			g.Distance = diagKm(row.DistanceKm, diagnostic.DistanceDigits(*row, rep.Options, 1))
		}
		var flags []string
		if row.InQPV {
			flags = append(flags, "QPV")
		}
		switch {
		case row.Beyond30:
			flags = append(flags, "à plus de 30 min")
		case row.Beyond20:
			flags = append(flags, "à plus de 20 min")
		}
		if !row.Served {
			flags = append(flags, "non desservie")
		}
		if row.NoIndicators {
			flags = append(flags, "sans indicateur : toute la population comptée à risque")
		}
		g.Flags = strings.Join(flags, ", ")
		p.Rows = append(p.Rows, g)
	}
}

// diagFieldLabels are the labels of the page's fields (and names of its
// other parameters, which links set): its errors name them, never the
// parameter (review 9N, minor 3).
var diagFieldLabels = map[string]string{
	"methode": "Méthode d'accessibilité", "cout": "Coût du trajet", "seuil_km": "Seuil en kilomètres",
	"seuil_min": "Seuil en minutes", "service": "Service offert par les lieux", "ponderation": "Poids de chaque lieu",
	"nombre": "Nombre de lieux à ouvrir", "carte": "Valeur représentée sur la carte", "tri": "Tri du tableau des écarts",
	"ordre": "Ordre du tableau des écarts", "page": "Page du tableau des écarts", "impression": "Version à imprimer",
}

// diagField is a parameter of the page as its errors name it: « Seuil en
// kilomètres ».
func diagField(param string) string {
	if l, ok := diagFieldLabels[param]; ok {
		return "« " + l + " »"
	}
	return "« " + param + " »"
}

// diagPageProblem says an error of diagnostic.Options.Normalise in the
// page's words: the field's label first, the value as typed, the costs by
// their labels in the list (OSRM only when a server is configured).
func diagPageProblem(msg string, q url.Values, f *diagForm) string {
	param := strings.ReplaceAll(diagnostic.OptionOfMessage(msg), "-", "_")
	if _, ok := diagFieldLabels[param]; !ok {
		return sentenceEnd(msg)
	}
	_, rest, _ := strings.Cut(msg, " ")
	v := strings.TrimSpace(q.Get(param))
	switch param {
	case "seuil_km", "seuil_min":
		if strings.Contains(rest, " se mesure en ") {
			return diagUnitProblem(param, v, f)
		}
		_, after, _ := strings.Cut(rest, " ") // after the value as Go wrote it
		return sentenceEnd(diagField(param) + " : « " + v + " » " + after)
	case "cout":
		var labels []string
		for _, c := range f.Couts {
			if c.Value != "" {
				labels = append(labels, f.costLabel(c.Value))
			}
		}
		choose := "choisissez " + strings.Join(labels[:len(labels)-1], ", ") + " ou " + labels[len(labels)-1]
		if strings.EqualFold(v, access.NameOSRM) {
			return diagField(param) + " : aucun serveur OSRM n'est configuré sur ce site ; " + choose + "."
		}
		return diagField(param) + " : « " + v + " » est inconnu ; " + choose + "."
	case "ponderation":
		rest = strings.TrimPrefix(rest, ": ")
	}
	return sentenceEnd(diagField(param) + " : " + rest)
}

// diagUnitProblem says that a threshold does not fit the cost asked:
// minutes with the crow-fly cost, kilometres with a cost in minutes.
func diagUnitProblem(param, v string, f *diagForm) string {
	if strings.TrimSpace(f.Cout) == "" {
		return fmt.Sprintf("%s et %s sont remplis tous les deux : remplissez-en un seul (%s mesure alors selon celui-ci), ou choisissez un %s.",
			diagField("seuil_km"), diagField("seuil_min"), f.costLabel(""), strings.ToLower(diagFieldLabels["cout"]))
	}
	if param == "seuil_min" {
		var minutes []string
		for _, c := range f.Couts {
			if c.Value == access.NameDetour || c.Value == access.NameOSRM {
				minutes = append(minutes, f.costLabel(c.Value))
			}
		}
		return fmt.Sprintf("%s « %s » : le coût %s se mesure en kilomètres ; videz ce champ et donnez %s, ou choisissez le coût %s.",
			diagField(param), v, f.costLabel(access.NameCrowFly), diagField("seuil_km"), strings.Join(minutes, " ou "))
	}
	return fmt.Sprintf("%s « %s » : le coût %s se mesure en minutes ; videz ce champ et donnez %s, ou choisissez le coût %s.",
		diagField(param), v, f.costLabel(strings.ToLower(strings.TrimSpace(f.Cout))), diagField("seuil_min"), f.costLabel(access.NameCrowFly))
}

// costLabel is a cost as the list names it: « À vol d'oiseau, en
// kilomètres ».
func (f *diagForm) costLabel(code string) string {
	for _, c := range f.Couts {
		if c.Value == code {
			label, _, _ := strings.Cut(c.Label, " : ")
			return "« " + label + " »"
		}
	}
	return "« " + code + " »"
}

// sentenceEnd ends s with a full stop.
func sentenceEnd(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// diagOptionNames are the options whose name differs between the CLI
// (diagnostic.Options.Normalise's messages name its flags) and the API.
var diagOptionNames = []struct{ flag, param string }{
	{"seuil-km", "seuil_km"},
	{"seuil-min", "seuil_min"},
}

// diagOptionMessage says an error of the options in the words of the API
// (the parameter: seuil_km, not the CLI's seuil-km), with the value as the
// reader wrote it (1e308, not 1e+308). The page says them with
// diagPageProblem.
func diagOptionMessage(msg string, q url.Values) string {
	for _, n := range diagOptionNames {
		if rest, ok := strings.CutPrefix(msg, n.flag+" "); ok {
			val, after, _ := strings.Cut(rest, " ")
			if v := strings.TrimSpace(q.Get(n.param)); v != "" {
				val = v
			}
			msg = n.param + " « " + val + " » " + after
		}
		msg = strings.ReplaceAll(msg, "donnez "+n.flag, "donnez "+n.param)
	}
	return msg
}

// diagKm writes a distance with digits decimals and a space between
// thousands: « 10,0 km », « 10,04 km », « 1 234,5 km ».
func diagKm(v float64, digits int) string {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return s + " km"
	}
	out := french.Number(n)
	if frac != "" {
		out += "," + frac
	}
	return out + "\u00a0km"
}

// diagPageParam is the page parameter of a page number ("" for the first).
func diagPageParam(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

// diagnosticPlaces lists the places of the territory (those the options
// keep: the service asked), with a link to the directory for them all.
func (s *Server) diagnosticPlaces(ctx context.Context, p *diagnosticPage, rep *diagnostic.Report, ref *territory.Referential) {
	t := rep.Territory
	sq := search.Query{Sort: "nom", PerPage: diagPlacesShown, Page: 1, NoFacets: true}
	v := url.Values{}
	switch t.Kind {
	case diagnostic.KindFrance:
	case diagnostic.KindRegion:
		for _, d := range ref.Departements {
			if d.Region == t.Code {
				sq.Departements = append(sq.Departements, d.Code)
				v.Add("departement", d.Code)
			}
		}
	case diagnostic.KindDepartement:
		sq.Departements = []string{t.Code}
		v.Set("departement", t.Code)
	case diagnostic.KindEPCI:
		sq.EPCIs = []string{t.Code}
		v.Set("epci", t.Code)
	case diagnostic.KindCommune:
		// The places the report counts (rep.Places): a place coded with
		// Paris's, Lyon's or Marseille's code counts for the arrondissement
		// it lies in, which the directory's code_insee does not tell.
		v.Set("code_insee", t.Code)
		s.diagnosticCommunePlaces(ctx, p, rep)
		p.PlacesHref = "/recherche?" + v.Encode()
		if o := rep.Options.Service; o != "" {
			p.PlacesFilter = o
			p.PlacesHref += "&" + url.Values{"services": {o}}.Encode()
		}
		return
	}
	if o := rep.Options.Service; o != "" {
		sq.Values = map[string][]string{search.FacetServices: {o}}
		v.Set("services", o)
		p.PlacesFilter = o
	}
	res := s.indexOf(ctx).Search(sq)
	p.PlacesTotal = res.Total
	p.PlacesHref = "/recherche"
	if len(v) > 0 {
		p.PlacesHref += "?" + v.Encode()
	}
	for _, h := range res.Hits {
		p.Places = append(p.Places, diagPlace{Name: h.Lieu.Nom, Href: SitePath("lieux", h.Lieu.ID), Commune: h.Lieu.Commune})
	}
}

// diagnosticCommunePlaces lists the places a commune's report counts, by
// name (those the directory no longer has left out).
func (s *Server) diagnosticCommunePlaces(ctx context.Context, p *diagnosticPage, rep *diagnostic.Report) {
	ix := s.indexOf(ctx)
	var ls []*place.Lieu
	for _, id := range rep.Places {
		if l, ok := ix.Lieu(id); ok {
			ls = append(ls, l)
		}
	}
	slices.SortFunc(ls, func(a, b *place.Lieu) int {
		return cmp.Or(cmp.Compare(territory.Fold(a.Nom), territory.Fold(b.Nom)), cmp.Compare(a.ID, b.ID))
	})
	p.PlacesTotal = len(ls)
	for _, l := range ls[:min(len(ls), diagPlacesShown)] {
		p.Places = append(p.Places, diagPlace{Name: l.Nom, Href: SitePath("lieux", l.ID), Commune: l.Commune})
	}
}

// diagPeople writes a number of people: « 12 400 ».
func diagPeople(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return french.Number(int64(math.Round(v)))
}

// diagFragility writes a fragility with one decimal, always, so that a
// column reads alike (« 117,0 » beside « 114,1 », not « 117 »); « — »
// when unknown.
func diagFragility(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	x := strconv.FormatFloat(v, 'f', 1, 64)
	if x == "-0.0" {
		x = "0.0"
	}
	return strings.Replace(x, ".", ",", 1)
}

// diagDecimal writes v with at most prec decimals and a decimal comma;
// « — » when unknown.
func diagDecimal(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	x := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(x, ".") {
		x = strings.TrimRight(strings.TrimRight(x, "0"), ".")
	}
	if x == "-0" {
		x = "0"
	}
	return strings.Replace(x, ".", ",", 1)
}
