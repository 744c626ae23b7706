package web

import (
	"math"
	"testing"

	"maillage/internal/fragility"
	"maillage/internal/territory"
)

// A commune whose score is not finite (stored before the import refused
// such values) is in the "unknown" class, never the most fragile, and does
// not move the classes' bounds.
func TestFragilityClassesNonFinite(t *testing.T) {
	d := map[string]fragility.CommuneDemand{
		"31000": {Code: "31000", Fragility: 90, HasIndex: true},
		"31001": {Code: "31001", Fragility: 120, HasIndex: true},
		"31002": {Code: "31002", Fragility: math.Inf(1), HasIndex: true},
		"31003": {Code: "31003", Fragility: math.Inf(-1), HasIndex: true},
	}
	ref := (&territory.Referential{}).Index()
	ref.SetLayer(&territory.Layer{Kind: territory.LayerContours, Vintage: "2025", Source: "c.geojson"})
	f := newFragilityData(d, fragility.Info{IndexVintage: "2023"}, ref)
	for code, want := range map[string]int{"31000": 1, "31001": 2, "31002": 0, "31003": 0} {
		if c, _ := f.class(code); c != want {
			t.Errorf("%s: class %d, want %d", code, c, want)
		}
	}
	if len(f.breaks) != 1 || f.breaks[0] != 120 {
		t.Errorf("breaks %v, want [120]", f.breaks)
	}
}
