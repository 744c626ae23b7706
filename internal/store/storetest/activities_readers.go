package storetest

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// testActivityReaders: a reader reads its own activities and those whose
// commune lies in its territories (a coordinator's EPCI or département),
// and deletes those only, checked by the store; the expectations are the
// fixture's places, listed by hand (Toulouse is in Toulouse Métropole,
// Castres in the Tarn and in no EPCI of the referential).
func testActivityReaders(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	toulouse := addActivity(t, s, individualAt(f))  // the médiateur's, Toulouse
	castres := addActivity(t, s, workshopAtHome(f)) // the other's, Castres (81)
	d := workshopAtHome(f)
	d.Kind, d.PlaceType, d.Commune, d.Title, d.Level, d.Public, d.Date = activity.Individuel, activity.ADistance, "", "", "", activity.Public{}, "2026-10-01"
	distance := addActivity(t, s, d) // the other's, nowhere
	coordinator, err := s.CreateUser(ctx, account.User{Email: "coordination@toulouse-metropole.fr", Role: account.Coordinateur,
		Territories: []account.Territory{{Kind: "epci", Code: "243100518"}}}, "système")
	if err != nil {
		t.Fatal(err)
	}
	epci := []store.TerritoryRef{{Kind: "epci", Code: "243100518"}}
	tarn := []store.TerritoryRef{{Kind: "departement", Code: "81"}}
	ids := func(f store.ActivityFilter) []int64 {
		t.Helper()
		list, err := s.Activities(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		f    store.ActivityFilter
		want []int64
	}{
		{"the coordinator of Toulouse Métropole", store.ActivityFilter{Reader: &store.ActivityReader{Account: coordinator, Territories: epci}}, []int64{toulouse.ID}},
		{"the coordinator of the Tarn", store.ActivityFilter{Reader: &store.ActivityReader{Account: coordinator, Territories: tarn}}, []int64{castres.ID}},
		{"a reader without territory: its own", store.ActivityFilter{Reader: &store.ActivityReader{Account: f.other}}, []int64{distance.ID, castres.ID}},
		{"its own and its territory's", store.ActivityFilter{Reader: &store.ActivityReader{Account: f.other, Territories: epci}}, []int64{distance.ID, castres.ID, toulouse.ID}},
		{"and the other filters", store.ActivityFilter{Kind: activity.Collectif, Reader: &store.ActivityReader{Account: f.other, Territories: epci}}, []int64{castres.ID}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// Deleting: not outside its territory, nor what lies nowhere; both
	// answered as a missing activity (which ids exist is not told).
	for _, id := range []int64{castres.ID, distance.ID} {
		if err := s.DeleteActivity(ctx, id, &store.ActivityReader{Account: coordinator, Territories: epci}, actor(coordinator)); failure.CodeOf(err) != failure.NotFound {
			t.Errorf("activity %d deleted by the coordinator of another territory: %v, want not found", id, err)
		}
		if _, err := s.Activity(ctx, id); err != nil {
			t.Errorf("activity %d after a refused deletion: %v", id, err)
		}
	}
	if err := s.DeleteActivity(ctx, toulouse.ID, &store.ActivityReader{Account: coordinator, Territories: epci}, actor(coordinator)); err != nil {
		t.Fatalf("the coordinator of Toulouse Métropole deletes an activity of Toulouse: %v", err)
	}
	if _, err := s.Activity(ctx, toulouse.ID); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("deleted by the coordinator: %v", err)
	}
	entries, err := s.Audit(ctx, "activite", strconv.FormatInt(toulouse.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(entries); n != 2 || entries[n-1].Action != "supprimer" || entries[n-1].Actor != actor(coordinator) {
		t.Errorf("journal of the deletion: %+v", entries)
	}
}

// testActivityPaging: pages of Limit activities by id after a cursor
// (the last one's id) give every activity once, in the order they were
// recorded, also when a date is edited between two pages (an activity
// already read moved later, one not yet read moved earlier: by date,
// the first would come twice and the second never); From and To still
// filter.
func testActivityPaging(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	var want []int64
	// Recorded out of order: ids do not follow dates; three share a day.
	for _, date := range []string{"2026-11-20", "2026-11-05", "2026-11-20", "2026-10-01", "2026-11-20", "2026-11-05", "2026-11-21"} {
		a := individualAt(f)
		a.Date, a.Orientation, a.Oriented, a.Redirection, a.RedirectionLieu = date, 0, false, "", ""
		want = append(want, addActivity(t, s, a).ID)
	}
	for i := 1; i < len(want); i++ {
		if want[i] <= want[i-1] {
			t.Fatalf("ids do not grow: %v", want)
		}
	}
	byDate := mustActivities(t, s, store.ActivityFilter{})
	if len(byDate) != 7 || byDate[0].ID != want[3] {
		t.Fatalf("by date: %+v, want the activity of 2026-10-01 (%d) first", byDate, want[3])
	}
	for _, limit := range []int{1, 2, 3, 7} {
		var got []int64
		var after int64
		for pages := 0; ; pages++ {
			if pages > 7 {
				t.Fatalf("limit %d: more than 7 pages", limit)
			}
			page, err := s.Activities(ctx, store.ActivityFilter{Limit: limit, ByID: true, AfterID: after, Account: f.mediateur})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > limit {
				t.Fatalf("limit %d: a page of %d", limit, len(page))
			}
			for _, a := range page {
				got = append(got, a.ID)
			}
			if len(page) < limit {
				break
			}
			after = page[len(page)-1].ID
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("limit %d: pages give %v, want %v", limit, got, want)
		}
	}
	// A walk of pages of 2 while dates change: after the first page, its
	// first activity moves to the end of November and the last recorded
	// to October.
	setDate := func(id int64, date string) {
		t.Helper()
		a, err := s.Activity(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a.Date = date
		if _, err := s.UpdateActivity(ctx, a, 0, "test"); err != nil {
			t.Fatal(err)
		}
	}
	var got []int64
	var after int64
	for pages := 0; pages < 8; pages++ {
		page := mustActivities(t, s, store.ActivityFilter{Limit: 2, ByID: true, AfterID: after})
		for _, a := range page {
			got = append(got, a.ID)
		}
		if len(page) < 2 {
			break
		}
		if pages == 0 {
			setDate(page[0].ID, "2026-11-29")
			setDate(want[6], "2026-10-02")
		}
		after = page[len(page)-1].ID
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("a walk while dates change: %v, want each once %v", got, want)
	}
	// After the last one: nothing; From and To filter a walk.
	if got := len(mustActivities(t, s, store.ActivityFilter{ByID: true, AfterID: want[6]})); got != 0 {
		t.Errorf("after the last: %d", got)
	}
	var rest []int64
	for _, a := range mustActivities(t, s, store.ActivityFilter{ByID: true, AfterID: want[0], From: "2026-11-20", To: "2026-11-20"}) {
		rest = append(rest, a.ID)
	}
	if !reflect.DeepEqual(rest, []int64{want[2], want[4]}) {
		t.Errorf("after the first, on 2026-11-20: %v, want %v", rest, []int64{want[2], want[4]})
	}
	if _, err := s.Activities(ctx, store.ActivityFilter{AfterID: want[0]}); err == nil {
		t.Error("AfterID without ByID accepted")
	}
}

func mustActivities(t *testing.T, s store.Store, f store.ActivityFilter) []activity.Activity {
	t.Helper()
	list, err := s.Activities(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return list
}
