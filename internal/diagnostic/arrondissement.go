package diagnostic

import (
	"fmt"
	"math"

	"maillage/internal/place"
	"maillage/internal/territory"
)

// arrondissementOf is the municipal arrondissement a place coded with the
// whole city's code (75056 Paris, 69123 Lyon, 13055 Marseille) lies in:
// the one whose contour holds its coordinates when the contours are
// loaded, else the one whose centre is the nearest; without coordinates,
// the one of that city its postcode designates (75015: Paris 15e). nil
// when none can be told.
func arrondissementOf(ref *territory.Referential, parent string, l *place.Lieu) *territory.Commune {
	if p := l.Coordinates; p != nil && !math.IsNaN(p.Lat) && !math.IsNaN(p.Lon) {
		if layer := ref.Layer(territory.LayerContours); layer != nil {
			if z := layer.At(p.Lat, p.Lon); z != nil && territory.ParentOf(z.Code) == parent {
				if c, ok := ref.Commune(z.Code); ok {
					return c
				}
			}
		}
		var best *territory.Commune
		bestKm := math.Inf(1)
		for _, c := range ref.Arrondissements(parent) {
			if c.Centre == nil {
				continue
			}
			if d := territory.DistanceKm(p.Lat, p.Lon, c.Centre.Lat, c.Centre.Lon); d < bestKm {
				best, bestKm = c, d
			}
		}
		if best != nil {
			return best
		}
	}
	// The referential lists every arrondissement's postcode under the
	// city too (75015 is Paris and Paris 15e): the arrondissement of the
	// city the postcode names, when it names one.
	var found *territory.Commune
	for _, c := range ref.ByPostcode(l.CodePostal) {
		if territory.ParentOf(c.Code) != parent {
			continue
		}
		if found != nil {
			return nil // a postcode shared by two arrondissements
		}
		found = c
	}
	return found
}

// unassignedNote says how many places of the territory are coded with a
// divided city's code and could not be given an arrondissement.
func unassignedNote(n int, city string) string {
	return fmt.Sprintf("%s sans arrondissement à %s (code INSEE de toute la ville, sans coordonnées ni code postal propre à un arrondissement) : %s pour %s, dans aucune ligne du tableau.",
		countFR(n, "lieu", "lieux"), city, plural(n, "compté", "comptés"), city)
}
