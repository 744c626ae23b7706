package web

import (
	"context"
	"strings"
	"testing"

	"maillage/internal/place"
)

// A place no source gives a SIRET for shows no provenance for it: the
// unknown pivot (empty, or the placeholder a source or the standard's
// files write) is credited to no source.
func TestPlaceProvenanceNoPivot(t *testing.T) {
	for _, pivot := range []string{"", place.PivotPlaceholder} {
		t.Run("pivot="+pivot, func(t *testing.T) {
			p := cast(t)
			ts, ctx := p.ts, context.Background()
			l := lieu("tls-9", 43.6046, 1.4441, func(l *place.Lieu) {
				l.Nom, l.Commune, l.CodeINSEE, l.CodePostal, l.Pivot = "EPN des Minimes", "Toulouse", "31555", "31000", pivot
			})
			im, err := ts.store.BeginImport(ctx, "hub")
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := im.Put(ctx, &l); err != nil {
				t.Fatal(err)
			}
			if _, err := im.Commit(ctx, "hub.csv"); err != nil {
				t.Fatal(err)
			}
			if err := ts.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			res := getAs(t, ts, "/lieux/tls-9", p.coord31)
			if res.StatusCode != 200 || !strings.Contains(res.Body, "Provenance des informations") {
				t.Fatalf("status %d, provenance shown: %v", res.StatusCode, strings.Contains(res.Body, "Provenance des informations"))
			}
			if strings.Contains(res.Body, `<th scope="row">SIRET</th>`) {
				t.Error("the provenance credits the unknown SIRET to a source")
			}
			if !strings.Contains(res.Body, `<th scope="row">nom</th>`) {
				t.Error("the provenance has no row for the name")
			}
		})
	}
}
