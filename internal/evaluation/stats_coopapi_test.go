package evaluation

import (
	"testing"

	"maillage/internal/activity"
)

// TestComputeCoopAPINeverTwice: the Coop's API figures of a
// département-month replace the activities imported from Coop exports of
// that département and month (the same accompaniments), and add to the
// activities entered here and the monthly aggregates; other months and
// départements keep their exports' activities. Expected totals are
// counted by hand from the rows below.
func TestComputeCoopAPINeverTwice(t *testing.T) {
	coop := func(id, dep, date string) activity.Activity {
		return activity.Activity{Kind: activity.Individuel, Date: date, Departement: dep, Source: activity.SourceImportCoop, CoopID: id, Duration: 30,
			PlaceType: activity.ADistance, Thematics: []string{"email"}, Public: activity.Public{Total: 1}}
	}
	in := Input{
		Activities: []activity.Activity{
			coop("a", "81", "2026-10-03"), coop("b", "81", "2026-10-20"), coop("c", "81", "2026-10-31"), // replaced by the API's October
			coop("d", "81", "2026-09-30"), // September: no API figures, counted
			coop("e", "31", "2026-10-05"), // another département, counted
			{Kind: activity.Individuel, Date: "2026-10-07", Departement: "81", Source: activity.SourceSaisie, Duration: 60, PlaceType: activity.LieuActivite,
				LieuID: "l1", Thematics: []string{"email"}, Public: activity.Public{Total: 1}},
		},
		Aggregates: []activity.Aggregate{{LieuID: "l2", Month: "2026-10", Individual: 2, Departement: "81", Public: activity.Public{Total: 2}}},
		APIAggregates: []activity.APIAggregate{{Departement: "81", Month: "2026-10", Activities: 17, Individual: 15, Workshops: 2, WorkshopParticipants: 10,
			Accompaniments: 25, Beneficiaries: 21, Thematics: map[string]int{"email": 6}, Durations: map[string]int{"60": 17},
			PlaceTypes: map[string]int{activity.LieuActivite: 17}, Genders: map[string]int{"feminin": 11}}},
	}
	for _, tt := range []struct {
		name                                          string
		p                                             Period
		accompaniments, individual, workshops, coopFx int
		api, email                                    int
	}{
		// 25 (API) + 1 (entered) + 2 (aggregate) + 1 (export of the 31).
		{"October", Period{"2026-10-01", "2026-10-31"}, 29, 15 + 1 + 2 + 1, 2, 1, 25, 6 + 1 + 1},
		// The same and September's export.
		{"September and October", Period{"2026-09-01", "2026-10-31"}, 30, 20, 2, 2, 25, 6 + 1 + 1 + 1},
		// A period starting mid-month counts no month's aggregate: the
		// exports' days of it count (b, c), and the entered one is before.
		{"late October", Period{"2026-10-10", "2026-10-31"}, 2, 2, 0, 2, 0, 2},
	} {
		s := Compute(tt.p, in)
		if s.Accompaniments != tt.accompaniments || s.Individual != tt.individual || s.Workshops != tt.workshops ||
			s.Sources[activity.SourceImportCoop] != tt.coopFx || s.Sources[activity.SourceAPICoop] != tt.api || s.Thematics["email"] != tt.email {
			t.Errorf("%s: accompaniments %d individual %d workshops %d export %d api %d email %d, want %d %d %d %d %d %d", tt.name,
				s.Accompaniments, s.Individual, s.Workshops, s.Sources[activity.SourceImportCoop], s.Sources[activity.SourceAPICoop], s.Thematics["email"],
				tt.accompaniments, tt.individual, tt.workshops, tt.coopFx, tt.api, tt.email)
		}
		sum := 0
		for _, n := range s.Sources {
			sum += n
		}
		genders := 0
		for _, n := range s.Genders {
			genders += n
		}
		if sum != s.Accompaniments || genders != s.Accompaniments || s.Individual+s.WorkshopParticipants != s.Accompaniments {
			t.Errorf("%s: sources %d, genders %d, individual+participants %d for %d accompaniments", tt.name, sum, genders, s.Individual+s.WorkshopParticipants, s.Accompaniments)
		}
		said := false
		for _, l := range s.Lines() {
			if l.Indicator == "source:"+activity.SourceAPICoop {
				said = l.Value == tt.api
			}
		}
		if said != (tt.api > 0) {
			t.Errorf("%s: the line source:api_coop is said %v", tt.name, said)
		}
	}
}
