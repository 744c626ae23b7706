package activity

import (
	"strings"
	"testing"
)

func TestKeptFromOthers(t *testing.T) {
	for _, tt := range []struct {
		name string
		a    Activity
		want string // a part of the message ("" : none)
	}{
		{"entered here", Activity{Source: SourceSaisie}, ""},
		{"imported from the Coop", Activity{Source: SourceImportCoop, CoopID: "CRA-7"}, "import de la Coop (ID CRA CRA-7)"},
		{"paid by the Pass", Activity{Source: SourceSaisie, PassRedemption: 12}, "Pass numérique (utilisation n° 12)"},
		{"imported and paid", Activity{Source: SourceImportCoop, PassRedemption: 12}, "seul un administrateur"},
		{"an unknown source", Activity{Source: "autre"}, "seul un administrateur"},
	} {
		got := tt.a.KeptFromOthers()
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
