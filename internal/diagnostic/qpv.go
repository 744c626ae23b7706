package diagnostic

import (
	"math"

	"maillage/internal/territory"
)

// qpvCommunes returns the communes (or arrondissements) hosting a QPV.
// The QPV layer names Paris, Lyon and Marseille by their parent code
// (75056, 69123, 13055) while the diagnostic has a row per
// arrondissement: a QPV hosted by such a city flags the arrondissements
// nearest (by their centre) to one of its polygon's points. A QPV along
// a boundary may so flag a neighbour it does not reach; no arrondissement
// it covers is missed unless all its points are nearer another centre.
func qpvCommunes(ref *territory.Referential) map[string]bool {
	qpv := map[string]bool{}
	for _, z := range ref.QPVs() {
		for _, c := range z.Communes {
			arr := ref.Arrondissements(c)
			if len(arr) == 0 {
				qpv[c] = true
				continue
			}
			for _, p := range z.Polygons {
				for _, ring := range p {
					for _, pt := range ring {
						if a := nearestCentre(arr, pt); a != "" {
							qpv[a] = true
						}
					}
				}
			}
		}
	}
	return qpv
}

// nearestCentre is the code of the commune whose centre is nearest to pt
// (equirectangular distance, enough within a city), "" when none has one.
func nearestCentre(cs []*territory.Commune, pt territory.Point) string {
	best, code := math.Inf(1), ""
	for _, c := range cs {
		if c.Centre == nil {
			continue
		}
		dy := c.Centre.Lat - pt.Lat
		dx := (c.Centre.Lon - pt.Lon) * math.Cos(pt.Lat*math.Pi/180)
		if d := dx*dx + dy*dy; d < best {
			best, code = d, c.Code
		}
	}
	return code
}
