package geocode

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/territory"
)

// A commune found by its exact name gets no "vous pensiez peut-être à"
// from names it only begins (Brest, not Brestot); Paris, Lyon and
// Marseille have no single postcode, and suggest their arrondissements,
// all of them, in their order.
func TestResolveExactNameSuggestions(t *testing.T) {
	ref, err := territory.LoadDecoupage(func(name string) (io.ReadCloser, error) {
		return os.Open(filepath.Join("../territory/testdata/france", name))
	})
	if err != nil {
		t.Fatal(err)
	}
	ref.Communes = append(ref.Communes,
		territory.Commune{Code: "29019", Nom: "Brest", Departement: "29", CodesPostaux: []string{"29200"}, Population: 139926},
		territory.Commune{Code: "27109", Nom: "Brestot", Departement: "27", CodesPostaux: []string{"27350"}, Population: 500})
	ref = ref.Index()
	r := &Resolver{}
	for q, want := range map[string]string{
		"Brest": "Brest (29200)",
		"Lyon": "Lyon|Lyon 1er|Lyon 2e|Lyon 3e|Lyon 4e|Lyon 5e|" +
			"Lyon 6e|Lyon 7e|Lyon 8e|Lyon 9e",
		"Brestot": "Brestot (27350)",
	} {
		ps, err := r.Resolve(context.Background(), ref, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.Label)
		}
		if g := strings.Join(got, "|"); g != want {
			t.Errorf("%s:\n got %s\nwant %s", q, g, want)
		}
	}
}
