// Package activity holds what the network does: activity reports
// (comptes rendus d'activité) of individual accompaniments and collective
// workshops, monthly aggregates per place, and the hub's coordination
// activities, with the vocabularies of the Coop de la médiation numérique
// verbatim (vocab.go), and the rules of each (Validate). No beneficiary
// identity has a field here: a public is only counts, and every free text
// where one could be named is refused when it holds personal data
// (internal/personaldata).
package activity

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"maillage/internal/personaldata"
)

// Bounds of the entries.
const (
	MaxDuration     = 23*60 + 59 // minutes: the Coop's « Personnaliser » goes to 23 h 59
	MaxParticipants = 10000      // per workshop (the Coop's bound of every count)
	MaxText         = 200        // title, démarche, tag, « autre » texts (characters)
	MaxNotes        = 5000       // characters
	MaxTags         = 20
	MinYear         = 2020 // the conseillers numériques' first CRAs
)

// Tag is a label an activity carries, with its scope (TagScopes), such as
// a local pass or « Café IA » (national).
type Tag struct {
	Scope string
	Name  string
}

// Public is an anonymous count of people: a total, and the same total
// broken down by gender, age band and social status (API values of
// Genders, AgeBands, Statuses). Normalize puts what a breakdown does not
// say under non_communique, so that each adds up to Total.
type Public struct {
	Total         int
	AlreadyHelped int // dejaAccompagne: already accompanied before
	Genders       map[string]int
	AgeBands      map[string]int
	Statuses      map[string]int
}

// Activity is one activity report: an individual accompaniment or a
// collective workshop.
type Activity struct {
	ID        int64
	Kind      string // Individuel or Collectif
	Date      string // YYYY-MM-DD
	Duration  int    // minutes
	PlaceType string // PlaceTypes
	// LieuID is the registry place where it happened (PlaceType
	// lieu_activite only).
	LieuID string
	// PlaceName is the place's name as a Coop export gives it (imports
	// only: kept when no registry place of that name is in its commune).
	PlaceName string
	// Commune is the INSEE code of where it happened: required at home or
	// elsewhere, optional at a distance; for a registry place the store
	// writes the place's commune. Departement is the store's, from it.
	Commune     string
	Departement string
	Thematics   []string // AllThematics values; administrative ones only with AideDemarches
	Demarche    string   // « Nom de la démarche administrative » (only with AideDemarches)
	Equipment   []string
	Tags        []Tag
	Notes       string // see NotesWarning

	// Individual accompaniment only.
	Autonomy string // Autonomy value, or ""
	// Oriented: the person was sent elsewhere (orienteVersStructure);
	// Redirection is the category (Redirections, or ""), RedirectionLieu
	// the registry place when they were sent to one, Orientation the
	// orientation (issue 11 §1) when one was made (0: none).
	Oriented        bool
	Redirection     string
	RedirectionLieu string
	Orientation     int64

	// Collective workshop only.
	Title string
	Level string // Levels value, or ""

	// Public: the participants (an individual accompaniment has one).
	Public Public
	// Residences counts participants by commune of residence (INSEE code);
	// optional, at most Public.Total in all.
	Residences map[string]int

	// PassRedemption is the Pass numérique redemption that paid the
	// session (0: none): an individual accompaniment entered here, at the
	// registry place where the pass was redeemed, on the redemption's day
	// (the store checks both); a redemption pays at most one activity.
	// The link lives on this side: the Pass ledger is append-only.
	PassRedemption int64

	// Where the row comes from: SourceSaisie or SourceImportCoop (with the
	// import's run, its file's base name and the Coop's « ID CRA »).
	Source     string
	ImportID   int64
	SourceFile string
	CoopID     string

	Account          int64 // who recorded it (0: imported by the command line)
	Created, Updated time.Time
}

// Accompaniments is how many accompaniments the activity counts for: a
// workshop counts one per participant, as the Coop counts.
func (a Activity) Accompaniments() int {
	if a.Kind == Collectif {
		return a.Public.Total
	}
	return 1
}

var (
	dateRE        = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	monthRE       = regexp.MustCompile(`^\d{4}-\d{2}$`)
	communeRE     = regexp.MustCompile(`^(\d{5}|2[AB]\d{3})$`)
	departementRE = regexp.MustCompile(`^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-8]|98[4-9])$`)
)

// ValidCommune reports whether s is written as an INSEE commune code.
func ValidCommune(s string) bool { return communeRE.MatchString(s) }

// DepartementOf returns the département of an INSEE commune code (97x and
// 98x overseas on 3 characters).
func DepartementOf(commune string) string {
	if len(commune) < 3 {
		return ""
	}
	if strings.HasPrefix(commune, "97") || strings.HasPrefix(commune, "98") {
		return commune[:3]
	}
	return commune[:2]
}

// Normalize trims texts, drops empty tags and list duplicates, and puts
// under non_communique what each breakdown of the public does not say (an
// individual accompaniment has a public of one).
func (a *Activity) Normalize() {
	a.Kind = strings.TrimSpace(a.Kind)
	a.Date = strings.TrimSpace(a.Date)
	a.PlaceType = strings.TrimSpace(a.PlaceType)
	a.LieuID = strings.TrimSpace(a.LieuID)
	a.Commune = strings.ToUpper(strings.TrimSpace(a.Commune))
	a.Demarche = strings.TrimSpace(a.Demarche)
	a.Notes = strings.TrimSpace(a.Notes)
	a.Title = strings.TrimSpace(a.Title)
	a.PlaceName = strings.TrimSpace(a.PlaceName)
	a.RedirectionLieu = strings.TrimSpace(a.RedirectionLieu)
	a.Thematics = dedupe(a.Thematics)
	a.Equipment = dedupe(a.Equipment)
	var tags []Tag
	seen := map[Tag]bool{}
	for _, t := range a.Tags {
		t.Name, t.Scope = strings.TrimSpace(t.Name), strings.TrimSpace(t.Scope)
		if t.Name == "" || seen[t] {
			continue
		}
		seen[t] = true
		tags = append(tags, t)
	}
	a.Tags = tags
	if a.Kind == Individuel && a.Public.Total == 0 {
		a.Public.Total = 1
	}
	a.Public.Normalize()
	if len(a.Residences) == 0 {
		a.Residences = nil
	} else {
		a.Residences = copyCounts(a.Residences)
	}
	if a.Source == "" {
		a.Source = SourceSaisie
	}
}

// Normalize completes each breakdown with non_communique up to Total
// (when it says less) and drops zero counts.
func (p *Public) Normalize() {
	for _, m := range []*map[string]int{&p.Genders, &p.AgeBands, &p.Statuses} {
		*m = copyCounts(*m) // never the caller's map
		sum := 0
		for k, n := range *m {
			if n == 0 {
				delete(*m, k)
				continue
			}
			sum += n
		}
		if sum < p.Total {
			(*m)[NonCommunique] += p.Total - sum
		}
	}
}

func copyCounts(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, n := range m {
		out[k] = n
	}
	return out
}

func dedupe(vs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		v = strings.TrimSpace(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

// Validate checks an activity (normalized first) against the Coop's rules
// and ours; today (YYYY-MM-DD, "" to skip) bounds the date.
func (a *Activity) Validate(today string) Problems {
	var ps Problems
	if !Kinds.Has(a.Kind) {
		ps.add("type", a.Kind, "type-inconnu", "le type d'activité est « individuel » (Accompagnement individuel) ou « collectif » (Atelier collectif)")
	}
	checkDate(&ps, "date", a.Date, today)
	if a.Duration < 1 || a.Duration > MaxDuration {
		ps.add("duree", strconv.Itoa(a.Duration), "duree-bornes", fmt.Sprintf("la durée est en minutes, de 1 à %d (23 h 59)", MaxDuration))
	}
	switch a.PlaceType {
	case LieuActivite:
		if a.LieuID == "" && a.Source == SourceImportCoop && a.Commune == "" {
			ps.add("commune", "", "commune-obligatoire", "un lieu d'activité de la Coop sans lieu du registre garde au moins sa commune")
		} else if a.LieuID == "" && a.Source != SourceImportCoop {
			ps.add("lieu", "", "lieu-obligatoire", "un lieu d'activité est un lieu du registre : choisissez-le")
		}
	case AutreLieu, Domicile, ADistance:
		if a.LieuID != "" {
			ps.add("lieu", a.LieuID, "lieu-seulement-lieu-activite", "un lieu du registre n'est donné qu'avec le type de lieu « Lieu d’activité »")
		}
		if a.Commune == "" && a.PlaceType != ADistance {
			ps.add("commune", "", "commune-obligatoire", "à domicile ou dans un autre lieu, la commune (code INSEE) est obligatoire")
		}
	default:
		ps.add("type_lieu", a.PlaceType, "type-lieu-inconnu", "le type de lieu est lieu_activite, autre, domicile ou a_distance")
	}
	if a.Commune != "" && !ValidCommune(a.Commune) {
		ps.add("commune", a.Commune, "code-insee", "un code INSEE de commune a 5 caractères (2A/2B pour la Corse)")
	}
	year := recordYear(a.Date)
	checkThematics(&ps, a.Thematics, a.Demarche)
	checkPersonal(&ps, "precisions_demarche", a.Demarche, year)
	checkList(&ps, "materiel", a.Equipment, Equipment)
	for _, e := range a.Equipment {
		if e == "aucun" && len(a.Equipment) > 1 {
			ps.add("materiel", strings.Join(a.Equipment, ", "), "aucun-seul", "« Pas de matériel » ne va avec aucun autre matériel")
			break
		}
	}
	checkTags(&ps, a.Tags, year)
	checkText(&ps, "notes", a.Notes, MaxNotes)
	checkPersonal(&ps, "notes", a.Notes, year)
	checkText(&ps, "nom_lieu", a.PlaceName, MaxText)
	switch a.Kind {
	case Individuel:
		if a.Autonomy != "" && !Autonomy.Has(a.Autonomy) {
			ps.add("autonomie", a.Autonomy, "valeur-inconnue", "l'autonomie est "+strings.Join(Autonomy.Values(), ", ")+" ou vide")
		}
		if a.Title != "" {
			ps.add("titre_atelier", a.Title, "seulement-atelier", "un titre n'est donné qu'à un atelier collectif")
		}
		if a.Level != "" {
			ps.add("niveau", a.Level, "seulement-atelier", "un niveau n'est donné qu'à un atelier collectif")
		}
		if a.Public.Total != 1 {
			ps.add("participants", strconv.Itoa(a.Public.Total), "un-beneficiaire", "un accompagnement individuel a un seul bénéficiaire")
		}
		if !a.Oriented {
			if a.Redirection != "" || a.RedirectionLieu != "" || a.Orientation != 0 {
				ps.add("oriente", "non", "orientation-sans-reorientation", "la structure de redirection, le lieu ou le numéro de l'orientation est rempli : cochez cette case, ou videz ces champs")
			}
		} else if a.Redirection != "" && !Redirections.Has(a.Redirection) {
			ps.add("structure_redirection", a.Redirection, "valeur-inconnue", "la structure de redirection est "+strings.Join(Redirections.Values(), ", ")+" ou vide")
		}
	case Collectif:
		if a.Autonomy != "" {
			ps.add("autonomie", a.Autonomy, "seulement-individuel", "l'autonomie n'est donnée que pour un accompagnement individuel (un atelier a un niveau)")
		}
		if a.Oriented || a.Redirection != "" || a.RedirectionLieu != "" || a.Orientation != 0 {
			ps.add("oriente", "oui", "seulement-individuel", "une réorientation n'est donnée que pour un accompagnement individuel")
		}
		if a.Level != "" && !Levels.Has(a.Level) {
			ps.add("niveau", a.Level, "valeur-inconnue", "le niveau est "+strings.Join(Levels.Values(), ", ")+" ou vide")
		}
		checkText(&ps, "titre_atelier", a.Title, MaxText)
		checkPersonal(&ps, "titre_atelier", a.Title, year)
		if a.Public.Total < 1 || a.Public.Total > MaxParticipants {
			ps.add("participants", strconv.Itoa(a.Public.Total), "participants-bornes", fmt.Sprintf("un atelier a de 1 à %d participants", MaxParticipants))
		}
	}
	ps = append(ps, a.Public.check("participants")...)
	checkResidences(&ps, a.Residences, a.Public.Total)
	switch {
	case a.PassRedemption < 0:
		ps.add("utilisation_pass", strconv.FormatInt(a.PassRedemption, 10), "identifiant", "une utilisation du Pass numérique est un nombre positif")
	case a.PassRedemption == 0:
	case a.Kind != Individuel:
		ps.add("utilisation_pass", strconv.FormatInt(a.PassRedemption, 10), "pass-seulement-individuel", "un pass paie une séance d'accompagnement individuel, pas un atelier")
	case a.PlaceType != LieuActivite || a.Source != SourceSaisie:
		ps.add("utilisation_pass", strconv.FormatInt(a.PassRedemption, 10), "pass-lieu-du-registre", "un pass s'utilise dans un lieu du registre : le type de lieu est « Lieu d’activité », ce lieu-là")
	}
	switch a.Source {
	case SourceSaisie:
		if a.CoopID != "" {
			ps.add("id_cra", a.CoopID, "seulement-import", "l'identifiant de la Coop n'est donné qu'à une activité importée")
		}
	case SourceImportCoop:
		if a.CoopID == "" {
			ps.add("id_cra", "", "id-cra-obligatoire", "une activité importée de la Coop garde son « ID CRA »")
		}
		checkText(&ps, "id_cra", a.CoopID, MaxText)
	default:
		ps.add("source", a.Source, "source-inconnue", "la source d'une activité est saisie ou import_coop")
	}
	return ps
}

func checkDate(ps *Problems, field, d, today string) {
	t, err := time.Parse("2006-01-02", d)
	switch {
	case !dateRE.MatchString(d) || err != nil:
		ps.add(field, d, "format-date", "une date s'écrit AAAA-MM-JJ (par exemple 2026-11-30)")
	case t.Year() < MinYear:
		ps.add(field, d, "date-trop-ancienne", fmt.Sprintf("une activité date de %d ou après", MinYear))
	case today != "" && d > today:
		ps.add(field, d, "date-future", "une activité ne se déclare qu'une fois faite (pas de date future)")
	}
}

func checkThematics(ps *Problems, ts []string, demarche string) {
	if len(ts) == 0 {
		ps.add("thematiques", "", "thematique-obligatoire", "au moins une thématique")
	}
	aide := false
	for _, t := range ts {
		if t == AideDemarches {
			aide = true
		}
	}
	for _, t := range ts {
		switch {
		case Thematics.Has(t):
		case AdminThematics.Has(t):
			if !aide {
				ps.add("thematiques", t, "administrative-sans-aide-aux-demarches", "une thématique administrative n'est donnée qu'avec « Aide aux démarches administratives »")
			}
		default:
			ps.add("thematiques", t, "valeur-inconnue", "thématique inconnue (valeurs de la Coop : diagnostic_numerique, email, aide_aux_demarches_administratives, logement…)")
		}
	}
	if demarche != "" && !aide {
		ps.add("precisions_demarche", demarche, "demarche-sans-aide-aux-demarches", "le nom de la démarche n'est donné qu'avec « Aide aux démarches administratives »")
	}
	checkText(ps, "precisions_demarche", demarche, MaxText)
}

func checkList(ps *Problems, field string, vs []string, vocab Vocabulary) {
	for _, v := range vs {
		if !vocab.Has(v) {
			ps.add(field, v, "valeur-inconnue", "valeurs possibles : "+strings.Join(vocab.Values(), ", "))
		}
	}
}

func checkTags(ps *Problems, tags []Tag, year int) {
	if len(tags) > MaxTags {
		ps.add("tags", strconv.Itoa(len(tags)), "tags-nombre", fmt.Sprintf("%d tags au plus", MaxTags))
	}
	for _, t := range tags {
		if !TagScopes.Has(t.Scope) {
			ps.add("tags", t.Scope, "portee-inconnue", "la portée d'un tag est personnel, equipe, departemental ou national")
		}
		checkText(ps, "tags", t.Name, MaxText)
		if strings.ContainsAny(t.Name, "|\n\r") {
			ps.add("tags", t.Name, "tag-caracteres", "un tag tient sur une ligne, sans « | »")
		}
	}
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = t.Name
	}
	checkPersonal(ps, "tags", strings.Join(names, " | "), year)
}

// checkPersonal refuses a free text where a beneficiary is named, reached
// or identified (personaldata.Find); year is the record's (its date's).
func checkPersonal(ps *Problems, field, s string, year int) {
	checkPersonalAmong(ps, field, s, year, personaldata.Rules)
}

// checkPersonalAmong is checkPersonal with only some rules (a
// coordination's texts name partners and officials: PartnerRules).
func checkPersonalAmong(ps *Problems, field, s string, year int, rules []personaldata.Rule) {
	if r, found := personaldata.FindAmong(s, year, rules); found {
		ps.personal(field, r)
	}
}

// recordYear is the year of a record's date (YYYY-MM-DD), 0 when it is
// not one.
func recordYear(date string) int {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return 0
	}
	return t.Year()
}

// checkText bounds a text and refuses control and invisible characters
// (line breaks and tabs allowed in notes). The text is never the
// problem's value: a free text may hold personal data, and problems are
// shown, answered by the API and written to import reports.
func checkText(ps *Problems, field, s string, max int) {
	if !utf8.ValidString(s) {
		ps.add(field, "", "utf8", "le texte n'est pas de l'UTF-8 valide")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		ps.add(field, "", "longueur", fmt.Sprintf("%d caractères au plus (%d donnés)", max, n))
	}
	if r, found := personaldata.Invisible(s, field == "notes"); found {
		ps.add(field, "", personaldata.InvisibleRule, fmt.Sprintf("caractère de contrôle ou invisible U+%04X", r))
	}
}

// check verifies the counts of a public: each breakdown's keys are of its
// list, every count is positive and bounded, and each breakdown adds up
// to Total once normalized (it may not say more people than Total).
func (p Public) check(field string) Problems {
	var ps Problems
	if p.Total < 0 || p.Total > 100*MaxParticipants {
		ps.add(field, strconv.Itoa(p.Total), "nombre-bornes", "nombre négatif ou trop grand")
	}
	if p.AlreadyHelped < 0 || p.AlreadyHelped > p.Total {
		ps.add("deja_accompagne", strconv.Itoa(p.AlreadyHelped), "deja-accompagne-bornes", fmt.Sprintf("de 0 au nombre de participants (%d)", p.Total))
	}
	for _, b := range []struct {
		field string
		m     map[string]int
		vocab Vocabulary
	}{{"genre", p.Genders, Genders}, {"tranche_age", p.AgeBands, AgeBands}, {"statut_social", p.Statuses, Statuses}} {
		sum := 0
		for k, n := range b.m {
			if !b.vocab.Has(k) {
				ps.add(b.field, k, "valeur-inconnue", "valeurs possibles : "+strings.Join(b.vocab.Values(), ", "))
			}
			if n < 0 {
				ps.add(b.field, strconv.Itoa(n), "nombre-positif", "un nombre de participants est positif")
			}
			sum += n
		}
		if sum != p.Total && p.Total >= 0 {
			ps.add(b.field, strconv.Itoa(sum), "somme-participants", fmt.Sprintf("les nombres par %s totalisent %d pour %d participants", strings.ReplaceAll(b.field, "_", " "), sum, p.Total))
		}
	}
	return ps
}

func checkResidences(ps *Problems, m map[string]int, total int) {
	sum := 0
	for c, n := range m {
		if !ValidCommune(c) {
			ps.add("commune_residence", c, "code-insee", "un code INSEE de commune a 5 caractères (2A/2B pour la Corse)")
		}
		if n < 1 {
			ps.add("commune_residence", strconv.Itoa(n), "nombre-positif", "un nombre de participants par commune est au moins 1")
		}
		sum += n
	}
	if sum > total {
		ps.add("commune_residence", strconv.Itoa(sum), "somme-participants", fmt.Sprintf("les communes de résidence comptent %d personnes pour %d participants", sum, total))
	}
}

// ImportRun is one import of a Coop export: its file (base name), format,
// who ran it, and what it did. Each activity is keyed by the Coop's « ID
// CRA »: a line seen before replaces its activity (Replaced, or Unchanged
// when nothing differs), never adds one.
type ImportRun struct {
	ID        int64
	File      string
	Format    string // "coop"
	Actor     string
	At        time.Time
	Lines     int // activities read (a workshop's lines make one)
	Created   int
	Replaced  int
	Unchanged int
	Rejected  int // lines refused, with their reasons (not stored)
}
