package territory

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"maillage/internal/failure"
)

// The gazetteer's layout ({"qpvs":[{code,label,insee,g}]}, {"iris":[…]})
// reads as the same zones as the GeoJSON of the same QPV and IRIS.
func TestReadLayerGazetteer(t *testing.T) {
	tests := []struct{ kind, geojson, gazetteer string }{
		{LayerQPV, "qpv.geojson", "qpv_gazetteer.json"},
		{LayerIRIS, "iris.geojson", "iris_gazetteer.json"},
	}
	for _, tt := range tests {
		t.Run(tt.gazetteer, func(t *testing.T) {
			want := readTestLayer(t, tt.kind, tt.geojson)
			got := readTestLayer(t, tt.kind, tt.gazetteer)
			if !reflect.DeepEqual(got.Zones, want.Zones) {
				t.Errorf("zones\n got %+v\nwant %+v", got.Zones, want.Zones)
			}
		})
	}
}

func TestReadLayerGazetteerErrors(t *testing.T) {
	tests := []struct {
		name, kind, in string
		want           []string
	}{
		{"not an array", LayerQPV, `{"qpvs":{}}`, []string{"f.json", "champ qpvs", "tableau"}},
		{"no code", LayerQPV, `{"qpvs":[{"label":"A","g":[[[[1,45],[2,45],[2,46],[1,45]]]]}]}`, []string{"objet 1", "code", "obligatoire"}},
		{"bad geometry", LayerQPV, `{"qpvs":[{"code":"QN1","g":[[[1,45]]]}]}`, []string{"objet 1 (QN1)", "champ g[0][0][0]", "[longitude, latitude]"}},
		{"no geometry", LayerQPV, `{"qpvs":[{"code":"QN1"}]}`, []string{"objet 1 (QN1)", "champ g", "au moins un polygone"}},
		{"Lambert 93", LayerQPV, `{"qpvs":[{"code":"QN1","g":[[[[842000,6519000],[843000,6519000],[843000,6520000],[842000,6519000]]]]}]}`,
			[]string{"objet 1 (QN1)", "g[0][0][0]", "WGS84"}},
		{"QPV file read as IRIS", LayerIRIS, `{"qpvs":[{"code":"QN1","g":[[[[1,45],[2,45],[2,46],[1,45]]]]}]}`, []string{"f.json", "champ qpvs", "QPV", "IRIS"}},
		{"empty", LayerQPV, `{"qpvs":[]}`, []string{"aucun objet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadLayer("f.json", tt.kind, strings.NewReader(tt.in))
			if !errors.Is(err, failure.ErrInvalid) {
				t.Fatalf("not a failure.Invalid: %v", err)
			}
			msg := failure.MessageOf(err)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
		})
	}
}
