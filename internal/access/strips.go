package access

import (
	"math"
	"slices"
	"sort"
)

// strips is a spatial index of points: rows of latitude, and in each row
// the points sorted by longitude. A query for the points within an
// angular radius scans the rows the radius spans, and in each row the
// longitudes the spherical cap can reach (found by binary search); a
// chord test on unit vectors then keeps the points truly within reach.
type strips struct {
	h     float64 // row height, degrees
	row0  int     // row of start[0]
	start []int32 // points of row row0+r: start[r] ≤ k < start[r+1]
	lon   []float64
	x     []float64 // unit vectors
	y     []float64
	z     []float64
	id    []int32 // the point's index in the caller's slice
}

func rowOf(lat, h float64) int { return int(math.Floor((lat + 90) / h)) }

func unitVector(lat, lon float64) (x, y, z float64) {
	φ, λ := lat*math.Pi/180, lon*math.Pi/180
	cφ := math.Cos(φ)
	return cφ * math.Cos(λ), cφ * math.Sin(λ), math.Sin(φ)
}

func newStrips(s []Supply, h float64) *strips {
	return buildStrips(len(s), func(j int) (float64, float64) { return s[j].Lat, s[j].Lon }, h)
}

func buildStrips(n int, at func(j int) (lat, lon float64), h float64) *strips {
	ix := &strips{h: h}
	if n == 0 {
		return ix
	}
	order := make([]int32, n)
	rows := make([]int, n)
	lons := make([]float64, n)
	lo, hi := math.MaxInt, math.MinInt
	for j := range order {
		lat, lon := at(j)
		order[j] = int32(j)
		rows[j] = rowOf(lat, h)
		lons[j] = lon
		lo, hi = min(lo, rows[j]), max(hi, rows[j])
	}
	slices.SortFunc(order, func(a, b int32) int {
		if rows[a] != rows[b] {
			return rows[a] - rows[b]
		}
		if lons[a] < lons[b] {
			return -1
		}
		if lons[a] > lons[b] {
			return 1
		}
		return int(a - b)
	})
	ix.row0 = lo
	ix.start = make([]int32, hi-lo+2)
	ix.lon = make([]float64, n)
	ix.x, ix.y, ix.z = make([]float64, n), make([]float64, n), make([]float64, n)
	ix.id = order
	for k, j := range order {
		lat, lon := at(int(j))
		ix.lon[k] = lon
		ix.x[k], ix.y[k], ix.z[k] = unitVector(lat, lon)
		ix.start[rows[j]-lo+1]++
	}
	for r := 1; r < len(ix.start); r++ {
		ix.start[r] += ix.start[r-1]
	}
	return ix
}

// query is a radius query over an index, reusable for many centres.
type query struct {
	ix     *strips
	km     float64
	δ      float64 // angular radius, radians
	chord2 float64 // squared chord of δ on the unit sphere, with slack
	all    bool    // the radius covers the whole sphere
}

func (ix *strips) query(km float64) query {
	δ := km / EarthKm
	q := query{ix: ix, km: km, δ: δ}
	if δ >= math.Pi {
		q.all = true
		q.chord2 = 5
		return q
	}
	c := 2 * math.Sin(δ/2)
	q.chord2 = c * c * (1 + 1e-12)
	return q
}

// each calls fn(j, km) for every indexed point within the query's radius
// of (lat, lon).
func (q query) each(lat, lon float64, fn func(j int, km float64)) {
	ix := q.ix
	if len(ix.id) == 0 {
		return
	}
	ux, uy, uz := unitVector(lat, lon)
	visit := func(k0, k1 int) {
		xs, ys, zs := ix.x[k0:k1], ix.y[k0:k1], ix.z[k0:k1]
		for k := range xs {
			dx, dy, dz := xs[k]-ux, ys[k]-uy, zs[k]-uz
			c2 := dx*dx + dy*dy + dz*dz
			if c2 <= q.chord2 {
				if d := chordKm(c2); d <= q.km {
					fn(int(ix.id[k0+k]), d)
				}
			}
		}
	}
	last := ix.row0 + len(ix.start) - 2
	r0, r1 := ix.row0, last
	full := q.all
	var dλ float64
	if !full {
		dφ := q.δ * 180 / math.Pi
		r0, r1 = max(r0, rowOf(lat-dφ, ix.h)), min(r1, rowOf(lat+dφ, ix.h))
		// The widest longitude a spherical cap of radius δ centred at
		// latitude φ reaches: asin(sin δ / cos φ), all around when the cap
		// holds a pole.
		if s := math.Sin(q.δ) / math.Cos(lat*math.Pi/180); q.δ >= math.Pi/2 || !(s < 1) {
			full = true
		} else {
			dλ = math.Asin(s)*180/math.Pi + 1e-9
		}
	}
	for r := r0; r <= r1; r++ {
		a, b := int(ix.start[r-ix.row0]), int(ix.start[r-ix.row0+1])
		if a == b {
			continue
		}
		if full {
			visit(a, b)
			continue
		}
		span := func(lo, hi float64) {
			lons := ix.lon[a:b]
			k0 := sort.SearchFloat64s(lons, lo)
			k1 := k0 + sort.Search(len(lons)-k0, func(k int) bool { return lons[k0+k] > hi })
			if k0 < k1 {
				visit(a+k0, a+k1)
			}
		}
		lo, hi := lon-dλ, lon+dλ
		switch {
		case lo < -180 && hi > 180:
			visit(a, b)
		case lo < -180:
			span(-180, hi)
			span(lo+360, 180)
		case hi > 180:
			span(lo, 180)
			span(-180, hi-360)
		default:
			span(lo, hi)
		}
	}
}

// chordKm is the great-circle distance of a squared chord of the unit
// sphere: 2R·asin(c/2), by its series for short distances (below some
// 600 km its relative error is under 1e-14) and math.Asin beyond.
func chordKm(c2 float64) float64 {
	x := math.Sqrt(c2) / 2
	if x < 0.05 {
		x2 := x * x
		return 2 * EarthKm * x * (1 + x2*(1.0/6+x2*(3.0/40+x2*(5.0/112+x2*35.0/1152))))
	}
	return 2 * EarthKm * math.Asin(math.Min(1, x))
}
