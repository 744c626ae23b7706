package web

import (
	"encoding/json"
	"math"
	"strconv"

	"maillage/internal/territory"
)

// geoWriter writes a GeoJSON FeatureCollection of polygons for a map at a
// zoom: coordinates rounded to half the simplification's tolerance (a
// pixel), the points that rounding merges dropped, rings that shrink below
// a triangle left out.
type geoWriter struct {
	b     []byte
	scale float64 // 10^decimals
	n     int     // features written
	pts   []float64
	limit int  // bytes of the answer at most (0: none)
	over  bool // the answer passed limit: features after are left out
}

func newGeoWriter(tolerance float64) *geoWriter {
	decimals := 7 // as stored
	if tolerance > 0 {
		decimals = max(1, min(int(math.Ceil(-math.Log10(tolerance/2))), 7))
	}
	return &geoWriter{scale: math.Pow(10, float64(decimals))}
}

func (g *geoWriter) start(attribution string) {
	g.b = append(g.b, `{"type":"FeatureCollection","attribution":`...)
	g.b = appendJSONString(g.b, attribution)
	g.b = append(g.b, `,"features":[`...)
}

// feature writes one feature (none when nothing is left of its
// polygons); props appends its properties, each after a comma.
func (g *geoWriter) feature(ps []territory.Polygon, props func([]byte) []byte) {
	if g.over {
		return
	}
	g.write(g.multiPolygon(ps), props)
}

// lineFeature writes one feature of lines (territory.BoundaryLines).
func (g *geoWriter) lineFeature(lines [][]territory.Point, props func([]byte) []byte) {
	if g.over {
		return
	}
	g.write(g.multiLineString(lines), props)
}

// write writes a feature of a geometry (none when nil, or once the
// answer is over its limit).
func (g *geoWriter) write(geom []byte, props func([]byte) []byte) {
	if g.over {
		return
	}
	defer func() { g.over = g.limit > 0 && len(g.b) > g.limit }()
	if geom == nil {
		return
	}
	if g.n > 0 {
		g.b = append(g.b, ',')
	}
	g.n++
	g.b = append(g.b, `{"type":"Feature","properties":{`...)
	at := len(g.b)
	g.b = props(g.b)
	if len(g.b) > at && g.b[at] == ',' {
		g.b = append(g.b[:at], g.b[at+1:]...)
	}
	g.b = append(g.b, `},"geometry":`...)
	g.b = append(g.b, geom...)
	g.b = append(g.b, '}')
}

func (g *geoWriter) round(v float64) float64 { return math.Round(v*g.scale) / g.scale }

// multiPolygon is the GeoJSON geometry of polygons, nil when empty.
func (g *geoWriter) multiPolygon(ps []territory.Polygon) []byte {
	var out []byte
	np := 0
	for _, p := range ps {
		var poly []byte
		nr := 0
		for i, r := range p {
			ring := g.ring(r)
			if ring == nil {
				if i == 0 {
					break // no outer ring, no holes
				}
				continue
			}
			poly = appendItem(poly, nr, ring)
			nr++
		}
		if nr == 0 {
			continue
		}
		out = appendItem(out, np, append(append([]byte{'['}, poly...), ']'))
		np++
	}
	return geometry("MultiPolygon", np, out)
}

// multiLineString is the GeoJSON geometry of lines, nil when empty; a
// line that rounding shrinks to one point is left out.
func (g *geoWriter) multiLineString(lines [][]territory.Point) []byte {
	var out []byte
	n := 0
	for _, l := range lines {
		g.roundPoints(l)
		if len(g.pts) < 4 {
			continue
		}
		out = appendItem(out, n, appendCoordinates(nil, g.pts))
		n++
	}
	return geometry("MultiLineString", n, out)
}

// ring writes a closed ring of rounded [lon,lat], nil when fewer than
// three distinct points are left.
func (g *geoWriter) ring(r territory.Ring) []byte {
	g.roundPoints(r)
	if n := len(g.pts); n >= 4 && g.pts[0] == g.pts[n-2] && g.pts[1] == g.pts[n-1] {
		g.pts = g.pts[:n-2]
	}
	if len(g.pts) < 6 {
		return nil
	}
	g.pts = append(g.pts, g.pts[0], g.pts[1])
	return appendCoordinates(nil, g.pts)
}

// roundPoints sets g.pts to the points rounded, as lon, lat, lon, lat…,
// a point that rounding merges with the one before it left out.
func (g *geoWriter) roundPoints(pts []territory.Point) {
	g.pts = g.pts[:0]
	for _, v := range pts {
		lon, lat := g.round(v.Lon), g.round(v.Lat)
		if n := len(g.pts); n >= 2 && g.pts[n-2] == lon && g.pts[n-1] == lat {
			continue
		}
		g.pts = append(g.pts, lon, lat)
	}
}

// appendCoordinates appends pts (lon, lat, lon, lat…) as [[lon,lat],…].
func appendCoordinates(b []byte, pts []float64) []byte {
	b = append(b, '[')
	for i := 0; i < len(pts); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendFloat(b, pts[i], 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, pts[i+1], 'f', -1, 64)
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendItem appends the i-th item of a JSON list, after a comma but the first.
func appendItem(b []byte, i int, item []byte) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	return append(b, item...)
}

// geometry is a GeoJSON geometry of a kind whose n coordinates (n > 0)
// are items, nil when n is 0.
func geometry(kind string, n int, items []byte) []byte {
	if n == 0 {
		return nil
	}
	b := append([]byte(`{"type":"`+kind+`","coordinates":[`), items...)
	return append(b, "]}"...)
}

// end closes the collection, with the legend of its classes when it has one.
func (g *geoWriter) end(legend []legendClass) []byte {
	g.b = append(g.b, ']')
	if legend != nil {
		g.b = append(g.b, `,"legende":`...)
		data, _ := json.Marshal(legend)
		g.b = append(g.b, data...)
	}
	return append(g.b, '}')
}

func appendProp(b []byte, key, value string) []byte {
	b = append(b, ',')
	b = appendJSONString(b, key)
	b = append(b, ':')
	return appendJSONString(b, value)
}

func appendJSONString(b []byte, s string) []byte {
	data, _ := json.Marshal(s)
	return append(b, data...)
}
