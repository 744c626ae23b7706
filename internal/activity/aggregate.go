package activity

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxAggregate bounds every count of a monthly aggregate.
const MaxAggregate = 100000

// Aggregate is what a place did in a month, entered as counts by actors
// who will never fill one form per session (volunteers, associations,
// libraries). It holds only what was not recorded one by one here nor in
// the Coop: statistics add aggregates to activities (the form says so).
// One aggregate per place and month.
type Aggregate struct {
	ID     int64
	LieuID string // the registry place
	Month  string // YYYY-MM
	// Commune and Departement are the store's, from the place.
	Commune, Departement string
	Individual           int // individual accompaniments
	Workshops            int // collective workshops
	WorkshopParticipants int // their participants (each counts one accompaniment)
	// Public: the people accompanied (Total = Individual + WorkshopParticipants).
	Public Public
	// Thematics: accompaniments per thematic (AllThematics values; one may
	// count under several).
	Thematics        map[string]int
	Account          int64
	Created, Updated time.Time
}

// Accompaniments is the aggregate's count of accompaniments, as the Coop
// counts them (a workshop counts one per participant).
func (g Aggregate) Accompaniments() int { return g.Individual + g.WorkshopParticipants }

// Normalize trims and completes the public (Total is the accompaniments).
func (g *Aggregate) Normalize() {
	g.LieuID = strings.TrimSpace(g.LieuID)
	g.Month = strings.TrimSpace(g.Month)
	g.Public.Total = g.Accompaniments()
	g.Public.Normalize()
	g.Thematics = copyCounts(g.Thematics)
	for k, n := range g.Thematics {
		if n == 0 {
			delete(g.Thematics, k)
		}
	}
}

// Validate checks an aggregate (normalized first); thisMonth (YYYY-MM, ""
// to skip) bounds the month.
func (g *Aggregate) Validate(thisMonth string) Problems {
	var ps Problems
	if g.LieuID == "" {
		ps.add("lieu", "", "lieu-obligatoire", "un agrégat est celui d'un lieu du registre")
	}
	if t, err := time.Parse("2006-01", g.Month); !monthRE.MatchString(g.Month) || err != nil {
		ps.add("mois", g.Month, "format-mois", "un mois s'écrit AAAA-MM (par exemple 2026-11)")
	} else if t.Year() < MinYear {
		ps.add("mois", g.Month, "mois-trop-ancien", fmt.Sprintf("un mois de %d ou après", MinYear))
	} else if thisMonth != "" && g.Month > thisMonth {
		ps.add("mois", g.Month, "mois-futur", "un mois passé ou en cours")
	}
	for _, c := range []struct {
		field string
		n     int
	}{{"individuels", g.Individual}, {"ateliers", g.Workshops}, {"participants_ateliers", g.WorkshopParticipants}} {
		if c.n < 0 || c.n > MaxAggregate {
			ps.add(c.field, strconv.Itoa(c.n), "nombre-bornes", fmt.Sprintf("un nombre de 0 à %d", MaxAggregate))
		}
	}
	if g.Workshops > 0 && g.WorkshopParticipants < g.Workshops {
		ps.add("participants_ateliers", strconv.Itoa(g.WorkshopParticipants), "participants-par-atelier", fmt.Sprintf("%d ateliers ont au moins %d participants", g.Workshops, g.Workshops))
	}
	if g.Workshops == 0 && g.WorkshopParticipants > 0 {
		ps.add("ateliers", "0", "ateliers-sans-participants", "des participants d'ateliers supposent au moins un atelier")
	}
	if g.Accompaniments() == 0 {
		ps.add("individuels", "0", "agregat-vide", "un agrégat compte au moins un accompagnement")
	}
	ps = append(ps, g.Public.check("public")...)
	aide := g.Thematics[AideDemarches] > 0
	for k, n := range g.Thematics {
		switch {
		case Thematics.Has(k):
		case AdminThematics.Has(k):
			if !aide {
				ps.add("thematiques", k, "administrative-sans-aide-aux-demarches", "une thématique administrative n'est comptée qu'avec « Aide aux démarches administratives »")
			}
		default:
			ps.add("thematiques", k, "valeur-inconnue", "thématique inconnue")
		}
		if n < 0 || n > g.Accompaniments() {
			ps.add("thematiques", k+" = "+strconv.Itoa(n), "thematique-bornes", fmt.Sprintf("de 0 au nombre d'accompagnements (%d)", g.Accompaniments()))
		}
	}
	return ps
}
