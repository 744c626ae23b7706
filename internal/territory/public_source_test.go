package territory

import "testing"

func TestPublicSource(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/srv/maillage/data/QP2024_France_WGS84.geojson.gz", "QP2024_France_WGS84.geojson.gz"},
		{`C:\données\qpv2024.json.gz`, "qpv2024.json.gz"},
		{"https://user:secret@www.data.gouv.fr/fr/datasets/r/abc?token=x#y", "www.data.gouv.fr/fr/datasets/r/abc"},
		{"http://127.0.0.1:8080/couches/iris.geojson", "127.0.0.1:8080/couches/iris.geojson"},
		{"@etalab/decoupage-administratif 6.0.0", "@etalab/decoupage-administratif 6.0.0"},
		{"node_modules/@etalab/decoupage-administratif/data", "data"},
		{"", ""},
		{".", ""},
	}
	for _, tt := range tests {
		if got := PublicSource(tt.in); got != tt.want {
			t.Errorf("PublicSource(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
