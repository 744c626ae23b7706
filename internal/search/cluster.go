package search

import (
	"math"
	"sort"
)

// Cluster is a group of places shown as one marker on a map.
type Cluster struct {
	Lat, Lon float64 // mean position of its places
	Count    int
	ID       string // the place's id when Count is 1
	Nom      string // the place's name when Count is 1
	// BBox of its places, to zoom on them.
	South, West, North, East float64
}

// clusterPixels is the size of a cluster cell on screen.
const clusterPixels = 64

// Clusters groups the places a query finds in bbox for a map at zoom
// (0-20, 256-pixel Web Mercator tiles). Filters of q apply; its bbox,
// centre and paging do not.
func (ix *Index) Clusters(q Query, bbox BBox, zoom int) []Cluster {
	zoom = max(0, min(zoom, 22))
	c := ix.compile(&q)
	now := q.OpenAt
	if now.IsZero() {
		now = ix.Built // no clock here: callers pass their own now
	}
	at := ix.instant(now)
	// cell size in degrees of longitude; latitude cells use the Mercator
	// scale of the bbox's middle so that cells look square.
	deg := clusterPixels * 360 / (256 * math.Exp2(float64(zoom)))
	mid := (bbox.South + bbox.North) / 2 * math.Pi / 180
	degLat := deg * math.Cos(mid)
	type acc struct {
		Cluster
		sumLat, sumLon float64
	}
	cells := map[uint64]*acc{}
	key := func(lat, lon float64) uint64 {
		return uint64(uint32(int32(math.Floor(lon/deg))))<<32 | uint64(uint32(int32(math.Floor(lat/degLat))))
	}
	add := func(k uint64, n int, sumLat, sumLon, south, west, north, east float64, first int32) {
		a := cells[k]
		if a == nil {
			e := ix.entries.at(int(first))
			a = &acc{Cluster: Cluster{South: south, North: north, West: west, East: east, ID: e.lieu.ID, Nom: e.lieu.Nom}}
			cells[k] = a
		}
		a.Count += n
		a.sumLat += sumLat
		a.sumLon += sumLon
		a.South, a.North = math.Min(a.South, south), math.Max(a.North, north)
		a.West, a.East = math.Min(a.West, west), math.Max(a.East, east)
	}
	noFilter := c.noFilter()
	lo, hi := cellOf(bbox.South, bbox.West), cellOf(bbox.North, bbox.East)
	for gc, ids := range ix.grid {
		if gc.x < lo.x || gc.x > hi.x || gc.y < lo.y || gc.y > hi.y {
			continue
		}
		// Without filters, a grid cell inside the bbox and inside one
		// cluster cell counts as a whole.
		if s := ix.sums[gc]; noFilter && deg >= cellDeg && bbox.contains(s.south, s.west) && bbox.contains(s.north, s.east) {
			if k := key(s.south, s.west); k == key(s.north, s.east) {
				add(k, s.count, s.sumLat, s.sumLon, s.south, s.west, s.north, s.east, s.first)
				continue
			}
		}
		for _, i := range ids {
			h := ix.hot.at(int(i))
			if !bbox.contains(h.lat, h.lon) {
				continue
			}
			if !noFilter {
				if c.name != nil && !c.name.match(ix.entries.at(int(i)).lieu.Nom) {
					continue
				}
				open := false
				if c.openNow {
					open = ix.openAt(i, at)
				}
				if ix.fails(i, h, &c, open) != 0 {
					continue
				}
			}
			add(key(h.lat, h.lon), 1, h.lat, h.lon, h.lat, h.lon, h.lat, h.lon, i)
		}
	}
	out := make([]Cluster, 0, len(cells))
	for _, a := range cells {
		cl := a.Cluster
		cl.Lat, cl.Lon = a.sumLat/float64(a.Count), a.sumLon/float64(a.Count)
		if cl.Count > 1 {
			cl.ID, cl.Nom = "", ""
		}
		out = append(out, cl)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Lat != out[j].Lat {
			return out[i].Lat > out[j].Lat
		}
		return out[i].Lon < out[j].Lon
	})
	return out
}
