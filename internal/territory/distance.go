package territory

import "math"

// MaxKmFromCentre is how far from its commune's centre a place may lie:
// generous for large communes (Arles spans some 40 km, its centre is at
// most about 25 km from its edges; most communes are a few km wide),
// small enough that a place cannot be moved to another département by
// its coordinates while its commune, and so its territory, stays the
// same. The referential has no commune's area: one bound for all. The
// web forms refuse a position beyond it; imports geocode the address of
// a record placed beyond it.
const MaxKmFromCentre = 20

// DistanceKm is the great-circle distance between two WGS84 points.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ := φ2 - φ1
	dλ := (lon2 - lon1) * math.Pi / 180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// FarFrom returns how far (lat, lon) lies from the commune's centre, and
// whether that is beyond MaxKmFromCentre; far is false when the centre is
// unknown.
func (c *Commune) FarFrom(lat, lon float64) (km float64, far bool) {
	if c == nil || c.Centre == nil {
		return 0, false
	}
	km = DistanceKm(c.Centre.Lat, c.Centre.Lon, lat, lon)
	return km, km > MaxKmFromCentre
}
