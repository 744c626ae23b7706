package diagnostic

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"maillage/internal/place"
	"maillage/internal/territory"
)

// PlacesIn returns the published places of a territory offering service
// ("" = all), by name: those the report counts, by the commune each
// counts for (placeCommune: a place coded with a divided city's code in
// the arrondissement it lies in), with a position (its own or its
// commune's centre). France's are those of its communes, without the
// collectivités d'outre-mer.
func PlacesIn(ctx context.Context, st Store, ref *territory.Referential, t Territory, service string) ([]*place.Lieu, error) {
	key := t.key()
	var out []*place.Lieu
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			return nil, err
		}
		if service != "" && !slices.ContainsFunc(l.Services, func(s string) bool { return strings.EqualFold(s, service) }) {
			continue
		}
		c, _ := placeCommune(ref, l)
		if l.Coordinates == nil && (c == nil || c.Centre == nil) {
			continue // no position: not counted
		}
		if c == nil || !slices.Contains(groupsOf(ref, c), key) {
			continue
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *place.Lieu) int {
		return cmp.Or(cmp.Compare(territory.Fold(a.Nom), territory.Fold(b.Nom)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
