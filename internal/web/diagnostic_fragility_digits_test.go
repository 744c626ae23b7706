package web

import (
	"context"
	"math"
	"strings"
	"testing"

	"maillage/internal/fragility"
)

// The fragility column gives every value one decimal (review 9N, nit 11:
// « 114,1 » beside « 117 »), in the gap table and the map's table.
func TestFragilityOneDecimal(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	idx := &fragility.Index{Level: fragility.LevelCommune, Vintage: "2020", Source: "ifn.csv", Rows: map[string]fragility.IndexRow{}}
	for code, score := range map[string]float64{"31555": 117, "31069": 114.1, "81004": 100} {
		idx.Rows[code] = fragility.IndexRow{Code: code, Score: score, Population: math.NaN()}
	}
	if err := ts.store.ReplaceFragilityIndex(ctx, idx); err != nil {
		t.Fatal(err)
	}
	for path, wants := range map[string][]string{
		"/diagnostic/departement/31":                 {"<td>117,0</td>", "<td>114,1</td>"},
		"/diagnostic/epci/243100518?carte=fragilite": {"<td>117,0</td>", "<td>114,1</td>"},
	} {
		body := ts.get(t, path).Body
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		if strings.Contains(body, "<td>117</td>") {
			t.Errorf("%s writes 117 without its decimal", path)
		}
	}
}
