package evaluation

import (
	"strings"
	"testing"
	"time"

	"maillage/internal/activity"
	"maillage/internal/orientation"
)

// fixture: rows of November 2026 and one of October (the previous period
// of November, 30 days); the expected figures below are counted by hand.
func fixture() Input {
	return Input{
		Activities: []activity.Activity{
			// 1 individual, 45 min at a place, oriented to a registry place.
			{Kind: activity.Individuel, Date: "2026-11-20", Duration: 45, PlaceType: activity.LieuActivite, LieuID: "p1",
				Thematics: []string{activity.AideDemarches, "email"}, Oriented: true, Redirection: "aide_sociale", RedirectionLieu: "p2",
				Tags: []activity.Tag{{Scope: "departemental", Name: "Pass numérique 81"}, {Scope: "personnel", Name: "suivi"}}, Equipment: []string{"telephone"}, Autonomy: "partiellement_autonome",
				Public:     activity.Public{Total: 1, Genders: map[string]int{"feminin": 1}, AgeBands: map[string]int{"soixante_dix_plus": 1}, Statuses: map[string]int{"retraite": 1}},
				Residences: map[string]int{"31069": 1}, Source: activity.SourceSaisie},
			// 1 workshop of 12, 120 min elsewhere.
			{Kind: activity.Collectif, Date: "2026-11-05", Duration: 120, PlaceType: activity.AutreLieu, Commune: "81065",
				Thematics: []string{"intelligence_artificielle"}, Tags: []activity.Tag{{Scope: "national", Name: "Café IA"}, {Scope: "departemental", Name: "Pass numérique 81"}},
				Equipment: []string{"ordinateur", "tablette"},
				Public: activity.Public{Total: 12, Genders: map[string]int{"feminin": 7, "masculin": 4, activity.NonCommunique: 1},
					AgeBands: map[string]int{"soixante_soixante_neuf": 6, "soixante_dix_plus": 6}, Statuses: map[string]int{"retraite": 12}},
				Residences: map[string]int{"81065": 5}, Source: activity.SourceSaisie},
			// imported: 1 individual at a distance, 15 min, oriented without a category.
			{Kind: activity.Individuel, Date: "2026-11-30", Duration: 15, PlaceType: activity.ADistance, Thematics: []string{"email"},
				Tags: []activity.Tag{{Scope: "national", Name: "Café IA: suite"}}, Equipment: []string{"telephone"}, Autonomy: "autonome",
				Oriented: true, Public: activity.Public{Total: 1}, Source: activity.SourceImportCoop, CoopID: "c1"},
			// imported workshop of 3 at p1 on the first day.
			{Kind: activity.Collectif, Date: "2026-11-01", Duration: 90, PlaceType: activity.LieuActivite, LieuID: "p1",
				Thematics: []string{"navigation_sur_internet", "email"}, Public: activity.Public{Total: 3, Genders: map[string]int{"feminin": 2, "masculin": 1}},
				Source: activity.SourceImportCoop, CoopID: "c2"},
			// October: the previous period.
			{Kind: activity.Individuel, Date: "2026-10-31", Duration: 30, PlaceType: activity.Domicile, Commune: "31555", Thematics: []string{"email"},
				Tags: []activity.Tag{{Scope: "national", Name: "Café IA"}}, Autonomy: "autonome",
				Public: activity.Public{Total: 1}, Source: activity.SourceSaisie},
			// December: outside both.
			{Kind: activity.Individuel, Date: "2026-12-01", Duration: 30, PlaceType: activity.Domicile, Commune: "31555", Thematics: []string{"email"},
				Public: activity.Public{Total: 1}, Source: activity.SourceSaisie},
		},
		Aggregates: []activity.Aggregate{
			{LieuID: "p2", Month: "2026-11", Individual: 20, Workshops: 2, WorkshopParticipants: 14,
				Public: activity.Public{Total: 34, Genders: map[string]int{"feminin": 20, activity.NonCommunique: 14}}, Thematics: map[string]int{"email": 12, "logement": 4}},
			{LieuID: "p2", Month: "2026-10", Individual: 5, Public: activity.Public{Total: 5}},
		},
		Coordinations: []activity.Coordination{
			{Kind: activity.Evenement, Date: "2026-11-10", Participants: 40},
			{Kind: activity.Animation, Date: "2026-11-11", Mediateurs: 12, Structures: 8, OtherActors: 2},
			{Kind: activity.Partenariat, Date: "2026-10-11"},
			{Kind: activity.Animation, Date: "2026-10-12", Mediateurs: 5}, // the previous period
		},
		Orientations: []orientation.Orientation{
			{Status: orientation.Venue, Created: time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)},
			{Status: orientation.Expiree, Created: time.Date(2026, 11, 4, 10, 0, 0, 0, time.UTC)},
			{Status: orientation.Venue, Created: time.Date(2026, 10, 4, 10, 0, 0, 0, time.UTC)},
		},
	}
}

func TestCompute(t *testing.T) {
	nov := Period{From: "2026-11-01", To: "2026-11-30"}
	s := Compute(nov, fixture())
	lines := map[string]int{}
	for _, l := range s.Lines() {
		if _, dup := lines[l.Indicator]; dup {
			t.Errorf("indicator %s twice", l.Indicator)
		}
		lines[l.Indicator] = l.Value
	}
	// Hand-counted: individual 1 + 1 (imported) + 20 (aggregate) = 22;
	// workshops 1 + 1 + 2 = 4 with 12 + 3 + 14 = 29 participants; 51 accompaniments.
	for _, tt := range []struct {
		indicator string
		want      int
	}{
		{"accompagnements", 51},
		{"activites_individuelles", 22},
		{"ateliers", 4},
		{"participants_ateliers", 29},
		{"duree_minutes", 45 + 120 + 15 + 90},
		{"source:saisie", 13},
		{"source:import_coop", 4},
		{"source:agregat", 34},
		{"thematique:email", 1 + 1 + 3 + 12},
		{"thematique:" + activity.AideDemarches, 1},
		{"thematique:intelligence_artificielle", 12},
		{"thematique:navigation_sur_internet", 3},
		{"thematique:logement", 4},
		{"thematique:sante", 0},
		{"genre:feminin", 1 + 7 + 2 + 20},
		{"genre:masculin", 4 + 1},
		{"genre:non_communique", 1 + 1 + 14},
		{"tranche_age:soixante_dix_plus", 7},
		{"tranche_age:non_communique", 1 + 3 + 34},
		{"statut:retraite", 13},
		{"duree:30", 1},
		{"duree:60", 1},
		{"duree:120", 1},
		{"duree:more", 1},
		{"canal:lieu_activite", 2 + 22},
		{"canal:autre", 1},
		{"canal:a_distance", 1},
		{"canal:domicile", 0},
		{"lieu:p1", 4},
		{"lieu:p2", 34},
		{"hors_lieu_du_registre", 13},
		{"commune_residence:31069", 1},
		{"commune_residence:81065", 5},
		{"commune_residence:non_communique", 7 + 1 + 3 + 34},
		{"reorientes", 2},
		{"reorientes_vers_lieu_du_registre", 1},
		{"redirection:aide_sociale", 1},
		{"redirection:non_communique", 1},
		{"orientation:venue", 1},
		{"orientation:expiree", 1},
		{"coordination:evenement", 1},
		{"coordination:animation", 1},
		{"coordination:partenariat", 0},
		{"coordination_participants", 40},
		{"coordination_animation_participants", 12 + 8 + 2},
		// Tags, equipment, autonomy: the activities recorded one by one
		// (a workshop's 12 each), never the aggregate.
		{"tag:departemental:Pass numérique 81", 1 + 12},
		{"tag:national:Café IA", 12},
		{"tag:national:Café IA: suite", 1},
		{"tag:personnel:suivi", 1},
		{"materiel:telephone", 1 + 1},
		{"materiel:ordinateur", 12},
		{"materiel:tablette", 12},
		{"materiel:aucun", 0},
		{"autonomie:partiellement_autonome", 1},
		{"autonomie:autonome", 1},
		{"autonomie:entierement_accompagne", 0},
	} {
		got, ok := lines[tt.indicator]
		if !ok || got != tt.want {
			t.Errorf("%s = %d (listed %v), want %d", tt.indicator, got, ok, tt.want)
		}
	}
	for _, v := range activity.AllThematics {
		if _, ok := lines["thematique:"+v.Value]; !ok {
			t.Errorf("no line for thematic %s", v.Value)
		}
	}
	// Each breakdown of the public adds up to the accompaniments, and the
	// sources too: nothing counted twice, nothing left out.
	for name, m := range map[string]map[string]int{"genres": s.Genders, "âges": s.AgeBands, "statuts": s.Statuses, "résidences": s.Residences, "sources": s.Sources} {
		sum := 0
		for _, n := range m {
			sum += n
		}
		if sum != 51 {
			t.Errorf("%s add up to %d, want 51", name, sum)
		}
	}

	tags := 0
	for ind := range lines {
		if strings.HasPrefix(ind, "tag:") {
			tags++
		}
	}
	if tags != 4 {
		t.Errorf("%d tag lines, want the 4 carried in November", tags)
	}
	if got := ParseTagKey("national:Café IA: suite"); got != (activity.Tag{Scope: "national", Name: "Café IA: suite"}) {
		t.Errorf("ParseTagKey: %+v", got)
	}
	// A public page leaves the personal and team tags out.
	for _, l := range s.PublicLines() {
		if strings.HasPrefix(l.Indicator, "tag:personnel:") {
			t.Errorf("public line %s", l.Indicator)
		}
	}

	prev := Compute(nov.Previous(), fixture())
	// November, a calendar month, is compared with October 1-31.
	if prev.Period != (Period{From: "2026-10-01", To: "2026-10-31"}) {
		t.Errorf("previous period: %+v", prev.Period)
	}
	// October 31's individual and the October aggregate's 5.
	if prev.Accompaniments != 6 || prev.Coordinations[activity.Partenariat] != 1 || prev.Orientations["venue"] != 1 || prev.Tags["national:Café IA"] != 1 {
		t.Errorf("previous: %d accompaniments, %v, %v", prev.Accompaniments, prev.Coordinations, prev.Orientations)
	}
	for _, c := range Compare(s, prev) {
		if c.Indicator == "accompagnements" && (c.Value != 51 || c.Previous != 6 || c.ChangeText() != "+750 %") {
			t.Errorf("comparison: %+v %s", c, c.ChangeText())
		}
	}
}

func TestPeriod(t *testing.T) {
	for _, tt := range []struct {
		p, prev Period
		days    int
	}{
		{Period{"2026-11-01", "2026-11-30"}, Period{"2026-10-01", "2026-10-31"}, 30},
		{Period{"2026-10-01", "2026-10-31"}, Period{"2026-09-01", "2026-09-30"}, 31},
		{Period{"2026-03-01", "2026-03-31"}, Period{"2026-02-01", "2026-02-28"}, 31},
		{Period{"2026-01-01", "2026-02-28"}, Period{"2025-11-01", "2025-12-31"}, 59},
		{Period{"2025-12-01", "2026-11-30"}, Period{"2024-12-01", "2025-11-30"}, 365},
		{Period{"2026-10-02", "2026-10-31"}, Period{"2026-09-02", "2026-10-01"}, 30},
		{Period{"2026-03-01", "2026-03-01"}, Period{"2026-02-28", "2026-02-28"}, 1},
		{Year(2025), Year(2024), 365},
		{Year(2024), Year(2023), 366},
		{Period{"2024-03-01", "2024-03-31"}, Period{"2024-02-01", "2024-02-29"}, 31},
		{Period{"2024-03-01", "2024-03-30"}, Period{"2024-01-31", "2024-02-29"}, 30},
	} {
		if got := tt.p.Previous(); got != tt.prev {
			t.Errorf("%v: previous %v, want %v", tt.p, got, tt.prev)
		}
		if got := tt.p.Days(); got != tt.days {
			t.Errorf("%v: %d days, want %d", tt.p, got, tt.days)
		}
	}
	for _, bad := range [][2]string{{"2026-11-31", "2026-12-01"}, {"2026-12-02", "2026-12-01"}, {"01/11/2026", "2026-12-01"}} {
		if _, err := ParsePeriod(bad[0], bad[1]); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestLastTwelveMonths: the default period of the statistics, written by
// hand for days at the start and end of months, in January (the year
// before whole) and around 29 February; the day is read where it is given.
func TestLastTwelveMonths(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		today time.Time
		want  Period
	}{
		{time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC), Period{"2025-12-01", "2026-11-30"}},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Period{"2025-12-01", "2026-11-30"}},
		{time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), Period{"2025-12-01", "2026-11-30"}},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Period{"2026-01-01", "2026-12-31"}},
		{time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC), Period{"2026-01-01", "2026-12-31"}},
		{time.Date(2026, 2, 15, 12, 0, 0, 0, time.UTC), Period{"2025-02-01", "2026-01-31"}},
		{time.Date(2026, 5, 31, 12, 0, 0, 0, time.UTC), Period{"2025-05-01", "2026-04-30"}},
		{time.Date(2026, 7, 31, 12, 0, 0, 0, time.UTC), Period{"2025-07-01", "2026-06-30"}},
		// Leap years: February ends on the 29th in 2024 and 2028.
		{time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), Period{"2023-02-01", "2024-01-31"}},
		{time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), Period{"2023-03-01", "2024-02-29"}},
		{time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC), Period{"2024-03-01", "2025-02-28"}},
		{time.Date(2028, 3, 15, 12, 0, 0, 0, time.UTC), Period{"2027-03-01", "2028-02-29"}},
		// 1 January 00:30 in Paris is still 31 December in UTC: the day is
		// the one of the location given.
		{time.Date(2027, 1, 1, 0, 30, 0, 0, paris), Period{"2026-01-01", "2026-12-31"}},
		{time.Date(2027, 1, 1, 0, 30, 0, 0, paris).UTC(), Period{"2025-12-01", "2026-11-30"}},
	} {
		if got := LastTwelveMonths(tt.today); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.today.Format(time.RFC3339), got, tt.want)
		}
	}
}

func TestChangeText(t *testing.T) {
	for _, tt := range []struct {
		v, p int
		want string
	}{{10, 8, "+25 %"}, {9, 10, "−10 %"}, {5, 0, "nouveau"}, {0, 0, "—"}, {7, 7, "0 %"}, {0, 3, "−100 %"}} {
		if got := (Comparison{Value: tt.v, Previous: tt.p}).ChangeText(); got != tt.want {
			t.Errorf("%d vs %d: %q, want %q", tt.v, tt.p, got, tt.want)
		}
	}
}
