package territory

import (
	"math"
	"slices"
	"sort"
	"sync"
)

// LayerContours is the layer of the communes' contours (a zone per INSEE
// code), from which the outlines of EPCI, départements and régions are
// derived.
const LayerContours = "contours"

// The kinds of territory Contour draws.
const (
	KindCommune     = "commune"
	KindEPCI        = "epci"
	KindDepartement = "departement"
	KindRegion      = "region"
)

// HasContours reports whether the communes' contours are loaded.
func (r *Referential) HasContours() bool {
	return r != nil && r.Contours != nil && len(r.Contours.Zones) > 0
}

// Contour returns the outline of a commune, an EPCI, a département or a
// région, simplified by Douglas–Peucker at tolerance degrees (0: as
// stored; ToleranceForZoom for a web map; about D/W for a drawing W
// pixels wide over D degrees). The outlines of EPCI, départements and
// régions are derived from their member communes' contours, once: the
// edges two member communes share cancel out and what is left is chained
// into rings (an exact dissolve when neighbouring communes share their
// vertices, as in the IGN's and etalab's files). ok is false when the
// contours are not loaded or the code has none.
func (r *Referential) Contour(kind, code string, tolerance float64) ([]Polygon, bool) {
	if !r.HasContours() {
		return nil, false
	}
	var ps []Polygon
	if kind == KindCommune {
		if z, ok := r.Contours.Zone(code); ok {
			ps = z.Polygons
		} else {
			// Paris, Lyon, Marseille from their arrondissements.
			ps = r.derived(KindCommune)[code]
		}
	} else {
		ps = r.derived(kind)[code]
	}
	if len(ps) == 0 {
		return nil, false
	}
	if tolerance > 0 {
		ps = SimplifyPolygons(ps, tolerance)
	}
	return ps, len(ps) > 0
}

// BBox is a bounding box in WGS84 degrees.
type BBox struct{ South, West, North, East float64 }

// Intersects reports whether two boxes meet.
func (b BBox) Intersects(o BBox) bool {
	return b.South <= o.North && o.South <= b.North && b.West <= o.East && o.West <= b.East
}

// BoundsOf is the bounding box of polygons.
func BoundsOf(ps []Polygon) BBox {
	b := boxOf(ps)
	return BBox{b.south, b.west, b.north, b.east}
}

// ContoursIn returns the codes of the territories of a kind whose outline's
// bounding box meets b, by code.
func (r *Referential) ContoursIn(kind string, b BBox) []string {
	if !r.HasContours() {
		return nil
	}
	var out []string
	if kind == KindCommune {
		for _, z := range r.Contours.ZonesIn(b) {
			out = append(out, z.Code)
		}
		return out
	}
	d := r.derivedSet(kind)
	for code, bb := range d.boxes {
		if bb.Intersects(b) {
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}

// SimplifyPolygons simplifies polygons as Zone.Simplify does.
func SimplifyPolygons(ps []Polygon, tolerance float64) []Polygon {
	z := Zone{Polygons: ps}
	return z.Simplify(tolerance)
}

// derivedContours are the outlines derived from the communes' contours,
// per kind, built on first use.
type derivedContours struct {
	mu    sync.Mutex
	kinds map[string]*contourSet
}

type contourSet struct {
	polygons map[string][]Polygon
	boxes    map[string]BBox
}

func (r *Referential) derived(kind string) map[string][]Polygon {
	return r.derivedSet(kind).polygons
}

func (r *Referential) derivedSet(kind string) *contourSet {
	d := r.contours
	if d == nil { // a referential never indexed
		return r.derive(kind)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.kinds[kind]; ok {
		return s
	}
	if d.kinds == nil {
		d.kinds = map[string]*contourSet{}
	}
	s := r.derive(kind)
	d.kinds[kind] = s
	return s
}

// derive dissolves the communes' contours by EPCI, département or région
// (or, for KindCommune, the arrondissements of Paris, Lyon and Marseille
// into their commune when it has no contour of its own).
func (r *Referential) derive(kind string) *contourSet {
	groups := map[string][][]Polygon{}
	for i := range r.Communes {
		c := &r.Communes[i]
		z, ok := r.Contours.Zone(c.Code)
		if !ok {
			continue
		}
		parent := ParentOf(c.Code)
		if kind == KindCommune {
			if parent != "" {
				if _, has := r.Contours.Zone(parent); !has {
					groups[parent] = append(groups[parent], z.Polygons)
				}
			}
			continue
		}
		if parent != "" {
			if _, has := r.Contours.Zone(parent); has {
				continue // the commune is drawn whole
			}
		}
		var key string
		switch kind {
		case KindEPCI:
			key = c.EPCI
		case KindDepartement:
			key = c.Departement
		case KindRegion:
			key = c.Region
		}
		if key != "" {
			groups[key] = append(groups[key], z.Polygons)
		}
	}
	s := &contourSet{polygons: map[string][]Polygon{}, boxes: map[string]BBox{}}
	for key, parts := range groups {
		if ps := Dissolve(parts); len(ps) > 0 {
			s.polygons[key] = ps
			s.boxes[key] = BoundsOf(ps)
		}
	}
	return s
}

// vertex is a point in coordScale steps, exact for comparison.
type vertex struct{ lat, lon int64 }

type edge struct{ a, b vertex }

func vertexOf(p Point) vertex {
	return vertex{int64(math.Round(p.Lat * coordScale)), int64(math.Round(p.Lon * coordScale))}
}

// Dissolve merges the polygons of several parts into the outline of their
// union: outer rings are turned counter-clockwise and holes clockwise,
// every edge met in both directions (shared by two parts) is dropped, and
// the edges left are chained into closed rings; counter-clockwise rings
// are outer rings, the others holes, each put in the smallest outer ring
// that holds it. It is exact when parts share their common vertices;
// parts that only overlap are not merged (their rings are kept).
func Dissolve(parts [][]Polygon) []Polygon {
	edges := map[edge]int{}
	for _, ps := range parts {
		for _, p := range ps {
			for i, r := range p {
				vs := ringVertices(r)
				if len(vs) < 3 {
					continue
				}
				if ccw := signedArea(vs) > 0; ccw != (i == 0) {
					slices.Reverse(vs)
				}
				for j, a := range vs {
					b := vs[(j+1)%len(vs)]
					if n := edges[edge{b, a}]; n > 0 {
						if n == 1 {
							delete(edges, edge{b, a})
						} else {
							edges[edge{b, a}] = n - 1
						}
						continue
					}
					edges[edge{a, b}]++
				}
			}
		}
	}
	next := map[vertex][]vertex{}
	for e, n := range edges {
		for ; n > 0; n-- {
			next[e.a] = append(next[e.a], e.b)
		}
	}
	starts := make([]vertex, 0, len(next))
	for v, ends := range next {
		starts = append(starts, v)
		slices.SortFunc(ends, compareVertex) // a deterministic walk
	}
	slices.SortFunc(starts, compareVertex)
	var outers, holes [][]vertex
	for _, s := range starts {
		for len(next[s]) > 0 {
			ring := []vertex{s}
			cur := s
			for {
				ends := next[cur]
				if len(ends) == 0 {
					break // cannot happen: every vertex has as many edges in as out
				}
				nx := ends[len(ends)-1]
				next[cur] = ends[:len(ends)-1]
				if nx == s {
					break
				}
				ring = append(ring, nx)
				cur = nx
			}
			if len(ring) < 3 {
				continue
			}
			switch a := signedArea(ring); {
			case a > 0:
				outers = append(outers, ring)
			case a < 0:
				holes = append(holes, ring)
			}
		}
	}
	out := make([]Polygon, len(outers))
	areas := make([]float64, len(outers))
	for i, o := range outers {
		out[i] = Polygon{ringOf(o)}
		areas[i] = signedArea(o)
	}
	for _, h := range holes {
		// The middle of its first edge lies strictly inside the outer ring
		// that holds it (a hole may touch its outer ring at a vertex).
		a, b := h[0], h[1]
		lat, lon := float64(a.lat+b.lat)/2/coordScale, float64(a.lon+b.lon)/2/coordScale
		best := -1
		for i := range out {
			if (Polygon{out[i][0]}).contains(lat, lon) && (best < 0 || areas[i] < areas[best]) {
				best = i
			}
		}
		if best >= 0 {
			out[best] = append(out[best], ringOf(h))
		}
	}
	return out
}

// orient turns outer rings counter-clockwise and holes clockwise, as RFC
// 7946 asks and drawings with the non-zero fill rule need.
func orient(ps []Polygon) {
	for _, p := range ps {
		for i, r := range p {
			if vs := ringVertices(r); len(vs) >= 3 && (signedArea(vs) > 0) != (i == 0) {
				slices.Reverse(r)
			}
		}
	}
}

func compareVertex(a, b vertex) int {
	if a.lat != b.lat {
		if a.lat < b.lat {
			return -1
		}
		return 1
	}
	switch {
	case a.lon < b.lon:
		return -1
	case a.lon > b.lon:
		return 1
	}
	return 0
}

// ringVertices are a ring's vertices, without the closing repeat nor
// consecutive duplicates.
func ringVertices(r Ring) []vertex {
	vs := make([]vertex, 0, len(r))
	for _, p := range r {
		v := vertexOf(p)
		if len(vs) > 0 && vs[len(vs)-1] == v {
			continue
		}
		vs = append(vs, v)
	}
	for len(vs) > 1 && vs[0] == vs[len(vs)-1] {
		vs = vs[:len(vs)-1]
	}
	return vs
}

// signedArea is twice the area of a ring (in steps²), positive when
// counter-clockwise (longitude east, latitude north).
func signedArea(vs []vertex) float64 {
	s := 0.0
	o := vs[0] // coordinates from the first vertex keep the products exact
	for i, a := range vs {
		b := vs[(i+1)%len(vs)]
		s += float64(a.lon-o.lon)*float64(b.lat-o.lat) - float64(b.lon-o.lon)*float64(a.lat-o.lat)
	}
	return s
}

// ringOf is a closed ring of points (the first point repeated last).
func ringOf(vs []vertex) Ring {
	r := make(Ring, 0, len(vs)+1)
	for _, v := range vs {
		r = append(r, Point{Lat: float64(v.lat) / coordScale, Lon: float64(v.lon) / coordScale})
	}
	return append(r, r[0])
}

// ZonesIn returns the zones whose bounding box meets b, by code.
func (l *Layer) ZonesIn(b BBox) []*Zone {
	if l == nil {
		return nil
	}
	l.indexed() // the zones' boxes, and sorted by code
	var out []*Zone
	for i := range l.Zones {
		z := &l.Zones[i]
		if (BBox{z.box.south, z.box.west, z.box.north, z.box.east}).Intersects(b) {
			out = append(out, z)
		}
	}
	return out
}
