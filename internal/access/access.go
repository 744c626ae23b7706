// Package access measures how well places of médiation numérique serve the
// people around them: travel costs (crow-fly, crow-fly with a detour factor
// at a speed, an OSRM server), floating-catchment accessibility (2SFCA,
// E2SFCA, Gaussian 2SFCA), the nearest place, the people beyond a travel
// threshold or outside every catchment, and where k new places would cover
// the most unserved people at risk (greedy). It is pure computation over
// points: no database, no HTTP but the OSRM adapter.
package access

import "context"

// Demand is a point where people live: a commune centre.
type Demand struct {
	Code       string  // INSEE code of the commune (or any id)
	Lat, Lon   float64 // WGS84
	Population float64
	// AtRisk is the people at risk of digital exclusion; equal to
	// Population when no indicator is loaded.
	AtRisk float64
}

// Supply is a place offering help, with its capacity.
type Supply struct {
	ID       string
	Lat, Lon float64 // WGS84
	Weight   float64 // capacity: 1, hours per week… (see Weight)
	// Approx is set when the place had no coordinates and stands at its
	// commune's centre.
	Approx bool
	// Commune is the Code of the demand point the place lies in (its
	// commune), "" when unknown. A place serves its own commune: their
	// cost is 0 whatever their positions, since a commune's centre (the
	// centroid of its area) can lie far from its town and its places
	// (Saint-Laurent-du-Maroni: 43 km).
	Commune string
}

// Cost is a travel cost between demand and supply points, enumerated
// sparsely within a catchment.
type Cost interface {
	// Name is "vol-d-oiseau", "detour" or "osrm".
	Name() string
	// Unit is "km" or "min".
	Unit() string
	// Within calls fn(i, j, cost) for every pair of d[i] and s[j] whose
	// cost is at most max, in no particular order and from one goroutine.
	// It returns the first error of the enumeration (ctx's included).
	Within(ctx context.Context, d []Demand, s []Supply, max float64, fn func(i, j int, cost float64)) error
}

// Names and units of the costs.
const (
	NameCrowFly = "vol-d-oiseau"
	NameDetour  = "detour"
	NameOSRM    = "osrm"
	UnitKm      = "km"
	UnitMin     = "min"
)

// Kinds of Method.
const (
	Kind2SFCA    = "2sfca"
	KindE2SFCA   = "e2sfca"
	KindGaussian = "gaussien"
)

// Method is a floating-catchment method and its catchment, in the unit of
// the cost it is used with.
type Method struct {
	Kind      string  // Kind2SFCA, KindE2SFCA or KindGaussian
	Catchment float64 // d₀: nothing beyond it is in reach
	// Zones are the steps of E2SFCA, nearest first; empty means the
	// published weights 1, 0.68, 0.22 over the three thirds of the
	// catchment (0–10, 10–20, 20–30 min for 30 min). Ignored by the other
	// kinds.
	Zones []Zone
	// Population makes the total population the demand instead of the
	// people at risk.
	Population bool
}

// Zone is a step of E2SFCA: the weight of costs above the previous zone's
// Upto and at most this one's.
type Zone struct {
	Upto   float64
	Weight float64
}

// Result is the accessibility of one demand point.
type Result struct {
	Code string
	// Accessibility is in places (units of supply weight) per 10 000
	// people at demand.
	Accessibility float64
	// NearestCost is the cost to the nearest place and NearestID its id;
	// +Inf and "" when no place is known: for the offline costs that means
	// there is no place at all, for OSRM none within the catchment.
	NearestCost float64
	NearestID   string
	// Served is true when a place lies within the catchment.
	Served bool
}

// PerPeople is the unit of Accessibility: places per 10 000 people.
const PerPeople = 10000
