package access_test

import (
	"context"
	"fmt"
	"math"

	"maillage/internal/access"
)

// The whole flow of a diagnostic: accessibility, the people beyond a
// threshold, the unserved communes, and where two new places would help.
func Example() {
	ctx := context.Background()
	communes := []access.Demand{
		{Code: "69123", Lat: 45.7578, Lon: 4.8320, Population: 520000, AtRisk: 150000}, // Lyon
		{Code: "69264", Lat: 45.9900, Lon: 4.7190, Population: 37000, AtRisk: 11000},   // Villefranche-sur-Saône
		{Code: "69040", Lat: 46.1440, Lon: 4.4840, Population: 900, AtRisk: 400},       // Chambost-Allières
		{Code: "38185", Lat: 45.1885, Lon: 5.7245, Population: 160000, AtRisk: 45000},  // Grenoble
	}
	places := []access.Supply{
		{ID: "lyon-1", Lat: 45.7640, Lon: 4.8357, Weight: 1},
		{ID: "lyon-2", Lat: 45.7500, Lon: 4.8500, Weight: 1},
		{ID: "villefranche", Lat: 45.9890, Lon: 4.7180, Weight: 1},
	}
	cost := access.CrowFly()
	res, err := access.Compute(ctx, access.Method{Kind: access.KindE2SFCA, Catchment: 20}, cost, communes, places)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res {
		fmt.Printf("%s: %.3f lieux pour 10 000, plus proche %s à %.1f km, desservie %v\n", r.Code, r.Accessibility, r.NearestID, r.NearestCost, r.Served)
	}
	for _, b := range access.Beyond(communes, res, 10) {
		fmt.Printf("au-delà de %g km : %.0f personnes à risque (%.1f %%)\n", b.Threshold, b.AtRisk, 100*b.AtRiskShare)
	}
	unserved, gap := access.Unserved(communes, res)
	fmt.Printf("non desservies : %d communes, %.0f personnes à risque\n", gap.Communes, gap.AtRisk)
	picks, err := access.Greedy(ctx, cost, unserved, communes, 2, 20)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range picks {
		fmt.Printf("%d. %s couvre %.0f personnes à risque\n", p.Rank, p.Code, math.Round(p.Covered))
	}
	// Checked by hand: Lyon's two places serve Lyon alone (Villefranche is
	// 27 km away): 2 / 150 000 × 10 000 = 0.133; Villefranche's serves
	// Villefranche alone (Chambost-Allières lies 25 km off): 1 / 11 000 ×
	// 10 000 = 0.909; 45 400 of 206 400 people at risk are unserved, 22.0 %.

	// Output:
	// 69123: 0.133 lieux pour 10 000, plus proche lyon-1 à 0.7 km, desservie true
	// 69264: 0.909 lieux pour 10 000, plus proche villefranche à 0.1 km, desservie true
	// 69040: 0.000 lieux pour 10 000, plus proche villefranche à 25.0 km, desservie false
	// 38185: 0.000 lieux pour 10 000, plus proche lyon-2 à 92.5 km, desservie false
	// au-delà de 10 km : 45400 personnes à risque (22.0 %)
	// non desservies : 2 communes, 45400 personnes à risque
	// 1. 38185 couvre 45000 personnes à risque
	// 2. 69040 couvre 400 personnes à risque
}
