package territory

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkReadLayer reads a layer of 1 000 zones of 1 000 positions each
// (1 million positions, 31 MB of GeoJSON: about a tenth of etalab's
// communes-5m), every ring checked (closed, not crossing itself).
func BenchmarkReadLayer(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range 1000 {
		if i > 0 {
			buf.WriteString(",")
		}
		lon, lat := -4+float64(i%40)*0.25, 42+float64(i/40)*0.3
		fmt.Fprintf(&buf, `{"type":"Feature","properties":{"code":"%05d","nom":"Commune %d"},"geometry":{"type":"Polygon","coordinates":[%s]}}`,
			1001+i, i, circleCoords(lon, lat, 0.1, 999))
	}
	buf.WriteString("]}")
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		l, err := ReadLayer("communes.geojson", LayerContours, bytes.NewReader(data))
		if err != nil || len(l.Zones) != 1000 {
			b.Fatalf("%v", err)
		}
	}
}

// BenchmarkLayerPadding reads one feature after 1 MB and 8 MB of spaces:
// the time per byte is the same for both (linear), not 8 times more.
func BenchmarkLayerPadding(b *testing.B) {
	feature := squareFeature("QN1", 4, 45, 0.01)
	for _, mb := range []int{1, 8} {
		in := []byte(`{"type":"FeatureCollection","features":[` + string(bytes.Repeat([]byte(" "), mb<<20)) + feature + `]}`)
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for range b.N {
				if _, err := ReadLayer("f.geojson", LayerQPV, bytes.NewReader(in)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
