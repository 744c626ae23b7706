package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/evaluation"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// The statistics pages (issue 11 §3): what the network did over a period
// for a place, a structure (the places of one SIRET), a commune, an EPCI,
// a département or the hub's whole perimeter, with the previous period
// beside (evaluation.Period.Previous). evaluation.Load computes; these handlers check
// who reads what and lay the figures out (statistiques_figures.go).
//
// Who reads what: a place's figures, the accounts acting for it (an
// approved claim), the coordinators whose territory holds it and the
// administrators; a structure's, whoever reads every one of its places; a
// territory's, the administrators and the coordinators whose territory
// holds it (a coordinator of the Tarn does not read the Aveyron's); the
// hub's perimeter, the administrators and the coordinators who read each
// of its territories (coversPerimeter).

type statsPage struct {
	pageMeta
	Scope            string // what the figures are of, in words
	Action           string // the period form's action
	From, To         string // the form's values (YYYY-MM-DD)
	Period, Previous string // the periods in words
	Default          bool   // the period is the default one
	Error            string // why the period asked for is refused (no figures then)
	Groups           []statGroup
	Public           bool
	Share            *shareForm // a territory's public links (nil elsewhere)
	Structure        *statsLink // a place's structure, when its reader reads it
	// NoCommune: a territory's page (or the perimeter's), the period's
	// activities without a commune (at a distance): they count in no
	// territory, so in none of these figures — said in words.
	NoCommune string
}

// statsOf is what a page's figures are of: an evaluation.Scope, or the
// places of a structure.
type statsOf struct {
	evaluation.Scope
	Places []string
}

// shareForm is the public links' part of a territory's page.
type shareForm struct {
	Action string
	Rules  []struct{ Value, Label string }
	Fixed  string
	Shares []shareView
}

// statsPeriod reads du and au (YYYY-MM-DD, both or neither); neither is
// the last 12 full months before today (Europe/Paris).
func statsPeriod(r *http.Request, today time.Time) (p evaluation.Period, isDefault bool, err error) {
	q := r.URL.Query()
	from, to := strings.TrimSpace(q.Get("du")), strings.TrimSpace(q.Get("au"))
	if from == "" && to == "" {
		return evaluation.LastTwelveMonths(today), true, nil
	}
	if from == "" || to == "" {
		return p, false, failure.Errorf(failure.Invalid, "Période incomplète : indiquez la date de début (du) et la date de fin (au), au format AAAA-MM-JJ.")
	}
	p, err = evaluation.ParsePeriod(from, to)
	if err != nil {
		return p, false, failure.Errorf(failure.Invalid, "Période illisible : %s.", err.Error())
	}
	if p.Days() > maxStatsDays {
		return p, false, failure.Errorf(failure.Invalid, "Période du %s au %s : au plus 10 ans à la fois.", from, to)
	}
	return p, false, nil
}

// maxStatsDays bounds a period (and so the rows a page reads).
const maxStatsDays = 3660

// periodText writes a period in words.
func periodText(p evaluation.Period) string {
	return "du " + dayText(p.From) + " au " + dayText(p.To)
}

// renderStats loads the figures of sc and renders them; more fills
// what a page adds (nil: nothing).
func (s *Server) renderStats(w http.ResponseWriter, r *http.Request, sc statsOf, scopeText, action string, scope statScope, more func(*statsPage) error) {
	p, isDefault, err := statsPeriod(r, s.cfg.Now().In(parisTZ()))
	if fe := (*failure.Error)(nil); errors.As(err, &fe) && fe.Code == failure.Invalid {
		// The page again with its form and the reason, to fix the period
		// where it was typed (review 11N2 minor 10), not a bare error page.
		q := r.URL.Query()
		s.render(w, r, http.StatusBadRequest, "statistiques.html", statsPage{
			pageMeta: pageMeta{Title: "Statistiques : " + scopeText, Nav: "espace"}, Scope: scopeText, Action: action,
			From: strings.TrimSpace(q.Get("du")), To: strings.TrimSpace(q.Get("au")), Error: fe.Message})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var cur, prev evaluation.Stats
	if scope == scopeStructure {
		cur, prev, err = evaluation.LoadPlaces(r.Context(), s.store, sc.Places, p)
	} else {
		cur, prev, err = evaluation.Load(r.Context(), s.store, sc.Scope, p)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := statsPage{pageMeta: pageMeta{Title: "Statistiques : " + scopeText, Nav: "espace"}, Scope: scopeText, Action: action,
		From: p.From, To: p.To, Period: periodText(p), Previous: periodText(prev.Period), Default: isDefault}
	page.Groups = privateFigures(cur, prev).groups(scope, s.statNames(r.Context(), false), page.Period)
	if scope != scopeStructure && sc.Lieu == "" && len(sc.Territories) > 0 {
		n, err := s.store.CountActivities(r.Context(), store.ActivityFilter{From: p.From, To: p.To, NoCommune: true})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.NoCommune = noCommuneText(n)
	}
	if more != nil {
		if err := more(&page); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "statistiques.html", page)
}

// noCommuneText says how many activities of a period count in no
// territory ("" for none).
func noCommuneText(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "Sur tout le site, pour cette période, 1 activité sans commune ne compte dans aucun territoire : saisie à distance sans commune, elle n'est dans les chiffres d'aucune commune, d'aucun EPCI ni d'aucun département."
	}
	return "Sur tout le site, pour cette période, " + french.Number(n) + " activités sans commune ne comptent dans aucun territoire : saisies à distance sans commune, elles ne sont dans les chiffres d'aucune commune, d'aucun EPCI ni d'aucun département."
}

// statNames names places as the directory does, communes by the
// referential; a place no longer published is named without its id on a
// public page.
func (s *Server) statNames(ctx context.Context, public bool) statNames {
	idx := s.indexOf(ctx)
	ref := idx.Referential()
	return statNames{
		place: func(id string) string {
			if l, ok := idx.Lieu(id); ok {
				return l.Nom + " (" + l.Commune + ")"
			}
			if public {
				return "Lieu retiré du registre"
			}
			return "Lieu retiré du registre (" + id + ")"
		},
		commune: func(code string) string { return communeText(ref, code) },
	}
}

// territoryName names a territory of the statistics, and false when the
// referential does not know it.
func territoryName(ref *territory.Referential, t store.TerritoryRef) (string, bool) {
	switch t.Kind {
	case "commune":
		if c, ok := ref.Commune(t.Code); ok {
			return c.Nom + " (" + c.Code + ")", true
		}
	case "epci":
		if e, ok := ref.EPCIOf(t.Code); ok {
			return e.Nom, true
		}
	case "departement":
		if d, ok := ref.DepartementOf(t.Code); ok {
			return d.Nom + " (" + d.Code + ")", true
		}
	}
	return "", false
}

// coversTerritory says whether u reads the statistics of t (the annual
// report's rule too, mayReport): an administrator any; a coordinator
// those inside one of its territories (a commune of its département or
// EPCI, an EPCI it coordinates or whose communes all lie in its
// départements, its départements).
func coversTerritory(u *account.User, ref *territory.Referential, t store.TerritoryRef) bool {
	if u == nil {
		return false
	}
	if u.Role == account.Administrateur {
		return true
	}
	if u.Role != account.Coordinateur {
		return false
	}
	has := func(kind, code string) bool {
		for _, x := range u.Territories {
			if x.Kind == kind && x.Code == code {
				return true
			}
		}
		return false
	}
	switch t.Kind {
	case "commune":
		c, ok := ref.Commune(t.Code)
		epci := ref.CommuneEPCI(t.Code)
		return ok && (has("departement", c.Departement) || epci != "" && has("epci", epci))
	case "epci":
		if has("epci", t.Code) {
			return true
		}
		n := 0
		for _, c := range ref.Communes {
			if c.EPCI == t.Code {
				if !has("departement", c.Departement) {
					return false
				}
				n++
			}
		}
		return n > 0
	case "departement":
		return has("departement", t.Code)
	}
	return false
}

// statistiquesTerritoire is the page of a commune, an EPCI or a département.
func (s *Server) statistiquesTerritoire(w http.ResponseWriter, r *http.Request) {
	t := store.TerritoryRef{Kind: r.PathValue("type"), Code: strings.ToUpper(r.PathValue("code"))}
	ref := s.indexOf(r.Context()).Referential()
	name, ok := territoryName(ref, t)
	if !ok {
		s.notFound(w, r)
		return
	}
	if !coversTerritory(currentUser(r), ref, t) {
		s.fail(w, r, failure.Errorf(failure.Forbidden, "Les statistiques de %s sont celles des coordinateurs de ce territoire et des administrateurs.", name))
		return
	}
	s.renderStats(w, r, statsOf{Scope: evaluation.Scope{Territories: []store.TerritoryRef{t}}}, name, SitePath("statistiques", t.Kind, t.Code), territoryScope(t), func(p *statsPage) error {
		var err error
		p.Share = &shareForm{Action: SitePath("statistiques", t.Kind, t.Code, "partages"), Rules: store.ShareRules, Fixed: store.ShareFixed}
		p.Share.Shares, err = s.territoryShares(r, t)
		if r.URL.Query().Get("message") == "partage-revoque" {
			p.Flash = "Lien public révoqué : il affiche désormais une page « lien révoqué »."
		}
		return err
	})
}

// coversPerimeter says whether u reads the statistics of the hub's whole
// perimeter: an administrator, or a coordinator who reads every one of
// its territories (coversTerritory). A coordinator of one of its two
// départements does not: the perimeter less its own would be the other's
// figures, which it may not read. Everywhere (no perimeter configured)
// is the administrators'.
func (s *Server) coversPerimeter(ctx context.Context, u *account.User) bool {
	if u != nil && u.Role == account.Administrateur {
		return true
	}
	if len(s.cfg.HubPerimetre) == 0 {
		return false
	}
	ref := s.indexOf(ctx).Referential()
	for _, t := range s.cfg.HubPerimetre {
		if !coversTerritory(u, ref, t) {
			return false
		}
	}
	return true
}

// errPerimeter is the refusal of the perimeter's statistics.
var errPerimeter = failure.Errorf(failure.Forbidden, "Les statistiques du périmètre entier du hub sont celles des administrateurs et des coordinateurs de chacun de ses territoires : elles donneraient par différence celles d'un territoire qui n'est pas le vôtre.")

// statistiquesPerimetre is the page of the hub's whole perimeter (its
// configured territories; everywhere when none is).
func (s *Server) statistiquesPerimetre(w http.ResponseWriter, r *http.Request) {
	if !s.coversPerimeter(r.Context(), currentUser(r)) {
		s.fail(w, r, errPerimeter)
		return
	}
	name := "le périmètre du hub (" + s.cfg.Hub.Territoire + ")"
	scope := scopeTerritory
	if len(s.cfg.HubPerimetre) > 0 {
		scope = scopeLocal // communes and EPCI only: no coordination
		for _, t := range s.cfg.HubPerimetre {
			if t.Kind == "departement" || t.Kind == "region" {
				scope = scopeTerritory
			}
		}
	}
	s.renderStats(w, r, statsOf{Scope: evaluation.Scope{Territories: s.cfg.HubPerimetre}}, name, "/statistiques/perimetre", scope, nil)
}

// mayReadPlaceStats: the accounts acting for the place, the coordinators
// whose territory holds it, the administrators.
func (s *Server) mayReadPlaceStats(ctx context.Context, u *account.User, l *place.Lieu) bool {
	if u == nil {
		return false
	}
	if u.Covers(l, s.scope(ctx, l).EPCI) {
		return true
	}
	for _, c := range s.lieuxActedFor(ctx, u) {
		if c.ID == l.ID {
			return true
		}
	}
	return false
}

// lieuStatistiques is a place's page.
func (s *Server) lieuStatistiques(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	if !s.mayReadPlaceStats(r.Context(), currentUser(r), l) {
		s.fail(w, r, failure.Errorf(failure.Forbidden, "Les statistiques d'un lieu sont celles de la structure qui le gère (revendiqué depuis sa page), des coordinateurs de son territoire et des administrateurs."))
		return
	}
	s.renderStats(w, r, statsOf{Scope: evaluation.Scope{Lieu: l.ID}}, l.Nom+" ("+l.Commune+")", SitePath("lieux", l.ID, "statistiques"), scopePlace, func(p *statsPage) error {
		if siret, n := s.structureOf(r.Context(), currentUser(r), l); n > 1 {
			p.Structure = &statsLink{Label: fmt.Sprintf("Toute la structure (SIRET %s, %s)", siret, french.Count(n, "lieu", "lieux")), URL: SitePath("statistiques", "structure", siret)}
		}
		return nil
	})
}

// structurePlaces are the published places whose pivot is siret (14
// digits; none for anything else).
func (s *Server) structurePlaces(ctx context.Context, siret string) []*place.Lieu {
	if place.PivotKindOf(siret) != place.PivotSIRET {
		return nil
	}
	var out []*place.Lieu
	s.indexOf(ctx).Each(func(l *place.Lieu) {
		if l.Pivot == siret {
			out = append(out, l)
		}
	})
	return out
}

// structureOf is the SIRET of l and how many places it has, when u reads
// the statistics of every one of them (0 otherwise).
func (s *Server) structureOf(ctx context.Context, u *account.User, l *place.Lieu) (string, int) {
	ls := s.structurePlaces(ctx, l.Pivot)
	for _, x := range ls {
		if !s.mayReadPlaceStats(ctx, u, x) {
			return "", 0
		}
	}
	return l.Pivot, len(ls)
}

// structureName names a structure by its places: the first structure_parente
// one of them gives, else the first place's name (review 11N2 minor 7: a
// SIRET alone says nothing to its reader).
func structureName(ls []*place.Lieu) string {
	for _, l := range ls {
		if n := strings.TrimSpace(l.StructureParente); n != "" {
			return n
		}
	}
	return ls[0].Nom
}

// statistiquesStructure is the page of a structure: the places of one
// SIRET (the standard's pivot), for whoever reads every one of them.
func (s *Server) statistiquesStructure(w http.ResponseWriter, r *http.Request) {
	siret := r.PathValue("siret")
	ls := s.structurePlaces(r.Context(), siret)
	if len(ls) == 0 {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	var ids []string
	for _, l := range ls {
		if !s.mayReadPlaceStats(r.Context(), u, l) {
			s.fail(w, r, failure.Errorf(failure.Forbidden, "Les statistiques d'une structure sont celles de qui lit celles de chacun de ses lieux (%s) : la structure qui les gère, les coordinateurs de leur territoire, les administrateurs.", french.Count(len(ls), "lieu", "lieux")))
			return
		}
		ids = append(ids, l.ID)
	}
	name := fmt.Sprintf("la structure « %s » (SIRET %s, %s)", structureName(ls), siret, french.Count(len(ls), "lieu", "lieux"))
	s.renderStats(w, r, statsOf{Places: ids}, name, SitePath("statistiques", "structure", siret), scopeStructure, nil)
}
