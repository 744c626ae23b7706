package storetest

import (
	"context"
	"testing"

	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassCounts: an order's passes counted by state and its used passes
// by carnet, as reading them all would count them; another order's do not
// count, and an unknown order counts none.
func testPassCounts(t *testing.T, s store.Store, _ *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 3, 4, 2)
	// Carnets 1 and 2 handed (8 injecte), carnet 3 emis (4).
	f.redeem(t, s, f.passes[0].Code, lieuInside, place.ServiceDemarches, f.structure, "a")
	f.redeem(t, s, f.passes[1].Code, lieuInside, place.ServiceDemarches, f.structure, "b")
	f.redeem(t, s, f.passes[5].Code, lieuInside, place.ServiceOutils, f.structure, "c")
	if err := s.Block(ctx, f.passes[6].Code, "perdu", "compte:1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Block(ctx, f.passes[9].Code, "perdu", "compte:1"); err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateOrder(ctx, pass.Order{Financeur: f.financeur, Carnets: 2, PassesPerCarnet: 3, ValueCents: 500, ValidUntil: "2026-12-31",
		Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "51"}}, Services: []string{place.ServiceDemarches}}, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.PassCounts(ctx, f.order.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[pass.State]int{}
	used := map[int64]int{}
	ps, err := s.Passes(ctx, f.order.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range pass.States {
		want[st] = 0
	}
	for _, p := range ps {
		want[p.State]++
		if p.State == pass.Utilise {
			used[p.CarnetID]++
		}
	}
	if want[pass.Utilise] != 3 || want[pass.Bloque] != 2 || want[pass.Emis] != 3 || want[pass.Injecte] != 4 {
		t.Fatalf("the fixture changed: %v", want)
	}
	if len(got.ByState) != len(want) {
		t.Errorf("ByState = %v, want %v", got.ByState, want)
	}
	for st, n := range want {
		if got.ByState[st] != n {
			t.Errorf("ByState[%s] = %d, want %d", st, got.ByState[st], n)
		}
	}
	if len(got.UsedByCarnet) != 2 || got.UsedByCarnet[f.carnets[0].ID] != 2 || got.UsedByCarnet[f.carnets[1].ID] != 1 {
		t.Errorf("UsedByCarnet = %v, want %v", got.UsedByCarnet, used)
	}
	if o, err := s.PassCounts(ctx, other.ID); err != nil || o.ByState[pass.Emis] != 6 || o.ByState[pass.Utilise] != 0 || len(o.UsedByCarnet) != 0 {
		t.Errorf("the other order: %+v %v", o, err)
	}
	if none, err := s.PassCounts(ctx, 999999); err != nil || none.ByState[pass.Emis] != 0 || len(none.UsedByCarnet) != 0 {
		t.Errorf("an unknown order: %+v %v", none, err)
	}
}
