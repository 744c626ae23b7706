package web

import (
	"html/template"
	"strings"

	"maillage/internal/activity"
	"maillage/internal/barchart"
	"maillage/internal/evaluation"
	"maillage/internal/french"
	"maillage/internal/orientation"
	"maillage/internal/store"
)

// The figures of a statistics page (statistiques*.go): the lines of
// evaluation.Stats grouped as the page shows them, each group with its
// bar chart and its table, and the previous period beside. The numbers
// are evaluation's (Compare, Public); this file only lays them out.

// statCell is one figure as shown: its count, its text, and whether a
// public page withholds it (« < 5 » or « masqué ») and why
// (evaluation.ReasonSmall, ReasonSecondary, ReasonBreakdown).
type statCell struct {
	N      int
	Text   string
	Hidden bool
	Reason string
}

// statRow is one line of a group's table.
type statRow struct {
	Indicator       string
	Label           string
	Value, Previous statCell
	Change          string
	Total           bool // a total: in the table, not drawn as a bar
}

// statGroup is one indicator group: a heading, a chart, a table.
type statGroup struct {
	ID, Title, Note string
	Anchor          string // "#" + ID
	Chart           template.HTML
	Rows            []statRow
	// Masked: a public page withholds every figure of the group but its
	// totals (« répartition masquée »).
	Masked bool
}

// statGroupSpec says which lines of Stats.Lines make a group.
type statGroupSpec struct {
	id, title, note string
	totals          []string // whole indicators shown first, not drawn
	cells           []string // prefixes (ending in ":") or whole indicators
	sparse          bool     // a private page leaves out lines at 0 in both periods
	manyPlaces      bool     // not on a place's page
	coordination    bool     // a département's and wider only (not a place's, a structure's, a commune's nor an EPCI's)
}

// statScope is what a page is of: its groups depend on it.
type statScope int

const (
	scopePlace       statScope = iota // one place
	scopeStructure                    // the places of one SIRET
	scopeLocal                        // a commune, an EPCI: no coordination (evaluation.Load)
	scopeDepartement                  // a département: its coordination activities
	scopeTerritory                    // the hub's perimeter
)

// territoryScope is the statScope of a territory's page.
func territoryScope(t store.TerritoryRef) statScope {
	switch t.Kind {
	case "commune", "epci":
		return scopeLocal
	case "departement":
		return scopeDepartement
	}
	return scopeTerritory
}

var statGroupSpecs = []statGroupSpec{
	{id: "accompagnements", title: "Accompagnements", note: "Un atelier collectif compte un accompagnement par participant, comme la Coop de la médiation numérique.",
		totals: []string{"accompagnements"}, cells: []string{"activites_individuelles", "participants_ateliers", "ateliers"}},
	{id: "sources", title: "D'où viennent les chiffres", note: "Les activités saisies ici, importées de la Coop et les agrégats mensuels ne se recouvrent jamais.",
		cells: []string{"source:"}},
	{id: "ages", title: "Public : tranches d'âge", note: "Par accompagnement (chaque participant d'un atelier compte).", cells: []string{"tranche_age:"}},
	{id: "statuts", title: "Public : statut", cells: []string{"statut:"}},
	{id: "genres", title: "Public : genre", cells: []string{"genre:"}},
	{id: "residences", title: "Public : commune de résidence", cells: []string{"commune_residence:"}, sparse: true},
	{id: "thematiques", title: "Thématiques", note: "Un accompagnement compte sous chacune de ses thématiques.", cells: []string{"thematique:"}, sparse: true},
	{id: "durees", title: "Durées des activités", note: "Par activité (séance), hors agrégats mensuels qui n'ont pas de durée.", totals: []string{"duree_minutes"}, cells: []string{"duree:"}},
	{id: "canaux", title: "Canaux (types de lieu)", note: "Par activité (séance).", cells: []string{"canal:"}},
	{id: "materiel", title: "Matériel utilisé", note: "Accompagnements saisis un à un (hors agrégats mensuels) ; un accompagnement compte sous chaque matériel.", cells: []string{"materiel:"}},
	{id: "autonomie", title: "Autonomie des personnes accompagnées", note: "Accompagnements individuels saisis un à un dont l'autonomie a été dite.", cells: []string{"autonomie:"}},
	{id: "etiquettes", title: "Étiquettes", note: "Accompagnements saisis un à un par étiquette (tag) et sa portée ; un accompagnement compte sous chacune de ses étiquettes. Un lien public ne montre que les étiquettes départementales et nationales.",
		cells: []string{"tag:"}, sparse: true},
	{id: "lieux", title: "Lieux", note: "Accompagnements par lieu du registre.", cells: []string{"lieu:", "hors_lieu_du_registre"}, sparse: true, manyPlaces: true},
	{id: "redirections", title: "Réorientations", note: "Accompagnements individuels dont la personne a été réorientée, par catégorie.",
		totals: []string{"reorientes", "reorientes_vers_lieu_du_registre"}, cells: []string{"redirection:"}},
	{id: "orientations", title: "Orientations et leurs suites", note: "Orientations créées sur la période, selon leur état aujourd'hui.", cells: []string{"orientation:"}},
	{id: "coordination", title: "Activités de coordination", note: "Elles concernent un département entier (ou une région, le pays) : elles comptent dans ses statistiques et celles de ce qui le contient, jamais dans une commune ou un EPCI.",
		totals: []string{"coordination_participants", "coordination_animation_participants"}, cells: []string{"coordination:"}, coordination: true},
}

func (g statGroupSpec) has(ind string, list []string) bool {
	for _, c := range list {
		if ind == c || strings.HasSuffix(c, ":") && strings.HasPrefix(ind, c) {
			return true
		}
	}
	return false
}

// statFigures are a page's two periods, indicator by indicator, in the
// order of Stats.Lines.
type statFigures struct {
	order     []string
	cur, prev map[string]statCell
	public    bool
}

// privateFigures are the figures as they are (a signed-in reader's).
func privateFigures(cur, prev evaluation.Stats) statFigures {
	f := statFigures{cur: map[string]statCell{}, prev: map[string]statCell{}}
	for _, c := range evaluation.Compare(cur, prev) {
		f.order = append(f.order, c.Indicator)
		f.cur[c.Indicator] = statCell{N: c.Value, Text: french.Number(c.Value)}
		f.prev[c.Indicator] = statCell{N: c.Previous, Text: french.Number(c.Previous)}
	}
	return f
}

// publicFigures are the figures of a public page: evaluation.Public
// applied to each period alike (every count under 5 shown « < 5 », the
// cells that would give one back by difference « masqué »).
func publicFigures(cur, prev evaluation.Stats) statFigures {
	f := statFigures{cur: map[string]statCell{}, prev: map[string]statCell{}, public: true}
	value := map[string]int{}
	for _, l := range cur.Lines() {
		value[l.Indicator] = l.Value
	}
	for _, l := range cur.PublicFigures() {
		f.order = append(f.order, l.Indicator)
		f.cur[l.Indicator] = publicCell(l, value[l.Indicator])
	}
	pv := map[string]int{}
	for _, l := range prev.Lines() {
		pv[l.Indicator] = l.Value
	}
	for _, l := range prev.PublicFigures() {
		f.prev[l.Indicator] = publicCell(l, pv[l.Indicator])
	}
	return f
}

func publicCell(l evaluation.PublicLine, n int) statCell {
	if l.Hidden {
		return statCell{Text: l.Value, Hidden: true, Reason: l.Reason}
	}
	return statCell{N: n, Text: french.Number(n)}
}

// statNames name the places and communes of the lines (lieu:ID,
// commune_residence:CODE).
type statNames struct {
	place, commune func(string) string
}

// groups lays the figures out; a place's page has no places group, a
// place's, a structure's, a commune's and an EPCI's no coordination.
func (f statFigures) groups(scope statScope, names statNames, period string) []statGroup {
	var out []statGroup
	for _, spec := range statGroupSpecs {
		if spec.manyPlaces && scope == scopePlace || spec.coordination && scope != scopeDepartement && scope != scopeTerritory {
			continue
		}
		g := statGroup{ID: spec.id, Anchor: "#" + spec.id, Title: spec.title, Note: spec.note}
		if spec.coordination && scope == scopeDepartement {
			g.Title = "Activités de coordination du département"
		}
		var bars []barchart.Bar
		add := func(ind string, total bool) {
			cur, ok := f.cur[ind]
			if !ok {
				return
			}
			prev, seen := f.prev[ind]
			if !seen {
				prev = statCell{Text: "0"}
				if f.public {
					// 0, under 5 as any count of nobody.
					prev = statCell{Text: evaluation.Suppressed, Hidden: true, Reason: evaluation.ReasonSmall}
				}
			}
			if spec.sparse && !f.public && !total && cur.N == 0 && prev.N == 0 {
				return
			}
			row := statRow{Indicator: ind, Label: statLabel(ind, names), Value: cur, Previous: prev, Change: "—", Total: total}
			if !cur.Hidden && !prev.Hidden {
				row.Change = evaluation.Comparison{Indicator: ind, Value: cur.N, Previous: prev.N}.ChangeText()
			}
			g.Rows = append(g.Rows, row)
			if !total {
				bars = append(bars, barchart.Bar{Label: row.Label, Value: cur.N, Text: cur.Text, Hidden: cur.Hidden})
			}
		}
		for _, ind := range spec.totals {
			add(ind, true)
		}
		for _, ind := range f.order {
			if spec.has(ind, spec.cells) {
				add(ind, false)
			}
		}
		if f.public {
			// Every figure hidden, not all for being small (then each
			// reads « < 5 » and says so itself).
			all, large := len(bars) > 0, false
			for _, row := range g.Rows {
				if !row.Total {
					all = all && row.Value.Hidden
					large = large || row.Value.Hidden && row.Value.Reason != evaluation.ReasonSmall
				}
			}
			g.Masked = all && large
		}
		g.Chart = barchart.Chart{ID: "graphique-" + spec.id, Title: spec.title + " — " + period, Bars: bars}.SVG()
		out = append(out, g)
	}
	return out
}

// statLabel is the French label of an indicator of Stats.Lines.
func statLabel(ind string, names statNames) string {
	fixed := map[string]string{
		"accompagnements":                     "Accompagnements",
		"activites_individuelles":             "Accompagnements individuels",
		"ateliers":                            "Ateliers collectifs (séances)",
		"participants_ateliers":               "Participants aux ateliers",
		"duree_minutes":                       "Temps passé (minutes)",
		"reorientes":                          "Personnes réorientées",
		"reorientes_vers_lieu_du_registre":    "… dont vers un lieu du registre",
		"coordination_participants":           "Participants aux évènements",
		"coordination_animation_participants": "Participants aux animations (médiateurs, structures, autres acteurs)",
		"hors_lieu_du_registre":               "Hors d'un lieu du registre",
	}
	if l, ok := fixed[ind]; ok {
		return l
	}
	kind, v, _ := strings.Cut(ind, ":")
	var voc activity.Vocabulary
	switch kind {
	case "source":
		voc = activity.Sources
	case "thematique":
		voc = activity.AllThematics
	case "genre":
		voc = activity.Genders
	case "tranche_age":
		voc = activity.AgeBands
	case "statut":
		voc = activity.Statuses
	case "canal":
		voc = activity.PlaceTypes
	case "materiel":
		voc = activity.Equipment
	case "autonomie":
		voc = activity.Autonomy
	case "tag":
		t := evaluation.ParseTagKey(v)
		return t.Name + " (" + strings.ToLower(activity.TagScopes.Label(t.Scope)) + ")"
	case "redirection":
		if v == activity.NonCommunique {
			return "Non communiquée"
		}
		voc = activity.Redirections
	case "coordination":
		voc = activity.CoordinationKinds
	case "duree":
		for _, r := range activity.DurationRanges {
			if r.Key == v {
				return r.Label
			}
		}
	case "orientation":
		return orientation.Status(v).Label()
	case "lieu":
		return names.place(v)
	case "commune_residence":
		if v == activity.NonCommunique {
			return "Non communiquée"
		}
		return names.commune(v)
	}
	if l := voc.Label(v); l != "" {
		return l
	}
	return v
}
