package harvest

import (
	"testing"

	"maillage/internal/store"
)

func TestAddress(t *testing.T) {
	tests := []struct {
		src  store.Source
		opt  Options
		want string
	}{
		{store.Source{Type: store.SourceCoop}, Options{}, CoopURL},
		{store.Source{Type: store.SourceCoop}, Options{CoopURL: "http://127.0.0.1:9/api/v1/lieux-activite"}, "http://127.0.0.1:9/api/v1/lieux-activite"},
		{store.Source{Type: store.SourceDataInclusion}, Options{}, DataInclusionURL},
		{store.Source{Type: store.SourceDataInclusion, URL: "https://miroir.exemple.fr/api/v1"}, Options{}, "https://miroir.exemple.fr/api/v1"},
		{store.Source{Type: store.SourceStandard, URL: "https://exemple.fr/lieux.csv"}, Options{CoopURL: "x"}, "https://exemple.fr/lieux.csv"},
	}
	for _, tt := range tests {
		if got := Address(tt.src, tt.opt); got != tt.want {
			t.Errorf("Address(%+v, %+v) = %q, want %q", tt.src, tt.opt, got, tt.want)
		}
	}
}
