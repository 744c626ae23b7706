package territory

// BoundaryLines returns the outlines of the units of a kind (KindEPCI,
// KindDepartement, KindRegion or KindCommune) as lines in which an edge
// shared by two of the units given belongs to the first of them only: a
// map that strokes them draws every border once (stroking each unit's
// polygon draws a shared border twice, and two outlines simplified apart
// would not even overlap). Each line is simplified at tolerance
// (Douglas–Peucker) with its ends kept, so that lines still meet; a ring
// with no shared edge is one closed line. By code; codes without contour
// are absent.
func (r *Referential) BoundaryLines(kind string, codes []string, tolerance float64) map[string][][]Point {
	type undirected struct{ a, b vertex }
	keyOf := func(p, q Point) undirected {
		a, b := vertexOf(p), vertexOf(q)
		if compareVertex(a, b) > 0 {
			a, b = b, a
		}
		return undirected{a, b}
	}
	seen := map[undirected]bool{}
	out := map[string][][]Point{}
	for _, code := range codes {
		ps, ok := r.Contour(kind, code, 0)
		if !ok {
			continue
		}
		var lines [][]Point
		for _, p := range ps {
			for _, ring := range p {
				lines = append(lines, ownRuns(ring, func(a, b Point) bool {
					k := keyOf(a, b)
					if seen[k] {
						return false
					}
					seen[k] = true
					return true
				}, tolerance)...)
			}
		}
		if len(lines) > 0 {
			out[code] = lines
		}
	}
	return out
}

// ownRuns cuts a closed ring into the runs of consecutive edges own
// accepts (each edge asked once), simplified with their ends kept.
func ownRuns(ring Ring, own func(a, b Point) bool, tolerance float64) [][]Point {
	n := len(ring)
	if n < 2 {
		return nil
	}
	closed := ring[0] == ring[n-1]
	if !closed {
		ring = append(append(Ring(nil), ring...), ring[0])
		n++
	}
	edges := n - 1
	mine := make([]bool, edges)
	all := true
	for i := range edges {
		mine[i] = own(ring[i], ring[i+1])
		all = all && mine[i]
	}
	if all {
		if tolerance > 0 {
			return [][]Point{simplifyRing(ring, tolerance)}
		}
		return [][]Point{append([]Point(nil), ring...)}
	}
	// Start after an edge that is not ours, so that no run wraps around.
	start := 0
	for i := range edges {
		if !mine[i] {
			start = (i + 1) % edges
			break
		}
	}
	var runs [][]Point
	var cur Ring
	flush := func() {
		if len(cur) >= 2 {
			runs = append(runs, simplifyLine(cur, tolerance))
		}
		cur = nil
	}
	for k := range edges {
		i := (start + k) % edges
		if !mine[i] {
			flush()
			continue
		}
		if len(cur) == 0 {
			cur = append(cur, ring[i])
		}
		cur = append(cur, ring[i+1])
	}
	flush()
	return runs
}

// simplifyLine simplifies an open line, keeping its ends.
func simplifyLine(l Ring, tolerance float64) []Point {
	if tolerance <= 0 || len(l) < 3 {
		return []Point(l)
	}
	keep := make([]bool, len(l))
	keep[0], keep[len(l)-1] = true, true
	douglasPeucker(l, 0, len(l)-1, tolerance, keep)
	var out []Point
	for i, k := range keep {
		if k {
			out = append(out, l[i])
		}
	}
	return out
}
