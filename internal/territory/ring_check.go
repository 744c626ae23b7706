package territory

import (
	"fmt"
	"math/bits"
	"strconv"
)

// checkRing returns why a ring read from a file is not valid, "" when it
// is: it must have 4 positions at least, be closed (its last position
// repeats its first, as RFC 7946 says) and have 3 distinct vertices at
// least. A ring that crosses or overlaps itself is kept, with a warning
// (crossing): files rounded to a few decimals have many (the 4-decimal QPV
// copy of the ANCT's gazetteer, 490 of its 1 634 rings), and the even-odd
// rule of Zone.contains still answers for them; two sides touching at a
// point (a ring pinched at a vertex, as the IGN's files have) is no
// crossing. The check of crossings splits the ring's box into quarters
// until each holds few sides (a quadtree): about n log n steps for the
// rings of real files, and a bound of steps beyond which the ring is said
// too tangled to check (a warning too).
//
// A ring of fewer than 3 distinct vertices (a tiny ring collapsed by
// rounding) has no surface: checkRing returns rule flatRing and a warning,
// and the reader drops it (a hole) or its polygon (an outer ring).
func checkRing(r Ring) (rule, crossing string) {
	if len(r) < 4 {
		return fmt.Sprintf("anneau de %d positions : un anneau a au moins 4 positions (3 sommets et le retour au premier)", len(r)), ""
	}
	first, last := r[0], r[len(r)-1]
	if first != last {
		return fmt.Sprintf("anneau non fermé : dernière position %s, première %s : un anneau se termine par sa première position", pos(last), pos(first)), ""
	}
	// Vertices in coordScale steps (exact), consecutive repeats dropped.
	vs := make([]vertex, 0, len(r))
	at := make([]int32, 0, len(r)) // the position each vertex was read at
	for k, p := range r[:len(r)-1] {
		v := vertexOf(p)
		if len(vs) == 0 || vs[len(vs)-1] != v {
			vs = append(vs, v)
			at = append(at, int32(k))
		}
	}
	for len(vs) > 1 && vs[len(vs)-1] == vs[0] {
		vs, at = vs[:len(vs)-1], at[:len(at)-1]
	}
	if distinct := countDistinct(vs); distinct < 3 {
		s := "sommets distincts"
		if distinct == 1 {
			s = "sommet distinct"
		}
		return flatRing, fmt.Sprintf("anneau de %d %s, sans surface (un fichier arrondi en a) : ignoré", distinct, s)
	}
	c := &crossCheck{vs: vs, budget: 200*len(vs) + 1_000_000}
	segs := make([]int32, len(vs))
	b := bounds{vs[0].lon, vs[0].lat, vs[0].lon, vs[0].lat}
	for i, v := range vs {
		segs[i] = int32(i)
		b = bounds{min(b.x0, v.lon), min(b.y0, v.lat), max(b.x1, v.lon), max(b.y1, v.lat)}
	}
	c.node(segs, b, 0)
	switch {
	case c.found:
		a, b := c.i, c.j
		if a > b {
			a, b = b, a
		}
		what := "se coupent"
		if c.overlap {
			what = "se recouvrent"
		}
		return "", fmt.Sprintf("anneau qui se croise lui-même : ses côtés %d (%s) et %d (%s) %s",
			at[a]+1, c.side(a), at[b]+1, c.side(b), what)
	case c.budget < 0:
		return "", "anneau trop enchevêtré pour vérifier qu'il ne se croise pas"
	}
	return "", ""
}

// flatRing is checkRing's rule for a ring without surface, dropped with a
// warning rather than refused.
const flatRing = "flat"

func countDistinct(vs []vertex) int {
	seen := map[vertex]bool{}
	for _, v := range vs {
		seen[v] = true
		if len(seen) >= 3 {
			break
		}
	}
	return len(seen)
}

func pos(p Point) string {
	return "[" + strconv.FormatFloat(p.Lon, 'f', -1, 64) + ", " + strconv.FormatFloat(p.Lat, 'f', -1, 64) + "]"
}

type bounds struct{ x0, y0, x1, y1 int64 }

// crossCheck looks for two sides of a ring (side i goes from vertex i to
// vertex i+1) that cross or overlap.
type crossCheck struct {
	vs       []vertex
	budget   int
	found    bool
	overlap  bool
	i, j     int
	maxDepth int
}

func (c *crossCheck) ends(s int32) (vertex, vertex) {
	i := int(s)
	return c.vs[i], c.vs[(i+1)%len(c.vs)]
}

func (c *crossCheck) side(i int) string {
	a, b := c.ends(int32(i))
	return pos(pointOf(a)) + " → " + pos(pointOf(b))
}

func pointOf(v vertex) Point {
	return Point{Lat: float64(v.lat) / coordScale, Lon: float64(v.lon) / coordScale}
}

func (c *crossCheck) box(s int32) bounds {
	a, b := c.ends(s)
	return bounds{min(a.lon, b.lon), min(a.lat, b.lat), max(a.lon, b.lon), max(a.lat, b.lat)}
}

// leafSize is how many sides a cell holds before it is split.
const leafSize = 16

func (c *crossCheck) node(segs []int32, b bounds, depth int) {
	if c.found || c.budget < 0 {
		return
	}
	c.budget -= len(segs)
	if len(segs) <= leafSize || depth >= 40 || (b.x1-b.x0 < 2 && b.y1-b.y0 < 2) {
		c.pairs(segs)
		return
	}
	mx, my := b.x0+(b.x1-b.x0)/2, b.y0+(b.y1-b.y0)/2
	quads := [4]bounds{{b.x0, b.y0, mx, my}, {mx, b.y0, b.x1, my}, {b.x0, my, mx, b.y1}, {mx, my, b.x1, b.y1}}
	var parts [4][]int32
	spread := 0
	for _, s := range segs {
		sb := c.box(s)
		for k, q := range quads {
			if sb.x0 <= q.x1 && q.x0 <= sb.x1 && sb.y0 <= q.y1 && q.y0 <= sb.y1 {
				parts[k] = append(parts[k], s)
				spread++
			}
		}
	}
	// Sides that all span the cell: splitting does not separate them.
	if spread >= 4*len(segs) {
		c.pairs(segs)
		return
	}
	for k := range quads {
		c.node(parts[k], quads[k], depth+1)
	}
}

// pairs tests every pair of sides of a cell.
func (c *crossCheck) pairs(segs []int32) {
	c.budget -= len(segs) * len(segs) / 2
	if c.budget < 0 {
		return
	}
	n := len(c.vs)
	for x := 0; x < len(segs); x++ {
		for y := x + 1; y < len(segs); y++ {
			i, j := int(segs[x]), int(segs[y])
			adjacent := (i+1)%n == j || (j+1)%n == i
			if over, hit := c.meet(int32(i), int32(j), adjacent); hit {
				c.found, c.overlap, c.i, c.j = true, over, i, j
				return
			}
		}
	}
}

// meet reports whether sides i and j cross (their insides meet at one
// point) or overlap (collinear, sharing more than a point). Sides meeting
// at an end only touch, and that is allowed.
func (c *crossCheck) meet(i, j int32, adjacent bool) (overlap, hit bool) {
	a, b := c.ends(i)
	p, q := c.ends(j)
	ib, jb := c.box(i), c.box(j)
	if ib.x1 < jb.x0 || jb.x1 < ib.x0 || ib.y1 < jb.y0 || jb.y1 < ib.y0 {
		return false, false
	}
	o1, o2 := turn(a, b, p), turn(a, b, q)
	o3, o4 := turn(p, q, a), turn(p, q, b)
	if o1 == 0 && o2 == 0 { // collinear: do they share more than a point?
		return true, collinearOverlap(a, b, p, q)
	}
	if adjacent {
		return false, false // they share a vertex and are not collinear
	}
	return false, o1*o2 < 0 && o3*o4 < 0
}

// collinearOverlap reports whether two collinear sides share a piece of
// positive length.
func collinearOverlap(a, b, p, q vertex) bool {
	// Project on the axis along which the sides extend most.
	key := func(v vertex) int64 { return v.lon }
	if abs64(b.lon-a.lon)+abs64(q.lon-p.lon) < abs64(b.lat-a.lat)+abs64(q.lat-p.lat) {
		key = func(v vertex) int64 { return v.lat }
	}
	a0, a1 := min(key(a), key(b)), max(key(a), key(b))
	p0, p1 := min(key(p), key(q)), max(key(p), key(q))
	return min(a1, p1) > max(a0, p0)
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// turn is the sign of the turn a → b → c: 1 left, -1 right, 0 straight,
// exact (products of 128 bits).
func turn(a, b, c vertex) int {
	return cmpProducts(b.lon-a.lon, c.lat-a.lat, b.lat-a.lat, c.lon-a.lon)
}

// cmpProducts is the sign of x·y − z·w, exactly.
func cmpProducts(x, y, z, w int64) int {
	s1, h1, l1 := mul128(x, y)
	s2, h2, l2 := mul128(z, w)
	if s1 != s2 {
		if s1 > s2 {
			return 1
		}
		return -1
	}
	if s1 == 0 {
		return 0
	}
	c := 0
	switch {
	case h1 > h2 || (h1 == h2 && l1 > l2):
		c = 1
	case h1 < h2 || (h1 == h2 && l1 < l2):
		c = -1
	}
	return c * s1
}

// mul128 is x·y as a sign (-1, 0, 1) and a magnitude of 128 bits.
func mul128(x, y int64) (sign int, hi, lo uint64) {
	if x == 0 || y == 0 {
		return 0, 0, 0
	}
	sign = 1
	if (x < 0) != (y < 0) {
		sign = -1
	}
	hi, lo = bits.Mul64(uint64(abs64(x)), uint64(abs64(y)))
	return sign, hi, lo
}
