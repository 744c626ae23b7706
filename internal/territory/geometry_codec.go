package territory

import (
	"encoding/binary"
	"errors"
	"math"
)

// EncodePolygons packs polygons for storage: counts then coordinates in
// 1e-7 degree steps, each as the varint difference from the previous one
// (a QPV's 150 vertices take some 600 bytes, not 2 400 as float64).
func EncodePolygons(ps []Polygon) []byte {
	b := binary.AppendUvarint(nil, uint64(len(ps)))
	var lat, lon int64
	for _, p := range ps {
		b = binary.AppendUvarint(b, uint64(len(p)))
		for _, r := range p {
			b = binary.AppendUvarint(b, uint64(len(r)))
			for _, v := range r {
				y, x := int64(math.Round(v.Lat*coordScale)), int64(math.Round(v.Lon*coordScale))
				b = binary.AppendVarint(b, y-lat)
				b = binary.AppendVarint(b, x-lon)
				lat, lon = y, x
			}
		}
	}
	return b
}

var errCorrupt = errors.New("géométrie stockée illisible")

// DecodePolygons reads what EncodePolygons wrote.
func DecodePolygons(b []byte) ([]Polygon, error) {
	d := decoder{b: b}
	n := d.count()
	ps := make([]Polygon, 0, n)
	var lat, lon int64
	for i := 0; i < n && d.err == nil; i++ {
		nr := d.count()
		p := make(Polygon, 0, nr)
		for j := 0; j < nr && d.err == nil; j++ {
			nv := d.count()
			r := make(Ring, 0, nv)
			for k := 0; k < nv && d.err == nil; k++ {
				lat += d.varint()
				lon += d.varint()
				r = append(r, Point{Lat: float64(lat) / coordScale, Lon: float64(lon) / coordScale})
			}
			p = append(p, r)
		}
		ps = append(ps, p)
	}
	if d.err == nil && len(d.b) > 0 {
		d.err = errCorrupt
	}
	if d.err != nil {
		return nil, d.err
	}
	return ps, nil
}

type decoder struct {
	b   []byte
	err error
}

// count reads a length, bounded by what is left (a vertex takes 2 bytes at least).
func (d *decoder) count() int {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > uint64(len(d.b)) {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}
