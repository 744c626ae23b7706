package evaluation

import (
	"context"
	"encoding/csv"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"maillage/internal/activity"
	"maillage/internal/audit"
	"maillage/internal/diagnostic"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// Figure is one figure of the annual report, with where it comes from
// and its vintage (the date or period it describes).
type Figure struct {
	Indicator string // stable code, as in Stats.Lines
	Label     string // in French
	Value     int
	// Previous is the previous year's value (HasPrevious false when the
	// figure has none: a stock measured once, a source without history).
	Previous    int
	HasPrevious bool
	Source      string
	Vintage     string
}

// Section is a part of the report.
type Section struct {
	Code    string // reseau, activite, etiquettes, orientations, pass, diagnostic
	Title   string
	Figures []Figure
	// Note says what the section does not hold (absent data, its limits).
	Note string
	// Gaps are the diagnostic's communes without a place (section
	// « diagnostic »), MaxGaps at most; each is also a figure
	// zone_blanche:<INSEE> (its people at risk).
	Gaps []Gap
}

// Report is the annual evaluation report of a hub's perimeter.
type Report struct {
	Territory string // as given (« departement:81 »)
	Name      string // in French (« Tarn »)
	Year      int
	Generated time.Time
	Sections  []Section
}

// ReportSource is what the report reads.
type ReportSource interface {
	Source
	Territories(ctx context.Context) (*territory.Referential, error)
	Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error]
	AuditAll(ctx context.Context) iter.Seq2[*audit.Entry, error]
	Dashboard(ctx context.Context, f store.DashboardFilter) ([]store.DashboardRow, error)
	// CurrentRecords: the sources of the places and when each place was
	// created (the places an import or a harvest created).
	CurrentRecords(ctx context.Context) ([]store.CurrentRecord, error)
	// The diagnostic's reads (its gaps, when no Diagnose is given).
	diagnostic.Store
}

// placeActions are the journal's actions on a place counted as the
// network's changes over the year, with their label.
var placeActions = []struct{ action, indicator, label string }{
	{"lieu.cree", "reseau:lieux_crees", "Lieux créés à la main"},
	{"lieu.modifie", "reseau:lieux_modifies", "Modifications de fiches"},
	{"lieu.confirme", "reseau:lieux_confirmes", "Fiches confirmées à jour"},
	{"lieu.fusionne", "reseau:lieux_fusionnes", "Fusions de doublons"},
	{"lieu.retire", "reseau:lieux_retires", "Lieux retirés"},
}

// inScope reports whether an INSEE commune code is in the scope (no
// referential: départements only, read from the code).
func inScope(sc Scope, ref *territory.Referential, code string) bool {
	if len(sc.Territories) == 0 {
		return true
	}
	c, known := ref.Commune(code)
	if parent := territory.ParentOf(code); parent != "" && (!known || c.EPCI == "") {
		// A municipal arrondissement the referential gives no EPCI
		// (or does not hold) is in its commune's.
		c, known = ref.Commune(parent)
	}
	for _, t := range sc.Territories {
		switch t.Kind {
		case "commune":
			// Paris, Lyon, Marseille hold their arrondissements.
			if code == t.Code || territory.ParentOf(code) == t.Code {
				return true
			}
		case "departement":
			if activity.DepartementOf(code) == t.Code {
				return true
			}
		case "epci":
			if known && c.EPCI == t.Code {
				return true
			}
		case "region":
			if known && c.Region == t.Code {
				return true
			}
		}
	}
	return false
}

// HubPerimeter is the territory of a report of the hub's perimeter (its
// configured territories, given as sc).
const HubPerimeter = "perimetre"

// BuildReport gathers the annual report of sc (a territory: a place has
// none) for the calendar year, as of now; terr is sc as the user wrote it
// (HubPerimeter for the hub's perimeter). diag computes the diagnostic
// whose gaps the report lists (nil: computed here, with its default
// options).
func BuildReport(ctx context.Context, st ReportSource, diag Diagnose, terr string, sc Scope, year int, now time.Time) (Report, error) {
	r := Report{Territory: terr, Name: terr, Year: year, Generated: now}
	ref, err := st.Territories(ctx)
	if err != nil {
		return r, err
	}
	if len(sc.Territories) == 0 {
		r.Name = "France entière"
	} else {
		r.Name = TerritoryNames(ref, sc.Territories)
	}
	if terr == HubPerimeter {
		r.Name = "périmètre du hub : " + r.Name
	}
	p := Year(year)
	y := strconv.Itoa(year)
	today := now.UTC().Format(day)

	// The network: places now, and the journal's changes over the year.
	places := map[string]bool{}
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			return r, err
		}
		if inScope(sc, ref, l.CodeINSEE) {
			places[l.ID] = true
		}
	}
	// The places' sources and creation (their records).
	recs, err := st.CurrentRecords(ctx)
	if err != nil {
		return r, err
	}
	created := map[string]int{}  // a place of the territory: the year it was created
	sources := map[string]bool{} // the sources of the territory's places
	for _, rec := range recs {
		if !places[rec.Place] {
			continue
		}
		created[rec.Place] = rec.PlaceCreated.UTC().Year()
		sources[rec.Source] = true
	}
	counts, prevCounts := map[string]int{}, map[string]int{}
	byHand := map[string]bool{} // places the journal says were created by a person
	for e, err := range st.AuditAll(ctx) {
		if err != nil {
			return r, err
		}
		isImport := e.Kind == "source" && e.Action == "import.termine" && sources[e.ObjectID]
		if !isImport && (e.Kind != "lieu" || !places[e.ObjectID] && e.Action != "lieu.retire") {
			continue
		}
		if e.Action == "lieu.cree" {
			byHand[e.ObjectID] = true
		}
		switch e.At.UTC().Year() {
		case year:
			counts[e.Action]++
		case year - 1:
			prevCounts[e.Action]++
		}
	}
	for id, y := range created {
		if byHand[id] {
			continue
		}
		switch y {
		case year:
			counts["lieu.importe"]++
		case year - 1:
			prevCounts["lieu.importe"]++
		}
	}
	network := Section{Code: "reseau", Title: "Le réseau des lieux",
		Note: "Les changements comptent les entrées du journal d'audit des lieux aujourd'hui dans le territoire (un lieu retiré compte où qu'il fût). " +
			"Les lieux créés par un import ou une moisson sont ceux du territoire apparus dans l'année par une source (sans création à la main au journal) ; " +
			"les imports et moissons sont ceux, terminés dans l'année, des sources de ces lieux. Les mises à jour des sources moissonnées ne sont pas comptées une à une."}
	network.Figures = append(network.Figures, Figure{Indicator: "reseau:lieux", Label: "Lieux du registre dans le territoire", Value: len(places),
		Source: "Registre maillage", Vintage: "au " + today})
	network.Figures = append(network.Figures,
		Figure{Indicator: "reseau:lieux_importes", Label: "Lieux créés par un import ou une moisson", Value: counts["lieu.importe"], Previous: prevCounts["lieu.importe"], HasPrevious: true,
			Source: "Registre maillage (création des lieux) et journal d'audit", Vintage: y},
		Figure{Indicator: "reseau:imports", Label: "Imports et moissons des sources de ces lieux", Value: counts["import.termine"], Previous: prevCounts["import.termine"], HasPrevious: true,
			Source: "Journal d'audit de maillage", Vintage: y})
	for _, a := range placeActions {
		network.Figures = append(network.Figures, Figure{Indicator: a.indicator, Label: a.label, Value: counts[a.action], Previous: prevCounts[a.action], HasPrevious: true,
			Source: "Journal d'audit de maillage", Vintage: y})
	}
	r.Sections = append(r.Sections, network)

	// The activity and the orientations.
	cur, prev, err := Load(ctx, st, sc, p)
	if err != nil {
		return r, err
	}
	prevLines := map[string]int{}
	for _, l := range prev.Lines() {
		prevLines[l.Indicator] = l.Value
	}
	act := Section{Code: "activite", Title: "L'activité de médiation numérique",
		Note: "Un atelier collectif compte un accompagnement par participant, comme la Coop de la médiation numérique. Les activités saisies dans maillage, importées de la Coop (une par « ID CRA ») et les agrégats mensuels ne se recouvrent jamais."}
	tags := Section{Code: "etiquettes", Title: "Étiquettes",
		Note: "Matériel, autonomie et étiquettes des activités enregistrées une à une (pas des agrégats mensuels) : un accompagnement compte sous chacun de ses matériels et de ses étiquettes ; l'autonomie ne concerne que les accompagnements individuels. Seules les étiquettes départementales et nationales figurent ici : une étiquette personnelle ou d'équipe est le mot d'un médiateur ou d'une équipe."}
	orient := Section{Code: "orientations", Title: "Les orientations",
		Note: "Orientations envoyées dans l'année vers les lieux du territoire, selon leur statut d'aujourd'hui."}
	// The year is the figure's vintage, written beside its source.
	coopVintage, oneByOne := "saisies et agrégats", "saisies une à une"
	if cur.Sources[activity.SourceImportCoop] > 0 {
		coopVintage += " ; import de la Coop"
		oneByOne += " ; import de la Coop"
	}
	for _, l := range cur.Lines() {
		label, ok := lineLabel(l.Indicator)
		if !ok {
			continue
		}
		f := Figure{Indicator: l.Indicator, Label: label, Value: l.Value, Previous: prevLines[l.Indicator], HasPrevious: true, Vintage: y}
		switch {
		case strings.HasPrefix(l.Indicator, "materiel:"), strings.HasPrefix(l.Indicator, "autonomie:"), strings.HasPrefix(l.Indicator, "tag:"):
			f.Source = "Comptes rendus d'activité (" + oneByOne + ")"
			tags.Figures = append(tags.Figures, f)
		case strings.HasPrefix(l.Indicator, "orientation:"):
			f.Source = "Orientations de maillage"
			orient.Figures = append(orient.Figures, f)
		case strings.HasPrefix(l.Indicator, "coordination"):
			f.Source = "Activités de coordination saisies dans maillage"
			act.Figures = append(act.Figures, f)
		default:
			f.Source = "Comptes rendus d'activité (" + coopVintage + ")"
			act.Figures = append(act.Figures, f)
		}
	}
	r.Sections = append(r.Sections, act, tags, orient)

	// The Pass numérique, when there is one.
	rows, err := st.Dashboard(ctx, store.DashboardFilter{By: store.ByTerritory})
	if err != nil {
		return r, err
	}
	pass := Section{Code: "pass", Title: "Le Pass numérique",
		Note: "Cumul depuis la première commande : le tableau de bord du Pass numérique n'est pas découpé par année."}
	var issued, injected, used int
	var cents int64
	for _, row := range rows {
		if len(sc.Territories) > 0 && !deptInScope(sc, ref, row.Key) {
			continue
		}
		issued += row.Issued
		injected += row.Injected
		used += row.Used
		cents += row.UsedCents
	}
	if issued+injected+used == 0 {
		pass.Note = "Aucun Pass numérique dans le territoire."
	} else {
		for _, f := range []Figure{
			{Indicator: "pass:emis", Label: "Pass émis (utilisés dans le territoire)", Value: issued},
			{Indicator: "pass:remis", Label: "Pass remis à des bénéficiaires", Value: injected},
			{Indicator: "pass:utilises", Label: "Pass utilisés", Value: used},
			{Indicator: "pass:rembourse_euros", Label: "Montant des pass utilisés (euros, arrondi)", Value: int((cents + 50) / 100)},
		} {
			f.Source, f.Vintage = "Pass numérique de maillage", "au "+today
			pass.Figures = append(pass.Figures, f)
		}
	}
	r.Sections = append(r.Sections, pass)
	gaps, err := gapsSection(ctx, st, diag, ref, sc, today)
	if err != nil {
		return r, err
	}
	r.Sections = append(r.Sections, gaps)
	return r, nil
}

// deptInScope: a Pass dashboard row's département in the scope (a
// commune or EPCI scope keeps the départements it touches).
func deptInScope(sc Scope, ref *territory.Referential, dept string) bool {
	for _, t := range sc.Territories {
		switch t.Kind {
		case "departement":
			if t.Code == dept {
				return true
			}
		case "commune":
			if activity.DepartementOf(t.Code) == dept {
				return true
			}
		default:
			if ref.Empty() {
				continue
			}
			for _, c := range ref.Communes {
				if c.Departement == dept && (t.Kind == "epci" && c.EPCI == t.Code || t.Kind == "region" && c.Region == t.Code) {
					return true
				}
			}
		}
	}
	return false
}

// TerritoryNames names territories as the forms do (« Tarn (81) », an
// EPCI's name, « Albi (81004) »), joined by commas; a territory the
// referential does not know is named by its kind and code.
func TerritoryNames(ref *territory.Referential, ts []store.TerritoryRef) string {
	var names []string
	for _, t := range ts {
		names = append(names, territoryName(ref, t))
	}
	return strings.Join(names, ", ")
}

func territoryName(ref *territory.Referential, t store.TerritoryRef) string {
	switch t.Kind {
	case "commune":
		if c, ok := ref.Commune(t.Code); ok && c.Nom != "" {
			return c.Nom + " (" + t.Code + ")"
		}
		return "commune " + t.Code
	case "departement":
		if d, ok := ref.DepartementOf(t.Code); ok && d.Nom != "" {
			return d.Nom + " (" + t.Code + ")"
		}
		return "département " + t.Code
	case "epci":
		if e, ok := ref.EPCIOf(t.Code); ok && e.Nom != "" {
			return e.Nom
		}
		return "EPCI " + t.Code
	case "region":
		if g, ok := ref.RegionOf(t.Code); ok && g.Nom != "" {
			return "région " + g.Nom
		}
		return "région " + t.Code
	}
	return t.Kind + " " + t.Code
}

// lineLabel is the French label of an indicator of Stats.Lines, and
// false for those the report leaves out (per place and per commune of
// residence: the report stays aggregate; personal and team tags).
func lineLabel(ind string) (string, bool) {
	fixed := map[string]string{
		"accompagnements":                     "Accompagnements (un par participant d'atelier)",
		"activites_individuelles":             "Accompagnements individuels",
		"ateliers":                            "Ateliers collectifs",
		"participants_ateliers":               "Participants aux ateliers",
		"duree_minutes":                       "Durée des activités (minutes)",
		"reorientes":                          "Personnes réorientées",
		"reorientes_vers_lieu_du_registre":    "… vers un lieu du registre",
		"coordination_participants":           "Participants aux évènements de coordination",
		"coordination_animation_participants": "Participants aux animations de coordination (médiateurs, structures, autres acteurs)",
	}
	if l, ok := fixed[ind]; ok {
		return l, true
	}
	kind, v, ok := strings.Cut(ind, ":")
	if !ok {
		return "", false
	}
	var voc activity.Vocabulary
	prefix := ""
	switch kind {
	case "source":
		voc, prefix = activity.Sources, "Source : "
	case "thematique":
		voc, prefix = activity.AllThematics, "Thématique : "
	case "genre":
		voc, prefix = activity.Genders, "Genre : "
	case "tranche_age":
		voc, prefix = activity.AgeBands, "Âge : "
	case "statut":
		voc, prefix = activity.Statuses, "Statut : "
	case "canal":
		voc, prefix = activity.PlaceTypes, "Canal : "
	case "redirection":
		if v == activity.NonCommunique {
			return "Redirection : non communiquée", true
		}
		voc, prefix = activity.Redirections, "Redirection : "
	case "coordination":
		voc, prefix = activity.CoordinationKinds, "Coordination : "
	case "materiel":
		voc, prefix = activity.Equipment, "Matériel : "
	case "autonomie":
		voc, prefix = activity.Autonomy, "Autonomie : "
	case "tag":
		t := ParseTagKey(v)
		if t.Scope != "departemental" && t.Scope != "national" {
			return "", false // one médiateur's or one team's words
		}
		return "Étiquette : " + t.Name + " (" + strings.ToLower(activity.TagScopes.Label(t.Scope)) + ")", true
	case "duree":
		for _, r := range activity.DurationRanges {
			if r.Key == v {
				return "Durée : " + r.Label, true
			}
		}
		return "", false
	case "orientation":
		if l, ok := orientationLabels[orientation.Status(v)]; ok {
			return l, true
		}
		return "Orientations : " + orientation.Status(v).Label(), true
	default:
		return "", false
	}
	if l := voc.Label(v); l != "" {
		return prefix + l, true
	}
	return prefix + v, true
}

// orientationLabels name the orientations of each status (their status
// today), in the plural.
var orientationLabels = map[orientation.Status]string{
	orientation.Envoyee:    "Orientations envoyées, sans réponse du lieu",
	orientation.Recue:      "Orientations reçues par le lieu, sans suite connue",
	orientation.Venue:      "Orientations où la personne est venue",
	orientation.Reorientee: "Orientations réorientées vers un autre lieu",
	orientation.Impossible: "Orientations impossibles",
	orientation.Expiree:    "Orientations expirées sans réponse",
}

// CSVHeader is the report's CSV columns.
var CSVHeader = []string{"section", "indicateur", "libelle", "valeur", "annee_precedente", "source", "millesime"}

// WriteCSV writes the report as CSV (a previous value is empty when the
// figure has none; a cell that would start a formula is neutralised: the
// names come from imported files).
func (r Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for _, s := range r.Sections {
		for _, f := range s.Figures {
			prev := ""
			if f.HasPrevious {
				prev = strconv.Itoa(f.Previous)
			}
			cw.Write(standard.SpreadsheetRow([]string{s.Code, f.Indicator, f.Label, strconv.Itoa(f.Value), prev, f.Source, f.Vintage}))
		}
	}
	cw.Flush()
	return cw.Error()
}
