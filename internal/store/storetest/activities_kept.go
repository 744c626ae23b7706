package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// testActivityKeptFromOthers: a coordinator deletes the activities of its
// territory entered here, not one imported from the Coop (its import
// owns it) nor one paid by a Pass numérique (its author's and the
// administrators'), refused with the reason in the deleting transaction;
// an administrator deletes both, the author its paid one.
func testActivityKeptFromOthers(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	// The Coop's first activity is at 31555 (Toulouse, 31).
	run, err := s.ImportCoop(ctx, activity.ImportRun{File: "export-coop.xlsx"}, coopActivities()[:1], "cli")
	if err != nil || run.Created != 1 {
		t.Fatalf("import: %v %+v", err, run)
	}
	imported := mustActivities(t, s, store.ActivityFilter{Source: activity.SourceImportCoop})
	if len(imported) != 1 || imported[0].Departement != "31" {
		t.Fatalf("imported: %+v", imported)
	}
	entered := addActivity(t, s, individualAt(f)) // the médiateur's, Toulouse (31)

	// A paid one: a redemption at Reims (51), and the coordinator of 51.
	ref := Referential()
	ref.Regions = append(ref.Regions, territory.Region{Code: "44", Nom: "Grand Est"})
	ref.Departements = append(ref.Departements, territory.Departement{Code: "51", Nom: "Marne", Region: "44"})
	ref.Communes = append(ref.Communes, territory.Commune{Code: "51454", Nom: "Reims", Departement: "51", Region: "44", CodesPostaux: []string{"51100"}, Population: 178301})
	if err := s.ReplaceTerritories(ctx, ref.Index()); err != nil {
		t.Fatal(err)
	}
	pf := newPassFixture(t, s, 1, 4, 1)
	res := pf.redeem(t, s, pf.passes[0].Code, lieuInside, place.ServiceDemarches, pf.structure, "k0")
	if res.Redemption == nil {
		t.Fatalf("redemption refused: %s", res.Reason)
	}
	paid := addActivity(t, s, activity.Activity{Kind: activity.Individuel, Date: "2026-12-02", Duration: 60, PlaceType: activity.LieuActivite, LieuID: lieuInside,
		Thematics: []string{"email"}, PassRedemption: res.Redemption.ID, Account: f.mediateur})

	coordinator, err := s.CreateUser(ctx, account.User{Email: "coordination@hg-marne.fr", Role: account.Coordinateur,
		Territories: []account.Territory{{Kind: "departement", Code: "31"}, {Kind: "departement", Code: "51"}}}, "système")
	if err != nil {
		t.Fatal(err)
	}
	reader := &store.ActivityReader{Account: coordinator, Territories: []store.TerritoryRef{{Kind: "departement", Code: "31"}, {Kind: "departement", Code: "51"}}}
	// It reads all three.
	var read []int64
	for _, a := range mustActivities(t, s, store.ActivityFilter{Reader: reader}) {
		read = append(read, a.ID)
	}
	if want := []int64{imported[0].ID, entered.ID, paid.ID}; !reflect.DeepEqual(read, want) {
		t.Fatalf("the coordinator reads %v, want %v", read, want)
	}
	for _, tt := range []struct {
		name string
		id   int64
		want string // a part of the refusal's message
	}{
		{"imported from the Coop", imported[0].ID, "import de la Coop (ID CRA 0b4c1e9e-0001)"},
		{"paid by the Pass", paid.ID, "payée par le Pass numérique"},
	} {
		err := s.DeleteActivity(ctx, tt.id, reader, actor(coordinator))
		if failure.CodeOf(err) != failure.Forbidden || !strings.Contains(failure.MessageOf(err), tt.want) {
			t.Errorf("%s deleted by a coordinator: %v, want a refusal saying %q", tt.name, err, tt.want)
		}
		if _, err := s.Activity(ctx, tt.id); err != nil {
			t.Errorf("%s after the refusal: %v", tt.name, err)
		}
	}
	if err := s.DeleteActivity(ctx, entered.ID, reader, actor(coordinator)); err != nil {
		t.Errorf("the coordinator deletes an activity entered at its territory: %v", err)
	}
	// Their author (a paid one), an administrator (an import) delete them.
	if err := s.DeleteActivity(ctx, paid.ID, &store.ActivityReader{Account: f.mediateur}, actor(f.mediateur)); err != nil {
		t.Errorf("the author deletes its paid activity: %v", err)
	}
	if err := s.DeleteActivity(ctx, imported[0].ID, nil, "compte:1"); err != nil {
		t.Errorf("an administrator deletes an import: %v", err)
	}
	if left := mustActivities(t, s, store.ActivityFilter{}); len(left) != 0 {
		t.Errorf("left: %+v", left)
	}
}

// testActivityNewestAndCount: Newest lists newest first (date, then id,
// descending), with Limit the latest ones; CountActivities counts what a
// filter selects over every page; neither takes a page's cursor.
func testActivityNewestAndCount(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	var byDate = map[string][]int64{}
	for _, date := range []string{"2026-11-20", "2026-11-05", "2026-11-20", "2026-10-01", "2026-11-21"} {
		a := individualAt(f)
		a.Date, a.Orientation, a.Oriented, a.Redirection, a.RedirectionLieu = date, 0, false, "", ""
		byDate[date] = append(byDate[date], addActivity(t, s, a).ID)
	}
	other := addActivity(t, s, workshopAtHome(f)) // 2026-11-05, Castres (81), the other's
	remote := individualAt(f)                     // at a distance, without a commune: in no territory
	remote.Date, remote.PlaceType, remote.LieuID, remote.Orientation, remote.Oriented, remote.Redirection, remote.RedirectionLieu = "2026-09-15", activity.ADistance, "", 0, false, "", ""
	remote = addActivity(t, s, remote)
	if remote.Commune != "" {
		t.Fatalf("remote activity has commune %q", remote.Commune)
	}
	// Written by hand: dates descending, ids descending within a day.
	want := []int64{byDate["2026-11-21"][0], byDate["2026-11-20"][1], byDate["2026-11-20"][0], other.ID, byDate["2026-11-05"][0], byDate["2026-10-01"][0], remote.ID}
	if other.ID < byDate["2026-11-05"][0] {
		t.Fatal("ids out of order")
	}
	ids := func(list []activity.Activity) []int64 {
		var out []int64
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	if got := ids(mustActivities(t, s, store.ActivityFilter{Newest: true})); !reflect.DeepEqual(got, want) {
		t.Errorf("newest first: %v, want %v", got, want)
	}
	if got := ids(mustActivities(t, s, store.ActivityFilter{Newest: true, Limit: 3})); !reflect.DeepEqual(got, want[:3]) {
		t.Errorf("the 3 newest: %v, want %v", got, want[:3])
	}
	if _, err := s.Activities(ctx, store.ActivityFilter{Newest: true, ByID: true}); err == nil {
		t.Error("Newest with a cursor accepted")
	}
	for _, tt := range []struct {
		name string
		f    store.ActivityFilter
		want int
	}{
		{"all", store.ActivityFilter{}, 7},
		{"a reader without territory: its own", store.ActivityFilter{Reader: &store.ActivityReader{Account: f.other}}, 1},
		{"the médiateur's from 2026-11-05", store.ActivityFilter{Account: f.mediateur, From: "2026-11-05"}, 4},
		{"in the Tarn", store.ActivityFilter{Territories: []store.TerritoryRef{{Kind: "departement", Code: "81"}}}, 1},
		{"without a commune", store.ActivityFilter{NoCommune: true}, 1},
		{"without a commune from 2026-10-01", store.ActivityFilter{NoCommune: true, From: "2026-10-01"}, 0},
	} {
		n, err := s.CountActivities(ctx, tt.f)
		if err != nil || n != tt.want {
			t.Errorf("count %s: %d %v, want %d", tt.name, n, err, tt.want)
		}
	}
	for _, bad := range []store.ActivityFilter{{Limit: 2}, {ByID: true, AfterID: 1}, {Newest: true}} {
		if _, err := s.CountActivities(ctx, bad); err == nil {
			t.Errorf("count of a page %+v accepted", bad)
		}
	}
}

// testActivitiesOnlyFilters: the lists of coordination activities and
// API aggregates refuse Reader, ByID, AfterID and Newest, and the list
// of aggregates ByID and AfterID (which page activities alone), instead
// of ignoring them; Aggregates applies Reader and Newest
// (testAggregateReaders).
func testActivitiesOnlyFilters(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	if _, err := s.SaveAggregate(ctx, activity.Aggregate{LieuID: actToulouse, Month: "2026-10", Individual: 4, Account: f.other}, 0, actor(f.other)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []store.ActivityFilter{
		{Reader: &store.ActivityReader{Account: f.mediateur}},
		{ByID: true},
		{AfterID: 1},
		{Newest: true},
	} {
		if list, err := s.Coordinations(ctx, bad); err == nil {
			t.Errorf("Coordinations with %+v: %d, want an error", bad, len(list))
		}
		if list, err := s.APIAggregates(ctx, bad); err == nil {
			t.Errorf("APIAggregates with %+v: %d, want an error", bad, len(list))
		}
		if list, err := s.Aggregates(ctx, bad); (err == nil) != (bad.Reader != nil || bad.Newest) {
			t.Errorf("Aggregates with %+v: %d, %v", bad, len(list), err)
		}
	}
	// The médiateur reads none of the other's (no territory).
	if list, err := s.Aggregates(ctx, store.ActivityFilter{Reader: &store.ActivityReader{Account: f.mediateur}}); err != nil || len(list) != 0 {
		t.Errorf("Aggregates the médiateur reads: %v %d, want none", err, len(list))
	}
	if list, err := s.Aggregates(ctx, store.ActivityFilter{Account: f.other}); err != nil || len(list) != 1 {
		t.Errorf("Aggregates of the other: %v %d", err, len(list))
	}
}
