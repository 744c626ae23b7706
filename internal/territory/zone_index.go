package territory

import (
	"math"
	"sort"
)

// grid is the spatial index of a layer: the zones whose bounding box
// (widened by a margin) meets each cell of a regular grid in degrees.
type grid struct {
	cells map[cell][]int32
	// big are the zones too large for the cells (a bounding box over
	// maxCellsPerZone cells: malformed or continental), tried for every
	// point.
	big []int32
}

type cell struct{ x, y int32 }

// gridDeg is the side of a cell: about 5 km, a few QPV wide.
const gridDeg = 0.05

const maxCellsPerZone = 4096

func cellAt(lat, lon float64) cell {
	return cell{int32(math.Floor(lon / gridDeg)), int32(math.Floor(lat / gridDeg))}
}

// newGrid indexes zones, each box widened by marginKm.
func newGrid(zones []Zone, marginKm float64) *grid {
	g := &grid{cells: map[cell][]int32{}}
	for i := range zones {
		z := &zones[i]
		z.box = boxOf(z.Polygons)
		if len(z.Polygons) == 0 || math.IsInf(z.box.south, 0) {
			continue
		}
		dLat := marginKm / kmPerDegree
		cos := math.Cos(math.Min(85, math.Max(math.Abs(z.box.south), math.Abs(z.box.north))) * math.Pi / 180)
		dLon := marginKm / (kmPerDegree * cos)
		z.reach = box{z.box.south - dLat, z.box.west - dLon, z.box.north + dLat, z.box.east + dLon}
		lo := cellAt(z.reach.south, z.reach.west)
		hi := cellAt(z.reach.north, z.reach.east)
		if (int64(hi.x)-int64(lo.x)+1)*(int64(hi.y)-int64(lo.y)+1) > maxCellsPerZone {
			g.big = append(g.big, int32(i))
			continue
		}
		for x := lo.x; x <= hi.x; x++ {
			for y := lo.y; y <= hi.y; y++ {
				c := cell{x, y}
				g.cells[c] = append(g.cells[c], int32(i))
			}
		}
	}
	return g
}

// candidates calls fn with every zone whose widened box may hold (lat, lon).
func (g *grid) candidates(lat, lon float64, fn func(i int32)) {
	for _, i := range g.cells[cellAt(lat, lon)] {
		fn(i)
	}
	for _, i := range g.big {
		fn(i)
	}
}

// indexed returns the layer's spatial index, built on first use (zones
// sorted by code); the margin is the reach of "near" for QPV.
func (l *Layer) indexed() *grid {
	l.once.Do(l.index)
	return l.grid
}

func (l *Layer) index() {
	margin := 0.0
	if l.Kind == LayerQPV {
		margin = NearQPVMetres / 1000.0
	}
	sort.Slice(l.Zones, func(i, j int) bool { return l.Zones[i].Code < l.Zones[j].Code })
	l.grid = newGrid(l.Zones, margin)
}

// At returns the zone (lat, lon) lies in, nil when none (the first by code
// when zones overlap).
func (l *Layer) At(lat, lon float64) *Zone {
	if l == nil || !validPoint(lat, lon) {
		return nil
	}
	g := l.indexed()
	var found *Zone
	g.candidates(lat, lon, func(i int32) {
		z := &l.Zones[i]
		if z.Contains(lat, lon) && (found == nil || z.Code < found.Code) {
			found = z
		}
	})
	return found
}

// near returns the zone (lat, lon) lies in (nil when none) and the zones
// within km of it that it does not lie in, nearest first; km is at most
// the margin the layer was indexed with (the grid holds no farther zone).
func (l *Layer) near(lat, lon, km float64) (inside *Zone, near []*Zone) {
	if l == nil || !validPoint(lat, lon) {
		return nil, nil
	}
	g := l.indexed()
	type hit struct {
		z *Zone
		d float64
	}
	var hits []hit
	g.candidates(lat, lon, func(i int32) {
		z := &l.Zones[i]
		if !z.reach.contains(lat, lon) {
			return
		}
		d := z.DistanceKm(lat, lon)
		switch {
		case d == 0 && (inside == nil || z.Code < inside.Code):
			if inside != nil {
				hits = append(hits, hit{inside, 0})
			}
			inside = z
		case d <= km:
			hits = append(hits, hit{z, d})
		}
	})
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].d != hits[j].d {
			return hits[i].d < hits[j].d
		}
		return hits[i].z.Code < hits[j].z.Code
	})
	for _, h := range hits {
		near = append(near, h.z)
	}
	return inside, near
}

// Zone returns a zone of the layer by code.
func (l *Layer) Zone(code string) (*Zone, bool) {
	if l == nil {
		return nil, false
	}
	i := sort.Search(len(l.Zones), func(i int) bool { return l.Zones[i].Code >= code })
	if i < len(l.Zones) && l.Zones[i].Code == code {
		return &l.Zones[i], true
	}
	return nil, false
}

func validPoint(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// SetLayer puts a layer (QPV or IRIS) into the referential, replacing the
// one of its kind, and indexes it.
func (r *Referential) SetLayer(l *Layer) {
	l.indexed()
	switch l.Kind {
	case LayerQPV:
		r.QPV = l
	case LayerIRIS:
		r.IRIS = l
	case LayerContours:
		r.Contours = l
		r.contours = &derivedContours{}
	}
}

// Layer returns the layer of a kind, nil when not loaded.
func (r *Referential) Layer(kind string) *Layer {
	if r == nil {
		return nil
	}
	switch kind {
	case LayerQPV:
		return r.QPV
	case LayerIRIS:
		return r.IRIS
	case LayerContours:
		return r.Contours
	}
	return nil
}

// HasQPV reports whether the QPV layer is loaded.
func (r *Referential) HasQPV() bool { return r != nil && r.QPV != nil && len(r.QPV.Zones) > 0 }

// QPVs returns the QPV, by code (none when the layer is not loaded).
func (r *Referential) QPVs() []*QPV {
	if !r.HasQPV() {
		return nil
	}
	out := make([]*QPV, len(r.QPV.Zones))
	for i := range r.QPV.Zones {
		out[i] = &r.QPV.Zones[i]
	}
	return out
}

// QPVAt returns the QPV (lat, lon) lies in (nil when none), and those
// within NearQPVMetres of it that it does not lie in, nearest first.
func (r *Referential) QPVAt(lat, lon float64) (inside *QPV, near []*QPV) {
	if r == nil {
		return nil, nil
	}
	return r.QPV.near(lat, lon, NearQPVMetres/1000.0)
}

// IRISAt returns the IRIS (lat, lon) lies in, nil when none or the layer
// is not loaded.
func (r *Referential) IRISAt(lat, lon float64) *IRIS {
	if r == nil {
		return nil
	}
	return r.IRIS.At(lat, lon)
}

// Vintages returns the vintage of every part loaded: the communes (their
// population), then the QPV and IRIS layers and the communes' contours.
func (r *Referential) Vintages() []Vintage {
	if r == nil {
		return nil
	}
	var out []Vintage
	if !r.Empty() {
		out = append(out, r.CommunesVintage)
	}
	for _, l := range []*Layer{r.QPV, r.IRIS, r.Contours} {
		if l != nil {
			out = append(out, Vintage{Layer: l.Kind, Vintage: l.Vintage, Source: l.Source, Loaded: l.Loaded})
		}
	}
	return out
}
