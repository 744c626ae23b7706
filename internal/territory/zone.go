package territory

import (
	"math"
	"strings"
	"sync"
	"time"
)

// Layer kinds: the contours a user loads beside the communes.
const (
	LayerQPV  = "qpv"  // quartiers prioritaires de la politique de la ville
	LayerIRIS = "iris" // îlots regroupés pour l'information statistique (INSEE)
)

// NearQPVMetres is how close to a QPV a place counts as "near" it: the
// ANCT's usual reach for a service "au bénéfice" of a quartier.
const NearQPVMetres = 300

// Zone is a polygonal area of a layer: a QPV or an IRIS.
type Zone struct {
	Code     string   // QN06901M for a QPV, 751010101 for an IRIS
	Nom      string   // its name
	Type     string   // IRIS only: H (habitat), A (activité), D (divers), Z (commune non découpée)
	Communes []string // INSEE codes of the communes it lies in
	Polygons []Polygon
	box      box // its bounding box
	reach    box // the box widened by the layer's margin (300 m for QPV)
}

// QPV is a quartier prioritaire de la politique de la ville.
type QPV = Zone

// IRIS is an INSEE statistical area (a commune, or a part of one).
type IRIS = Zone

// Polygon is a polygon: its first ring is the outer boundary, the others
// are holes.
type Polygon []Ring

// Ring is a closed line of WGS84 points (the last point may repeat the
// first or not).
type Ring []Point

// Layer is a layer of zones with its vintage and origin.
type Layer struct {
	Kind    string    // LayerQPV, LayerIRIS or LayerContours
	Vintage string    // the year of the list ("2024" for the QPV of the décret 2023-1314)
	Source  string    // the file or URL it was imported from
	Loaded  time.Time // when it was imported
	Zones   []Zone
	// CodeKey is the property of the GeoJSON the codes were read from
	// (set by ReadLayer, not stored).
	CodeKey string
	// Crossings counts the rings that cross or overlap themselves, kept
	// as read (the even-odd rule answers for them); Warnings names the
	// first of them (file's feature, code, field, sides). Set by
	// ReadLayer, not stored.
	Crossings int
	Warnings  []string
	once      sync.Once
	grid      *grid
}

// Vintage is the vintage of one part of the referential, to say next to
// the figures drawn from it.
type Vintage struct {
	Layer   string // "communes", LayerQPV or LayerIRIS
	Vintage string
	Source  string
	Loaded  time.Time
}

// box is a bounding box in degrees.
type box struct{ south, west, north, east float64 }

func (b box) contains(lat, lon float64) bool {
	return lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east
}

func boxOf(ps []Polygon) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range ps {
		for _, r := range p {
			for _, v := range r {
				b.south, b.north = math.Min(b.south, v.Lat), math.Max(b.north, v.Lat)
				b.west, b.east = math.Min(b.west, v.Lon), math.Max(b.east, v.Lon)
			}
		}
	}
	return b
}

// Contains reports whether (lat, lon) lies in the zone (on its boundary
// counts as in, within floating-point error).
func (z *Zone) Contains(lat, lon float64) bool {
	if !z.box.contains(lat, lon) {
		return false
	}
	for _, p := range z.Polygons {
		if p.contains(lat, lon) {
			return true
		}
	}
	return false
}

// contains is the even-odd rule over all rings: a point in a hole crosses
// the outer ring and the hole's, so it is out.
func (p Polygon) contains(lat, lon float64) bool {
	in := false
	for _, r := range p {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a.Lat > lat) != (b.Lat > lat) &&
				lon < (b.Lon-a.Lon)*(lat-a.Lat)/(b.Lat-a.Lat)+a.Lon {
				in = !in
			}
		}
	}
	return in
}

// kmPerDegree is the length of a degree of latitude (and of longitude at the equator).
const kmPerDegree = 111.195

// DistanceKm returns how far (lat, lon) lies from the zone: 0 inside,
// else the distance to its nearest edge (equirectangular near the point:
// precise to well under a metre at a few km).
func (z *Zone) DistanceKm(lat, lon float64) float64 {
	if z.Contains(lat, lon) {
		return 0
	}
	cos := math.Cos(lat * math.Pi / 180)
	best := math.Inf(1)
	for _, p := range z.Polygons {
		for _, r := range p {
			n := len(r)
			for i, j := 0, n-1; i < n; j, i = i, i+1 {
				ax, ay := (r[j].Lon-lon)*cos*kmPerDegree, (r[j].Lat-lat)*kmPerDegree
				bx, by := (r[i].Lon-lon)*cos*kmPerDegree, (r[i].Lat-lat)*kmPerDegree
				best = math.Min(best, segmentDistance(ax, ay, bx, by))
			}
		}
	}
	return best
}

// segmentDistance is the distance from the origin to the segment a–b.
func segmentDistance(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
	}
	x, y := ax+t*dx, ay+t*dy
	return math.Sqrt(x*x + y*y)
}

// Simplify returns the zone's polygons simplified by Douglas–Peucker with
// a tolerance in degrees (0.001° is about 100 m), for drawing at a zoom:
// rings that shrink below a triangle are dropped, and a polygon whose
// outer ring is dropped goes with its holes.
func (z *Zone) Simplify(tolerance float64) []Polygon {
	var out []Polygon
	for _, p := range z.Polygons {
		var q Polygon
		for i, r := range p {
			s := simplifyRing(r, tolerance)
			if len(s) < 4 {
				if i == 0 {
					break
				}
				continue
			}
			q = append(q, s)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// simplifyRing keeps a closed ring closed: the first point is kept, and the
// point farthest from it splits the ring in two lines simplified apart.
func simplifyRing(r Ring, tol float64) Ring {
	if len(r) < 4 {
		return r
	}
	closed := r
	if r[0] != r[len(r)-1] {
		closed = append(append(Ring(nil), r...), r[0])
	}
	far, farD := 0, -1.0
	for i, v := range closed {
		if d := math.Hypot(v.Lat-closed[0].Lat, v.Lon-closed[0].Lon); d > farD {
			far, farD = i, d
		}
	}
	keep := make([]bool, len(closed))
	keep[0], keep[far], keep[len(closed)-1] = true, true, true
	douglasPeucker(closed, 0, far, tol, keep)
	douglasPeucker(closed, far, len(closed)-1, tol, keep)
	var out Ring
	for i, k := range keep {
		if k {
			out = append(out, closed[i])
		}
	}
	return out
}

func douglasPeucker(r Ring, from, to int, tol float64, keep []bool) {
	for to-from > 1 {
		a, b := r[from], r[to]
		idx, maxD := -1, tol
		for i := from + 1; i < to; i++ {
			d := segmentDistance(a.Lon-r[i].Lon, a.Lat-r[i].Lat, b.Lon-r[i].Lon, b.Lat-r[i].Lat)
			if d > maxD {
				idx, maxD = i, d
			}
		}
		if idx < 0 {
			return
		}
		keep[idx] = true
		douglasPeucker(r, from, idx, tol, keep)
		from = idx
	}
}

// ToleranceForZoom is the Simplify tolerance that keeps a zone's outline
// within about one pixel of a web map (256-pixel tiles) at a zoom level:
// 0.0027° at zoom 9 (a département), 0.00017° at zoom 13 (a quartier).
func ToleranceForZoom(zoom int) float64 {
	return 360 / (256 * math.Pow(2, float64(zoom)))
}

// PopulationWords says what the population of the communes of the
// referential is, as the pages and exports write it. The package
// @etalab/decoupage-administratif takes it from INSEE's population légale
// (it names its sources); its major version gives the year of its
// geography (the code officiel géographique), not the year of the census
// the population was counted in, so no year is said for the population:
// « population légale INSEE du référentiel (découpage administratif 2026) ».
// Another source gives « population du référentiel (millésime 2025) ».
func (v Vintage) PopulationWords() string {
	if strings.HasPrefix(v.Source, "@etalab/decoupage-administratif") {
		if v.Vintage == "" {
			return "population légale INSEE du référentiel (découpage administratif)"
		}
		return "population légale INSEE du référentiel (découpage administratif " + v.Vintage + ")"
	}
	if v.Vintage == "" {
		return "population du référentiel"
	}
	return "population du référentiel (millésime " + v.Vintage + ")"
}
