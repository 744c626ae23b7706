// Package evaluation computes what the network did over a period
// (issue 11 §3): accompaniments counted as the Coop de la médiation
// numérique counts them (a collective workshop counts one accompaniment
// per participant), the public, thematics, durations, channels, places,
// redirections, orientation outcomes and coordination activities, with the
// comparison to the previous period of the same length.
//
// The figures come from three kinds of rows that never overlap (see
// store.Activities): activities entered here (source saisie), activities
// imported from the Coop (import_coop, one row per « ID CRA »: a re-import
// replaces, never adds) and monthly aggregates (agregat) that hold only
// what was not recorded one by one. Compute adds them up; Stats.Sources
// says how much of the accompaniments each source brings, and they sum to
// Stats.Accompaniments.
//
// A fourth, the Coop's API statistics (api_coop, one aggregate per
// département and month), holds the same accompaniments as the Coop's
// exports: for each département-month it has, it replaces the activities
// imported from exports of that département and month (counted once, as
// the Coop counts them), and it is counted only where a département is
// (a département, its région, everywhere: not in a commune, an EPCI or a
// place, whose statistics keep the exports' activities).
package evaluation

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"maillage/internal/activity"
	"maillage/internal/orientation"
)

// Period is a span of days, both included (YYYY-MM-DD).
type Period struct {
	From, To string
}

const day = "2006-01-02"

// ParsePeriod reads a period; the end may not come before the start.
func ParsePeriod(from, to string) (Period, error) {
	f, err := time.Parse(day, from)
	if err != nil {
		return Period{}, fmt.Errorf("date de début « %s » : une date s'écrit AAAA-MM-JJ", from)
	}
	t, err := time.Parse(day, to)
	if err != nil {
		return Period{}, fmt.Errorf("date de fin « %s » : une date s'écrit AAAA-MM-JJ", to)
	}
	if t.Before(f) {
		return Period{}, fmt.Errorf("la période finit (%s) avant de commencer (%s)", to, from)
	}
	return Period{From: from, To: to}, nil
}

// Year is the calendar year y.
func Year(y int) Period {
	return Period{From: fmt.Sprintf("%04d-01-01", y), To: fmt.Sprintf("%04d-12-31", y)}
}

// LastTwelveMonths is the default period of the statistics, on the pages
// and on the command line: the 12 full calendar months before the month
// of today, read where today is given (callers pass Europe/Paris time).
// On 2 December 2026: 1 December 2025 to 30 November 2026.
func LastTwelveMonths(today time.Time) Period {
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first.AddDate(-1, 0, 0).Format(day), To: first.AddDate(0, 0, -1).Format(day)}
}

// Days is the period's length in days.
func (p Period) Days() int {
	f, _ := time.Parse(day, p.From)
	t, _ := time.Parse(day, p.To)
	return int(t.Sub(f).Hours()/24) + 1
}

// Previous is the period p is compared with. Whole calendar months (from
// the 1st of a month to the last day of a month, a year included) are
// compared with as many calendar months just before: October with
// September 1–30, a year with the year before (review 11N2 minor 10);
// any other period with the period of the same length that ends the day
// before p starts.
func (p Period) Previous() Period {
	f, _ := time.Parse(day, p.From)
	t, _ := time.Parse(day, p.To)
	if f.Day() == 1 && t.AddDate(0, 0, 1).Day() == 1 {
		months := (t.Year()-f.Year())*12 + int(t.Month()-f.Month()) + 1
		return Period{From: f.AddDate(0, -months, 0).Format(day), To: f.AddDate(0, 0, -1).Format(day)}
	}
	end := f.AddDate(0, 0, -1)
	start := end.AddDate(0, 0, -(p.Days() - 1))
	return Period{From: start.Format(day), To: end.Format(day)}
}

// Contains reports whether the day d (YYYY-MM-DD) falls in p.
func (p Period) Contains(d string) bool { return d >= p.From && d <= p.To }

// Months are the months (YYYY-MM) p touches.
func (p Period) Months() (first, last string) { return p.From[:7], p.To[:7] }

// Stats are the figures of one scope and period.
type Stats struct {
	Period Period
	// Accompaniments counts a workshop once per participant;
	// Individual + WorkshopParticipants == Accompaniments.
	Accompaniments       int
	Individual           int // individual accompaniments
	Workshops            int // collective workshops
	WorkshopParticipants int
	// Sources: accompaniments per source (activity.SourceSaisie,
	// SourceImportCoop, SourceAgregat).
	Sources map[string]int
	// The public, per participant (each accompaniment is one person, as
	// the Coop counts an anonymous beneficiary): activity.Genders,
	// AgeBands, Statuses values; Residences by INSEE code of the commune
	// of residence, activity.NonCommunique for the rest.
	Genders, AgeBands, Statuses, Residences map[string]int
	// Thematics: accompaniments per thematic (activity.AllThematics
	// values; an accompaniment counts under each of its thematics).
	Thematics map[string]int
	// Durations: activities (sessions, not participants) per
	// activity.DurationRanges key; aggregates have no duration.
	Durations map[string]int
	// Minutes: the time spent in the activities recorded one by one;
	// Sessions: how many they are.
	Minutes, Sessions int
	// PlaceTypes: activities per channel (activity.PlaceTypes); an
	// aggregate's are at its place (lieu_activite), one per session.
	PlaceTypes map[string]int
	// Places: accompaniments per registry place (LieuID); Elsewhere the
	// accompaniments at no registry place.
	Places    map[string]int
	Elsewhere int
	// Oriented: individual accompaniments whose person was sent elsewhere;
	// Redirections per category (activity.Redirections, "" said as
	// activity.NonCommunique); RedirectedToPlace those sent to a registry
	// place.
	Oriented          int
	Redirections      map[string]int
	RedirectedToPlace int
	// Orientations: orientations created in the period, per status
	// (orientation.Statuses) as they stand now.
	Orientations map[string]int
	// Coordinations: coordination activities per kind
	// (activity.CoordinationKinds); CoordinationParticipants the events'
	// participants; AnimationParticipants the animations' (médiateurs,
	// structures and other actors, as the form asks them).
	Coordinations            map[string]int
	CoordinationParticipants int
	AnimationParticipants    int
	// Tags: accompaniments per tag (TagKey: scope and name) of the
	// activities recorded one by one (aggregates have none; a workshop
	// counts each participant; an activity counts under each of its tags).
	Tags map[string]int
	// Equipment: accompaniments per equipment (activity.Equipment values;
	// one by one, as Tags). Autonomy: individual accompaniments per
	// autonomy said (activity.Autonomy values).
	Equipment, Autonomy map[string]int
}

// TagKey is a tag's key in Stats.Tags and its line « tag:<key> »: its
// scope (activity.TagScopes: personnel, equipe, departemental, national),
// a colon, its name as written (« departemental:Café IA »). The scope has
// no colon, so the first one splits them (ParseTagKey).
func TagKey(t activity.Tag) string { return t.Scope + ":" + t.Name }

// ParseTagKey splits a TagKey.
func ParseTagKey(k string) activity.Tag {
	scope, name, _ := strings.Cut(k, ":")
	return activity.Tag{Scope: scope, Name: name}
}

func newStats(p Period) Stats {
	return Stats{Period: p, Sources: map[string]int{}, Genders: map[string]int{}, AgeBands: map[string]int{}, Statuses: map[string]int{},
		Residences: map[string]int{}, Thematics: map[string]int{}, Durations: map[string]int{}, PlaceTypes: map[string]int{},
		Places: map[string]int{}, Redirections: map[string]int{}, Orientations: map[string]int{}, Coordinations: map[string]int{},
		Tags: map[string]int{}, Equipment: map[string]int{}, Autonomy: map[string]int{}}
}

// Input is what Compute counts: rows already selected for the scope (the
// period is applied again here, so that a caller may pass more).
type Input struct {
	Activities []activity.Activity
	Aggregates []activity.Aggregate
	// APIAggregates: the Coop's API statistics of the scope's
	// départements (none for a place, a commune or an EPCI).
	APIAggregates []activity.APIAggregate
	Coordinations []activity.Coordination
	Orientations  []orientation.Orientation
}

// DurationRange is the activity.DurationRanges key of a duration in
// minutes ([Min, Max), Max 0 open).
func DurationRange(minutes int) string {
	for _, r := range activity.DurationRanges {
		if minutes >= r.Min && (r.Max == 0 || minutes < r.Max) {
			return r.Key
		}
	}
	return ""
}

// Compute counts in the period p. An aggregate counts when its month's
// first day falls in p (a month is not split).
func Compute(p Period, in Input) Stats {
	s := newStats(p)
	// The département-months the Coop's API gives: their exports'
	// activities are the same accompaniments.
	byAPI := map[string]bool{}
	for _, g := range in.APIAggregates {
		if p.Contains(g.Month + "-01") {
			byAPI[g.Departement+" "+g.Month] = true
		}
	}
	for _, a := range in.Activities {
		if !p.Contains(a.Date) {
			continue
		}
		if a.Source == activity.SourceImportCoop && len(a.Date) >= 7 && byAPI[a.Departement+" "+a.Date[:7]] {
			continue
		}
		n := a.Accompaniments()
		s.Accompaniments += n
		if a.Kind == activity.Collectif {
			s.Workshops++
			s.WorkshopParticipants += n
		} else {
			s.Individual++
		}
		src := a.Source
		if src == "" {
			src = activity.SourceSaisie
		}
		s.Sources[src] += n
		addPublic(&s, a.Public, n)
		residences := 0
		for c, k := range a.Residences {
			s.Residences[c] += k
			residences += k
		}
		if residences < n {
			s.Residences[activity.NonCommunique] += n - residences
		}
		for _, t := range a.Thematics {
			s.Thematics[t] += n
		}
		for _, t := range a.Tags {
			s.Tags[TagKey(t)] += n
		}
		for _, e := range a.Equipment {
			s.Equipment[e] += n
		}
		if a.Kind != activity.Collectif && a.Autonomy != "" {
			s.Autonomy[a.Autonomy]++
		}
		if r := DurationRange(a.Duration); r != "" {
			s.Durations[r]++
		}
		s.Minutes += a.Duration
		s.Sessions++
		s.PlaceTypes[a.PlaceType]++
		if a.LieuID != "" {
			s.Places[a.LieuID] += n
		} else {
			s.Elsewhere += n
		}
		if a.Kind != activity.Collectif && a.Oriented {
			s.Oriented++
			r := a.Redirection
			if r == "" {
				r = activity.NonCommunique
			}
			s.Redirections[r]++
			if a.RedirectionLieu != "" {
				s.RedirectedToPlace++
			}
		}
	}
	for _, g := range in.Aggregates {
		if !p.Contains(g.Month + "-01") {
			continue
		}
		n := g.Accompaniments()
		s.Accompaniments += n
		s.Individual += g.Individual
		s.Workshops += g.Workshops
		s.WorkshopParticipants += g.WorkshopParticipants
		s.Sources[activity.SourceAgregat] += n
		addPublic(&s, g.Public, n)
		s.Residences[activity.NonCommunique] += n
		for t, k := range g.Thematics {
			s.Thematics[t] += k
		}
		s.PlaceTypes[activity.LieuActivite] += g.Individual + g.Workshops
		s.Places[g.LieuID] += n
	}
	for _, g := range in.APIAggregates {
		if !p.Contains(g.Month + "-01") {
			continue
		}
		n := g.Accompaniments
		s.Accompaniments += n
		s.Individual += g.Individual
		s.Workshops += g.Workshops
		s.WorkshopParticipants += g.WorkshopParticipants
		s.Sources[activity.SourceAPICoop] += n
		// The Coop counts distinct people by gender, age and status, not
		// accompaniments: they are not mixed with ours (non_communique).
		addPublic(&s, activity.Public{}, n)
		s.Residences[activity.NonCommunique] += n
		// Its thematics, durations and channels count activities.
		for t, k := range g.Thematics {
			s.Thematics[t] += k
		}
		for r, k := range g.Durations {
			s.Durations[r] += k
		}
		for c, k := range g.PlaceTypes {
			s.PlaceTypes[c] += k
		}
		s.Elsewhere += n
	}
	for _, c := range in.Coordinations {
		if !p.Contains(c.Date) {
			continue
		}
		s.Coordinations[c.Kind]++
		switch c.Kind {
		case activity.Evenement:
			s.CoordinationParticipants += c.Participants
		case activity.Animation:
			s.AnimationParticipants += c.Mediateurs + c.Structures + c.OtherActors
		}
	}
	for _, o := range in.Orientations {
		if !p.Contains(o.Created.UTC().Format(day)) {
			continue
		}
		s.Orientations[string(o.Status)]++
	}
	return s
}

// addPublic adds a public's breakdowns; what a breakdown does not say
// (an unnormalized row) counts as non_communique, so that each breakdown
// sums to the accompaniments.
func addPublic(s *Stats, pub activity.Public, n int) {
	for _, b := range []struct {
		from map[string]int
		to   map[string]int
	}{{pub.Genders, s.Genders}, {pub.AgeBands, s.AgeBands}, {pub.Statuses, s.Statuses}} {
		sum := 0
		for k, v := range b.from {
			b.to[k] += v
			sum += v
		}
		if sum < n {
			b.to[activity.NonCommunique] += n - sum
		}
	}
}

// Line is one indicator and its value, as the command line writes them
// (indicateur,valeur).
type Line struct {
	Indicator string
	Value     int
}

// Lines lists the figures as indicators: the counts first, then one line
// per value of each breakdown, in the vocabulary's order (every thematic,
// equipment and autonomy has its line, zero included), then per place and
// commune by code, then per tag (tag:<TagKey>) by key, those carried only.
func (s Stats) Lines() []Line {
	ls := []Line{
		{"accompagnements", s.Accompaniments},
		{"activites_individuelles", s.Individual},
		{"ateliers", s.Workshops},
		{"participants_ateliers", s.WorkshopParticipants},
		{"duree_minutes", s.Minutes},
	}
	for _, v := range activity.Sources {
		if v.Value == activity.SourceAPICoop && s.Sources[v.Value] == 0 {
			continue // said only where the Coop's API figures count
		}
		ls = append(ls, Line{"source:" + v.Value, s.Sources[v.Value]})
	}
	for _, v := range activity.AllThematics {
		ls = append(ls, Line{"thematique:" + v.Value, s.Thematics[v.Value]})
	}
	for _, v := range activity.Genders {
		ls = append(ls, Line{"genre:" + v.Value, s.Genders[v.Value]})
	}
	for _, v := range activity.AgeBands {
		ls = append(ls, Line{"tranche_age:" + v.Value, s.AgeBands[v.Value]})
	}
	for _, v := range activity.Statuses {
		ls = append(ls, Line{"statut:" + v.Value, s.Statuses[v.Value]})
	}
	for _, r := range activity.DurationRanges {
		ls = append(ls, Line{"duree:" + r.Key, s.Durations[r.Key]})
	}
	for _, v := range activity.PlaceTypes {
		ls = append(ls, Line{"canal:" + v.Value, s.PlaceTypes[v.Value]})
	}
	for _, v := range activity.Equipment {
		ls = append(ls, Line{"materiel:" + v.Value, s.Equipment[v.Value]})
	}
	for _, v := range activity.Autonomy {
		ls = append(ls, Line{"autonomie:" + v.Value, s.Autonomy[v.Value]})
	}
	ls = append(ls, Line{"reorientes", s.Oriented}, Line{"reorientes_vers_lieu_du_registre", s.RedirectedToPlace})
	for _, v := range activity.Redirections {
		ls = append(ls, Line{"redirection:" + v.Value, s.Redirections[v.Value]})
	}
	ls = append(ls, Line{"redirection:" + activity.NonCommunique, s.Redirections[activity.NonCommunique]})
	for _, st := range orientation.Statuses {
		ls = append(ls, Line{"orientation:" + string(st), s.Orientations[string(st)]})
	}
	for _, v := range activity.CoordinationKinds {
		ls = append(ls, Line{"coordination:" + v.Value, s.Coordinations[v.Value]})
	}
	ls = append(ls, Line{"coordination_participants", s.CoordinationParticipants}, Line{"coordination_animation_participants", s.AnimationParticipants})
	for _, k := range sortedKeys(s.Places) {
		ls = append(ls, Line{"lieu:" + k, s.Places[k]})
	}
	ls = append(ls, Line{"hors_lieu_du_registre", s.Elsewhere})
	for _, k := range sortedKeys(s.Residences) {
		if k != activity.NonCommunique {
			ls = append(ls, Line{"commune_residence:" + k, s.Residences[k]})
		}
	}
	ls = append(ls, Line{"commune_residence:" + activity.NonCommunique, s.Residences[activity.NonCommunique]})
	for _, k := range sortedKeys(s.Tags) {
		ls = append(ls, Line{"tag:" + k, s.Tags[k]})
	}
	return ls
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Comparison is a figure with the previous period's.
type Comparison struct {
	Indicator       string
	Value, Previous int
}

// Change is the variation in percent, rounded, and false when the
// previous value is 0 (no percentage of nothing).
func (c Comparison) Change() (int, bool) {
	if c.Previous == 0 {
		return 0, false
	}
	d := float64(c.Value-c.Previous) * 100 / float64(c.Previous)
	if d < 0 {
		return -int(-d + 0.5), true
	}
	return int(d + 0.5), true
}

// ChangeText writes the change in French (« +25 % », « −10 % », « nouveau »).
func (c Comparison) ChangeText() string {
	ch, ok := c.Change()
	switch {
	case !ok && c.Value == 0:
		return "—"
	case !ok:
		return "nouveau"
	case ch > 0:
		return "+" + strconv.Itoa(ch) + " %"
	case ch < 0:
		return "−" + strconv.Itoa(-ch) + " %"
	}
	return "0 %"
}

// Compare pairs the main figures of s with those of prev (same order as Lines).
func Compare(s, prev Stats) []Comparison {
	pl := map[string]int{}
	for _, l := range prev.Lines() {
		pl[l.Indicator] = l.Value
	}
	var cs []Comparison
	for _, l := range s.Lines() {
		cs = append(cs, Comparison{Indicator: l.Indicator, Value: l.Value, Previous: pl[l.Indicator]})
	}
	return cs
}
