package activity

import (
	"fmt"
	"strconv"
	"time"
)

// APIAggregate is what the Coop's API v1 (/statistiques) says of one
// département over one calendar month: the Coop's own counts, with the
// vintage of the figures (when they were fetched, by which import run).
// One per département and month: a new import of the same département and
// month replaces it.
//
// Counting rule (evaluation): for a département-month it holds, it
// replaces the activities imported from Coop exports (SourceImportCoop)
// of that département and month, which are the same accompaniments
// counted one by one; activities entered here and monthly aggregates are
// not the Coop's and add up.
type APIAggregate struct {
	ID          int64
	Departement string
	Month       string // YYYY-MM
	Fetched     time.Time
	ImportID    int64
	// The Coop's totals: activities (sessions), of them individual and
	// collective; the workshops' participants; accompaniments (a workshop
	// counts one per participant); distinct beneficiaries.
	Activities, Individual, Workshops, WorkshopParticipants, Accompaniments, Beneficiaries int
	// Breakdowns, by API value of our vocabularies: activities per
	// thematic (AllThematics), per duration range (DurationRanges keys),
	// per channel (PlaceTypes); distinct beneficiaries per gender, age band
	// and status (the Coop counts people there, not accompaniments).
	Thematics, Durations, PlaceTypes map[string]int
	Genders, AgeBands, Statuses      map[string]int
}

// MaxAPICount bounds every count of an API aggregate (a département-month
// of the whole country's activity stays far below).
const MaxAPICount = 10000000

// Validate checks an aggregate as read from the API: its département and
// month are written right, and its counts are positive, bounded and
// coherent (individual + workshops = activities, individual + participants
// = accompaniments).
func (g APIAggregate) Validate() Problems {
	var ps Problems
	if !departementRE.MatchString(g.Departement) {
		ps.add("departement", g.Departement, "code-departement", "un code de département a 2 ou 3 caractères (2A, 2B, 971…)")
	}
	if t, err := time.Parse("2006-01", g.Month); !monthRE.MatchString(g.Month) || err != nil || t.Year() < MinYear {
		ps.add("mois", g.Month, "format-mois", fmt.Sprintf("un mois AAAA-MM, de %d ou après", MinYear))
	}
	for _, c := range []struct {
		field string
		n     int
	}{{"activites", g.Activities}, {"individuels", g.Individual}, {"collectifs", g.Workshops}, {"participants", g.WorkshopParticipants},
		{"accompagnements", g.Accompaniments}, {"beneficiaires", g.Beneficiaries}} {
		if c.n < 0 || c.n > MaxAPICount {
			ps.add(c.field, strconv.Itoa(c.n), "nombre-bornes", fmt.Sprintf("un nombre de 0 à %d", MaxAPICount))
		}
	}
	if g.Individual+g.Workshops != g.Activities {
		ps.add("activites", strconv.Itoa(g.Activities), "somme-activites", fmt.Sprintf("%d individuels et %d collectifs ne font pas %d activités", g.Individual, g.Workshops, g.Activities))
	}
	if g.Individual+g.WorkshopParticipants != g.Accompaniments {
		ps.add("accompagnements", strconv.Itoa(g.Accompaniments), "somme-accompagnements", fmt.Sprintf("%d individuels et %d participants d'ateliers ne font pas %d accompagnements", g.Individual, g.WorkshopParticipants, g.Accompaniments))
	}
	for _, b := range []struct {
		field string
		m     map[string]int
		vocab Vocabulary
	}{{"thematiques", g.Thematics, AllThematics}, {"type_lieu", g.PlaceTypes, PlaceTypes}, {"genres", g.Genders, Genders},
		{"tranche_ages", g.AgeBands, AgeBands}, {"statuts_social", g.Statuses, Statuses}} {
		for k, n := range b.m {
			if !b.vocab.Has(k) {
				ps.add(b.field, k, "valeur-inconnue", "valeur inconnue de nos vocabulaires")
			}
			if n < 0 || n > MaxAPICount {
				ps.add(b.field, k+" = "+strconv.Itoa(n), "nombre-bornes", fmt.Sprintf("un nombre de 0 à %d", MaxAPICount))
			}
		}
	}
	for k, n := range g.Durations {
		known := false
		for _, r := range DurationRanges {
			known = known || r.Key == k
		}
		if !known {
			ps.add("durees", k, "valeur-inconnue", "tranche de durée inconnue")
		}
		if n < 0 || n > MaxAPICount {
			ps.add("durees", k+" = "+strconv.Itoa(n), "nombre-bornes", fmt.Sprintf("un nombre de 0 à %d", MaxAPICount))
		}
	}
	return ps
}
