package storetest

import (
	"context"
	"reflect"
	"testing"

	"maillage/internal/store"
)

func testTerritories(t *testing.T, s store.Store) {
	ctx := context.Background()
	empty, err := s.Territories(ctx)
	if err != nil || !empty.Empty() {
		t.Fatalf("empty referential: %v %+v", err, empty)
	}
	want := Referential()
	if err := s.ReplaceTerritories(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceTerritories(ctx, want); err != nil { // replacing twice keeps one copy
		t.Fatal(err)
	}
	got, err := s.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Communes, want.Communes) || !reflect.DeepEqual(got.EPCIs, want.EPCIs) ||
		!reflect.DeepEqual(got.Departements, want.Departements) || !reflect.DeepEqual(got.Regions, want.Regions) {
		t.Errorf("referential round trip:\n got %+v\nwant %+v", got, want)
	}
	if c, ok := got.Commune("81004"); !ok || c.Nom != "Albi" {
		t.Errorf("lookup: %+v", c)
	}
}
