package choropleth

import (
	"math"
	"sort"
	"strings"

	"maillage/internal/territory"
)

// shape is a unit placed on the map.
type shape struct {
	unit     int // index in Map.Units
	class    int
	polygons []territory.Polygon // nil: a square at `at`
	box      geoBox
	at       territory.Point // its label's point (its centre for a square)
}

type geoBox struct{ south, west, north, east float64 }

func (g geoBox) union(o geoBox) geoBox {
	return geoBox{math.Min(g.south, o.south), math.Min(g.west, o.west), math.Max(g.north, o.north), math.Max(g.east, o.east)}
}

func polygonsBox(ps []territory.Polygon) geoBox {
	g := geoBox{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range ps {
		for _, r := range p {
			for _, v := range r {
				g = g.union(geoBox{v.Lat, v.Lon, v.Lat, v.Lon})
			}
		}
	}
	return g
}

// ringArea is the signed area of a ring in square degrees (shoelace).
func ringArea(r territory.Ring) float64 {
	a := 0.0
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i].Lon*r[j].Lat - r[j].Lon*r[i].Lat
	}
	return a / 2
}

// labelPoint is a point inside the polygon of the largest outer ring: the
// middle of the widest stretch, between its rings (holes included), of the
// horizontal line through that ring's centroid (a centroid alone may fall
// outside a crescent, or in a hole).
func labelPoint(ps []territory.Polygon, g geoBox) territory.Point {
	var poly territory.Polygon
	best := -1.0
	for _, p := range ps {
		if len(p) == 0 || len(p[0]) < 3 {
			continue
		}
		if a := math.Abs(ringArea(p[0])); a > best {
			best, poly = a, p
		}
	}
	mid := territory.Point{Lat: (g.south + g.north) / 2, Lon: (g.west + g.east) / 2}
	if poly == nil {
		return mid
	}
	lat := centroidLat(poly[0], mid.Lat)
	var xs []float64
	for _, r := range poly {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if (a.Lat > lat) != (b.Lat > lat) {
				xs = append(xs, a.Lon+(lat-a.Lat)*(b.Lon-a.Lon)/(b.Lat-a.Lat))
			}
		}
	}
	sort.Float64s(xs)
	wide := -1.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > wide {
			wide = w
			mid = territory.Point{Lat: lat, Lon: (xs[i] + xs[i+1]) / 2}
		}
	}
	return mid
}

func centroidLat(r territory.Ring, fallback float64) float64 {
	a, cy := 0.0, 0.0
	for i := range r {
		j := (i + 1) % len(r)
		cross := r[i].Lon*r[j].Lat - r[j].Lon*r[i].Lat
		a += cross
		cy += (r[i].Lat + r[j].Lat) * cross
	}
	if a == 0 {
		return fallback
	}
	return cy / (3 * a)
}

// splitFar keeps on the main map the units near the middle of the others,
// and groups the far ones (the outre-mer of France) for insets.
func splitFar(shapes []shape) (main []shape, insets [][]shape) {
	if len(shapes) == 0 {
		return nil, nil
	}
	lats, lons := make([]float64, len(shapes)), make([]float64, len(shapes))
	for i, s := range shapes {
		lats[i], lons[i] = s.at.Lat, s.at.Lon
	}
	sort.Float64s(lats)
	sort.Float64s(lons)
	mLat, mLon := lats[len(lats)/2], lons[len(lons)/2]
	for _, s := range shapes {
		if territory.DistanceKm(s.at.Lat, s.at.Lon, mLat, mLon) <= farKm {
			main = append(main, s)
			continue
		}
		placed := false
		for i, g := range insets {
			if territory.DistanceKm(s.at.Lat, s.at.Lon, g[0].at.Lat, g[0].at.Lon) <= farKm/3 {
				insets[i] = append(insets[i], s)
				placed = true
				break
			}
		}
		if !placed {
			insets = append(insets, []shape{s})
		}
	}
	if len(main) == 0 {
		main, insets = insets[0], insets[1:]
	}
	return main, insets
}

// frame is where a group of units is drawn: an equirectangular projection
// at the group's middle latitude, fitted in a box.
type frame struct {
	shapes      []shape
	x, y, w, h  float64 // the drawn area
	ox, oy      float64 // an inset's box corner
	inset       bool
	k, cos      float64 // pixels per degree of latitude; cos of the middle latitude
	west, north float64
	offX        float64 // to centre the map in its box
}

func frameFor(shapes []shape, x, y, w, maxH float64) *frame {
	if len(shapes) == 0 {
		return nil
	}
	g := shapes[0].box
	symbols := false
	for _, s := range shapes {
		g = g.union(s.box)
		if s.polygons == nil {
			symbols = true
		}
	}
	if symbols {
		// Room for the squares around the centres.
		padLat := math.Max(0.05, (g.north-g.south)*0.1)
		padLon := math.Max(0.07, (g.east-g.west)*0.1)
		g = geoBox{g.south - padLat, g.west - padLon, g.north + padLat, g.east + padLon}
	}
	cos := math.Cos((g.south + g.north) / 2 * math.Pi / 180)
	dx, dy := (g.east-g.west)*cos, g.north-g.south
	k := math.Min(w/math.Max(dx, 1e-9), maxH/math.Max(dy, 1e-9))
	f := &frame{shapes: shapes, x: x, y: y, w: w, h: dy * k, k: k, cos: cos, west: g.west, north: g.north}
	f.offX = (w - dx*k) / 2
	return f
}

func (f *frame) project(lat, lon float64) (float64, float64) {
	return f.x + f.offX + (lon-f.west)*f.cos*f.k, f.y + (f.north-lat)*f.k
}

// path is the SVG path of polygons, rounded to a tenth of a unit, points
// that round to the previous one left out.
func (f *frame) path(ps []territory.Polygon) string {
	var b strings.Builder
	for _, p := range ps {
		for _, r := range p {
			last := ""
			n := 0
			for _, v := range r {
				x, y := f.project(v.Lat, v.Lon)
				pt := num(x) + " " + num(y)
				if pt == last {
					continue
				}
				if n == 0 {
					b.WriteString("M")
				} else {
					b.WriteString("L")
				}
				b.WriteString(pt)
				last = pt
				n++
			}
			if n > 0 {
				b.WriteString("Z")
			}
		}
	}
	return b.String()
}

// symbolSide is the side of the largest square of a frame: smaller when
// the squares are many.
func symbolSide(f *frame, n int) float64 {
	if n == 0 {
		return 0
	}
	return math.Min(80, math.Max(10, 0.9*math.Sqrt(f.w*math.Max(f.h, 1)/float64(n))))
}
