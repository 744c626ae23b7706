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
