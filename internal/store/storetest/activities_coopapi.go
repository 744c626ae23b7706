package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/store"
)

func apiAggregate(dep, month string, individual, workshops, participants int) activity.APIAggregate {
	return activity.APIAggregate{Departement: dep, Month: month, Activities: individual + workshops, Individual: individual, Workshops: workshops,
		WorkshopParticipants: participants, Accompaniments: individual + participants, Beneficiaries: individual + participants - 1,
		Thematics: map[string]int{"email": individual, activity.AideDemarches: 1, "logement": 1}, Durations: map[string]int{"60": individual + workshops},
		PlaceTypes: map[string]int{activity.LieuActivite: individual + workshops}, Genders: map[string]int{"feminin": 2, activity.NonCommunique: 1},
		AgeBands: map[string]int{"soixante_dix_plus": 3}, Statuses: map[string]int{"retraite": 3}}
}

// testActivityCoopAPI: the Coop's API aggregates, one per département and
// month: an import adds them with their vintage, the same import again
// changes nothing, new figures replace a département-month (never add
// one); a bad run stores nothing and leaves what was stored; the filters
// select by months and by département or région, never by commune; the
// database refuses a département-month twice and totals that do not add up.
func testActivityCoopAPI(t *testing.T, s store.Store, _ *activityFixture, exec TryExec) {
	ctx := context.Background()
	aggs := []activity.APIAggregate{apiAggregate("81", "2026-10", 15, 2, 10), apiAggregate("31", "2026-10", 40, 3, 30), apiAggregate("81", "2026-11", 5, 1, 3)}
	run, err := s.ImportCoopAPI(ctx, activity.ImportRun{File: "API Coop départements 31, 81 du 2026-10-01 au 2026-11-30"}, aggs, "cli")
	if err != nil {
		t.Fatal(err)
	}
	if run.ID == 0 || run.Lines != 3 || run.Created != 3 || run.Replaced != 0 || run.Format != activity.SourceAPICoop {
		t.Errorf("first run: %+v", run)
	}
	all := func() []activity.APIAggregate {
		t.Helper()
		got, err := s.APIAggregates(ctx, store.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := all()
	if len(got) != 3 || got[0].Departement != "31" || got[1].Departement != "81" || got[2].Month != "2026-11" {
		t.Fatalf("stored: %+v", got)
	}
	want := aggs[1]
	want.ID, want.ImportID, want.Fetched = got[0].ID, run.ID, time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got[0], want)
	}

	again, err := s.ImportCoopAPI(ctx, activity.ImportRun{File: "same"}, aggs, "cli")
	if err != nil || again.Unchanged != 3 || again.Created+again.Replaced != 0 {
		t.Errorf("the same import again: %v %+v", err, again)
	}
	newer := apiAggregate("81", "2026-10", 16, 2, 10)
	third, err := s.ImportCoopAPI(ctx, activity.ImportRun{File: "newer"}, []activity.APIAggregate{newer}, "cli")
	if err != nil || third.Replaced != 1 || third.Created != 0 {
		t.Errorf("newer figures: %v %+v", err, third)
	}
	got = all()
	if len(got) != 3 || got[1].Individual != 16 || got[1].Accompaniments != 26 || got[1].ImportID != third.ID {
		t.Errorf("after the replacement: %+v", got)
	}

	// Refused runs store nothing.
	bad := apiAggregate("81", "2026-10", 99, 2, 10)
	bad.Accompaniments = 1
	for name, run := range map[string][]activity.APIAggregate{
		"totals not adding up": {apiAggregate("12", "2026-10", 1, 0, 0), bad},
		"given twice":          {apiAggregate("12", "2026-10", 1, 0, 0), apiAggregate("12", "2026-10", 2, 0, 0)},
		"unknown thematic": {func() activity.APIAggregate {
			g := apiAggregate("12", "2026-10", 1, 0, 0)
			g.Thematics["x"] = 1
			return g
		}()},
	} {
		if _, err := s.ImportCoopAPI(ctx, activity.ImportRun{File: name}, run, "cli"); failure.CodeOf(err) != failure.Invalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if after := all(); !reflect.DeepEqual(after, got) {
		t.Errorf("a refused run changed the stored figures:\n got %+v\nwant %+v", after, got)
	}

	for _, tt := range []struct {
		name string
		f    store.ActivityFilter
		want int
	}{
		{"a département", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "departement", Code: "81"}}}, 2},
		{"a région", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "region", Code: "76"}}}, 3},
		{"another région", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "region", Code: "84"}}}, 0},
		{"a commune", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "commune", Code: "81004"}}}, 0},
		{"an EPCI", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "epci", Code: "248100737"}}}, 0},
		{"November", store.ActivityFilter{From: "2026-11-01", To: "2026-11-30"}, 1},
		{"October's days", store.ActivityFilter{From: "2026-10-15", To: "2026-10-20"}, 2},
	} {
		if got, err := s.APIAggregates(ctx, tt.f); err != nil || len(got) != tt.want {
			t.Errorf("%s: %v %d, want %d", tt.name, err, len(got), tt.want)
		}
	}

	runs, err := s.ActivityImports(ctx)
	if err != nil || len(runs) != 3 || runs[0].Format != activity.SourceAPICoop || runs[0].File != "newer" {
		t.Errorf("runs: %v %+v", err, runs)
	}

	for _, tt := range []struct{ name, query string }{
		{"a département-month twice", `INSERT INTO coop_api_agregats (departement, mois, recupere_at, import_id, activites, individuels, collectifs, participants_collectifs, accompagnements, beneficiaires, detail) SELECT '81', '2026-10', '', import_id, 1, 1, 0, 0, 1, 1, '{}' FROM coop_api_agregats WHERE mois = '2026-11'`},
		{"totals not adding up", `UPDATE coop_api_agregats SET accompagnements = accompagnements + 1 WHERE mois = '2026-11'`},
		{"a negative count", `UPDATE coop_api_agregats SET beneficiaires = -1 WHERE mois = '2026-11'`},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted by the database", tt.name)
		}
	}
}
