package standard

import (
	"slices"

	"maillage/internal/place"
)

// xyColumns renames the columns x and y of a file without latitude and
// longitude (as GIS exports write coordinates, often in Lambert-93) to
// longitude and latitude, and says so once for the file. The values
// themselves are converted by the place's rules when they are Lambert-93.
func xyColumns(names []string) []place.Problem {
	x, y := slices.Index(names, "x"), slices.Index(names, "y")
	if x < 0 || y < 0 || slices.Contains(names, "latitude") || slices.Contains(names, "longitude") {
		return nil
	}
	names[x], names[y] = "longitude", "latitude"
	return []place.Problem{{Severity: place.Info, Field: "latitude", Value: "x, y", Rule: place.RuleLambert93,
		Message: "colonnes x et y lues comme longitude et latitude (x vers l'est, y vers le nord) ; des valeurs en mètres Lambert-93 sont converties en WGS84"}}
}
