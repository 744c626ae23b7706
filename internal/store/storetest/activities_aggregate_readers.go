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

// testAggregateReaders: a reader lists the monthly aggregates it entered
// and those of places in its territories (a coordinator's EPCI or
// département), newest first when asked, and deletes those only, checked
// by the store in the deleting transaction and journaled with it as
// actor (review 12N, minor 8). The expectations are the fixture's
// places, by hand: act-toulouse is in Toulouse Métropole (31), act-albi
// in the Tarn (81) and in no EPCI of the referential.
func testAggregateReaders(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	save := func(lieu, month string, by int64) int64 {
		t.Helper()
		g, err := s.SaveAggregate(ctx, activity.Aggregate{LieuID: lieu, Month: month, Individual: 3, Account: by}, by, actor(by))
		if err != nil {
			t.Fatal(err)
		}
		return g.ID
	}
	tlsOct := save(actToulouse, "2026-10", f.mediateur)
	albiSep := save(actAlbi, "2026-09", f.other)
	tlsSep := save(actToulouse, "2026-09", f.other)
	albiNov := save(actAlbi, "2026-11", f.mediateur)
	coordinator, err := s.CreateUser(ctx, account.User{Email: "coordination@toulouse-metropole.fr", Role: account.Coordinateur,
		Territories: []account.Territory{{Kind: "epci", Code: "243100518"}}}, "système")
	if err != nil {
		t.Fatal(err)
	}
	epci := []store.TerritoryRef{{Kind: "epci", Code: "243100518"}}
	tarn := []store.TerritoryRef{{Kind: "departement", Code: "81"}}
	ids := func(f store.ActivityFilter) []int64 {
		t.Helper()
		list, err := s.Aggregates(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, g := range list {
			out = append(out, g.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		f    store.ActivityFilter
		want []int64
	}{
		{"the coordinator of Toulouse Métropole", store.ActivityFilter{Reader: &store.ActivityReader{Account: coordinator, Territories: epci}}, []int64{tlsSep, tlsOct}},
		{"the coordinator of the Tarn", store.ActivityFilter{Reader: &store.ActivityReader{Account: coordinator, Territories: tarn}}, []int64{albiSep, albiNov}},
		{"a reader without territory: its own", store.ActivityFilter{Reader: &store.ActivityReader{Account: f.other}}, []int64{albiSep, tlsSep}},
		{"its own and its territory's", store.ActivityFilter{Reader: &store.ActivityReader{Account: f.other, Territories: epci}}, []int64{albiSep, tlsSep, tlsOct}},
		{"and the other filters", store.ActivityFilter{From: "2026-10-01", Reader: &store.ActivityReader{Account: f.other, Territories: epci}}, []int64{tlsOct}},
		{"newest first", store.ActivityFilter{Newest: true}, []int64{albiNov, tlsOct, tlsSep, albiSep}},
		{"the newest 2 of the Tarn's reader", store.ActivityFilter{Newest: true, Limit: 2, Reader: &store.ActivityReader{Account: coordinator, Territories: tarn}}, []int64{albiNov, albiSep}},
	} {
		if got := ids(tt.f); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// Deleting: not outside its territory, answered as a missing one.
	reader := &store.ActivityReader{Account: coordinator, Territories: epci}
	for _, id := range []int64{albiSep, albiNov} {
		if err := s.DeleteAggregate(ctx, id, reader, actor(coordinator)); failure.CodeOf(err) != failure.NotFound || failure.MessageOf(err) != "Agrégat mensuel introuvable." {
			t.Errorf("aggregate %d deleted by the coordinator of another territory: %v, want « Agrégat mensuel introuvable. »", id, err)
		}
		if _, err := s.Aggregate(ctx, id); err != nil {
			t.Errorf("aggregate %d after a refused deletion: %v", id, err)
		}
	}
	// Nor another's by an account without territory.
	if err := s.DeleteAggregate(ctx, tlsOct, &store.ActivityReader{Account: f.other}, actor(f.other)); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("another's aggregate deleted by an account without territory: %v", err)
	}
	if err := s.DeleteAggregate(ctx, tlsOct, reader, actor(coordinator)); err != nil {
		t.Fatalf("the coordinator of Toulouse Métropole deletes an aggregate of Toulouse: %v", err)
	}
	if _, err := s.Aggregate(ctx, tlsOct); failure.CodeOf(err) != failure.NotFound {
		t.Errorf("deleted by the coordinator: %v", err)
	}
	entries, err := s.Audit(ctx, "agregat_activites", strconv.FormatInt(tlsOct, 10))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(entries); n != 2 || entries[n-1].Action != "supprimer" || entries[n-1].Actor != actor(coordinator) {
		t.Errorf("journal of the deletion: %+v", entries)
	}
	// Its author deletes its own; an administrator (nil) any.
	if err := s.DeleteAggregate(ctx, albiSep, &store.ActivityReader{Account: f.other}, actor(f.other)); err != nil {
		t.Errorf("the author deletes its aggregate: %v", err)
	}
	if err := s.DeleteAggregate(ctx, albiNov, nil, "compte:1"); err != nil {
		t.Errorf("an administrator deletes an aggregate: %v", err)
	}
}
