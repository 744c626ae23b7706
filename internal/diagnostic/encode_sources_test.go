package diagnostic

import (
	"bytes"
	"strings"
	"testing"

	"maillage/internal/territory"
)

// The API's JSON names a layer's file by its base name and a URL by its
// host and path: never the server's folders.
func TestJSONLayerSourcesArePublic(t *testing.T) {
	r := &Report{Vintages: []territory.Vintage{
		{Layer: territory.LayerQPV, Vintage: "2024", Source: "/srv/maillage/secret/QP2024.geojson.gz"},
		{Layer: territory.LayerIRIS, Vintage: "2023", Source: "https://u:p@example.org/iris.geojson?cle=1"},
	}}
	var b bytes.Buffer
	if err := r.JSON(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"/srv/maillage", "secret", "u:p", "cle=1"} {
		if strings.Contains(out, bad) {
			t.Errorf("the JSON says %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{`"QP2024.geojson.gz"`, `"example.org/iris.geojson"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the JSON lacks %s:\n%s", want, out)
		}
	}
}
