package territory

import "testing"

// FuzzCheckRing: for any small ring (positions from the bytes, on a
// coarse grid so that sides often meet), the quadtree finds a crossing
// exactly when testing every pair of sides does.
func FuzzCheckRing(f *testing.F) {
	f.Add([]byte{0, 0, 9, 9, 9, 0, 0, 9})             // bow tie
	f.Add([]byte{0, 0, 9, 0, 9, 9, 0, 9})             // square
	f.Add([]byte{0, 0, 8, 0, 4, 0, 4, 4})             // overlapping sides
	f.Add([]byte{0, 0, 9, 0, 5, 5, 9, 9, 0, 9, 5, 5}) // pinched at a vertex
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 6 || len(data) > 400 {
			return
		}
		var r Ring
		for i := 0; i+1 < len(data); i += 2 {
			r = append(r, Point{Lat: 45 + float64(data[i]%32)/1000, Lon: 4 + float64(data[i+1]%32)/1000})
		}
		r = append(r, r[0])
		rule, crossing := checkRing(r)
		// The oracle: every pair of sides, after the same clean-up.
		var vs []vertex
		for _, p := range r[:len(r)-1] {
			if v := vertexOf(p); len(vs) == 0 || vs[len(vs)-1] != v {
				vs = append(vs, v)
			}
		}
		for len(vs) > 1 && vs[len(vs)-1] == vs[0] {
			vs = vs[:len(vs)-1]
		}
		if countDistinct(vs) < 3 {
			if rule != flatRing {
				t.Fatalf("degenerate ring not dropped: %v (%q)", r, rule)
			}
			return
		}
		if rule != "" {
			t.Fatalf("ring %v of 3 distinct vertices refused: %s", r, rule)
		}
		c := &crossCheck{vs: vs, budget: 1 << 30}
		all := make([]int32, len(vs))
		for i := range all {
			all[i] = int32(i)
		}
		c.pairs(all)
		if c.found != (crossing != "") {
			t.Fatalf("ring %v: quadtree says %q, all pairs found=%v", r, crossing, c.found)
		}
	})
}
