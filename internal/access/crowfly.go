package access

import (
	"context"
	"math"

	"maillage/internal/failure"
)

// EarthKm is the mean Earth radius of the great-circle distance, as in
// territory.DistanceKm.
const EarthKm = 6371.0

// CrowFly is the great-circle distance in km ("vol d'oiseau"): the default
// cost, offline. Within walks a spatial index of the supply, so a 30 km
// catchment over all of France stays sparse.
func CrowFly() Cost { return crowFly{} }

// Detour is the crow-fly distance times a detour factor (≥ 1: roads are
// longer than the straight line), driven at kmh, in minutes. The factor
// shrinks as trips get longer (Héran 2009): calibrate it on a sample of
// road times rather than trust one value.
func Detour(factor, kmh float64) Cost { return detour{factor: factor, kmh: kmh} }

// offline is a cost computed from the coordinates alone, as a monotonic
// function of the crow-fly distance: cheap to enumerate again, and able to
// find a nearest place at any distance.
type offline interface {
	Cost
	check() error
	toKm(cost float64) float64 // the crow-fly distance of a cost
	fromKm(km float64) float64 // the cost of a crow-fly distance
}

type crowFly struct{}

func (crowFly) Name() string              { return NameCrowFly }
func (crowFly) Unit() string              { return UnitKm }
func (crowFly) check() error              { return nil }
func (crowFly) toKm(c float64) float64    { return c }
func (crowFly) fromKm(km float64) float64 { return km }
func (c crowFly) Within(ctx context.Context, d []Demand, s []Supply, max float64, fn func(i, j int, cost float64)) error {
	return withinOffline(ctx, c, d, s, max, fn)
}

type detour struct{ factor, kmh float64 }

func (detour) Name() string { return NameDetour }
func (detour) Unit() string { return UnitMin }
func (t detour) check() error {
	if !(t.factor >= 1) || math.IsInf(t.factor, 0) {
		return failure.Errorf(failure.Invalid, "coefficient de détour %v invalide : un nombre fini au moins égal à 1 (la route n'est jamais plus courte que la ligne droite)", t.factor)
	}
	if !(t.kmh > 0) || math.IsInf(t.kmh, 0) {
		return failure.Errorf(failure.Invalid, "vitesse %v km/h invalide : un nombre fini strictement positif", t.kmh)
	}
	return nil
}
func (t detour) toKm(min float64) float64  { return min / 60 * t.kmh / t.factor }
func (t detour) fromKm(km float64) float64 { return km * t.factor / t.kmh * 60 }
func (t detour) Within(ctx context.Context, d []Demand, s []Supply, max float64, fn func(i, j int, cost float64)) error {
	return withinOffline(ctx, t, d, s, max, fn)
}

// withinOffline enumerates the pairs within max of an offline cost.
func withinOffline(ctx context.Context, c offline, d []Demand, s []Supply, max float64, fn func(i, j int, cost float64)) error {
	if err := c.check(); err != nil {
		return err
	}
	if err := checkMax(max, c.Unit()); err != nil {
		return err
	}
	if err := checkPoints(d, s); err != nil {
		return err
	}
	km := c.toKm(max)
	return walk(ctx, c, d, 0, len(d), newStrips(s, rowHeight(km)).query(km), max, fn)
}

// walk enumerates the pairs within max of the demand points lo ≤ i < hi.
func walk(ctx context.Context, c offline, d []Demand, lo, hi int, q query, max float64, fn func(i, j int, cost float64)) error {
	for i := lo; i < hi; i++ {
		if (i-lo)%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		q.each(d[i].Lat, d[i].Lon, func(j int, dist float64) {
			if cost := c.fromKm(dist); cost <= max {
				fn(i, j, cost)
			}
		})
	}
	return nil
}

func checkMax(max float64, unit string) error {
	if !(max >= 0) {
		return failure.Errorf(failure.Invalid, "seuil %v %s invalide : un nombre positif", max, unit)
	}
	return nil
}

// checkPoints refuses coordinates that are not WGS84 degrees.
func checkPoints(d []Demand, s []Supply) error {
	for _, p := range d {
		if !validLatLon(p.Lat, p.Lon) {
			return failure.Errorf(failure.Invalid, "commune %s : coordonnées invalides (latitude %v, longitude %v ; attendu −90 à 90 et −180 à 180)", p.Code, p.Lat, p.Lon)
		}
	}
	for _, p := range s {
		if !validLatLon(p.Lat, p.Lon) {
			return failure.Errorf(failure.Invalid, "lieu %s : coordonnées invalides (latitude %v, longitude %v ; attendu −90 à 90 et −180 à 180)", p.ID, p.Lat, p.Lon)
		}
	}
	return nil
}

func validLatLon(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// rowHeight is the height of the index's rows, in degrees, for queries of
// radius km: a quarter of the radius scans about 1.4 times the disc, and
// rows no thinner than 100 m keep the index small for tiny radii.
func rowHeight(km float64) float64 {
	return math.Max(km/4, 0.1) / EarthKm * 180 / math.Pi
}
