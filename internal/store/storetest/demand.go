package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/fragility"
	"maillage/internal/store"
)

// testDemand: the fragility index and the indicators are read back as
// written (an unknown population included), a new import replaces the
// old one whole, the listing says what is loaded and when, and removing
// leaves nothing (NotFound the second time).
func testDemand(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	if idx, err := s.FragilityIndex(ctx); err != nil || idx != nil {
		t.Fatalf("empty store: %v, %v", idx, err)
	}
	if tb, err := s.FragilityIndicators(ctx); err != nil || tb != nil {
		t.Fatalf("empty store: %v, %v", tb, err)
	}
	at := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	c.Set(at)
	idx := &fragility.Index{Level: fragility.LevelIRIS, Vintage: "2020", Source: "ifn_2020.csv", Rows: map[string]fragility.IndexRow{
		"010980000": {Code: "010980000", Score: 93.003695386, Population: 650.5},
		"2A0040101": {Code: "2A0040101", Score: 120, Population: math.NaN()},
	}}
	if err := s.ReplaceFragilityIndex(ctx, idx); err != nil {
		t.Fatal(err)
	}
	got, err := s.FragilityIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Level != idx.Level || got.Vintage != idx.Vintage || got.Source != idx.Source || len(got.Rows) != 2 ||
		got.Rows["010980000"] != idx.Rows["010980000"] || got.Rows["2A0040101"].Score != 120 || !math.IsNaN(got.Rows["2A0040101"].Population) {
		t.Errorf("index %+v", got)
	}

	table := &fragility.Table{Level: fragility.LevelCommune, Vintage: "2019", Source: "rp2019.csv",
		Composite: fragility.Composite{Normalisation: fragility.NormRatio, Reference: fragility.RefDepartement, Indicators: []fragility.Indicator{
			{Key: "plus_65_ans", Label: "Part des 65 ans et plus", Direction: 1, Weight: 1},
			{Key: "revenu_median", Label: "Revenu médian", Direction: -1, Weight: 2},
		}},
		AtRisk: fragility.AtRiskSpec{Age: "plus_65_ans"},
		Units:  map[string]fragility.Unit{},
		// A rate published without its base: the referential's population.
		ReferentialBase: []string{"plus_65_ans"}, ReferentialBaseVintage: "2026",
	}
	// More rows than one statement writes.
	for i := range 700 {
		code := fmt.Sprintf("%05d", 1001+i)
		table.Units[code] = fragility.Unit{Code: code, Values: map[string]fragility.Sums{
			"plus_65_ans": {Num: float64(i), Den: 1000.25}, "revenu_median": {Num: 21000.5 * 1000, Den: 1000}}}
	}
	table.Units["01001"].Values["plus_65_ans"] = fragility.Sums{Num: 0.1, Den: 0.3}
	delete(table.Units["01002"].Values, "revenu_median")
	c.Set(at.Add(time.Minute))
	if err := s.ReplaceFragilityIndicators(ctx, table); err != nil {
		t.Fatal(err)
	}
	gotTable, err := s.FragilityIndicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotTable, table) {
		t.Errorf("indicators differ: %+v %+v %v", gotTable.Composite, gotTable.AtRisk, len(gotTable.Units))
	}

	list, err := s.DemandDatasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []fragility.Dataset{
		{Kind: fragility.KindIndex, Level: fragility.LevelIRIS, Vintage: "2020", Source: "ifn_2020.csv", Units: 2, Imported: store.FormatTime(at)},
		{Kind: fragility.KindIndicators, Level: fragility.LevelCommune, Vintage: "2019", Source: "rp2019.csv", Units: 700, Imported: store.FormatTime(at.Add(time.Minute))},
	}
	if !reflect.DeepEqual(list, want) {
		t.Errorf("datasets\n got %+v\nwant %+v", list, want)
	}

	// A new import replaces the old one whole.
	idx2 := &fragility.Index{Level: fragility.LevelCommune, Vintage: "2023", Source: "ifn_2023.csv", Rows: map[string]fragility.IndexRow{
		"01098": {Code: "01098", Score: 5, Population: 700},
	}}
	if err := s.ReplaceFragilityIndex(ctx, idx2); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FragilityIndex(ctx); err != nil || got.Level != fragility.LevelCommune || len(got.Rows) != 1 || got.Rows["01098"] != idx2.Rows["01098"] {
		t.Errorf("replaced: %+v, %v", got, err)
	}
	// A value that is not a number is refused, the old data kept.
	bad := &fragility.Index{Level: fragility.LevelCommune, Rows: map[string]fragility.IndexRow{"01001": {Code: "01001", Score: math.NaN()}}}
	if err := s.ReplaceFragilityIndex(ctx, bad); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("NaN score: %v", err)
	}
	if got, err := s.FragilityIndex(ctx); err != nil || len(got.Rows) != 1 {
		t.Errorf("after refusal: %+v, %v", got, err)
	}

	for _, kind := range []string{fragility.KindIndex, fragility.KindIndicators} {
		if err := s.RemoveDemandDataset(ctx, kind); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveDemandDataset(ctx, kind); !errors.Is(err, failure.ErrNotFound) {
			t.Errorf("removed twice: %v", err)
		}
	}
	if idx, err := s.FragilityIndex(ctx); err != nil || idx != nil {
		t.Errorf("removed: %v, %v", idx, err)
	}
	if tb, err := s.FragilityIndicators(ctx); err != nil || tb != nil {
		t.Errorf("removed: %v, %v", tb, err)
	}
	if list, err := s.DemandDatasets(ctx); err != nil || len(list) != 0 {
		t.Errorf("removed: %v, %v", list, err)
	}
	if err := s.RemoveDemandDataset(ctx, "autre"); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("unknown kind: %v", err)
	}
}
