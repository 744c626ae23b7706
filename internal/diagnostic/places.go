package diagnostic

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"maillage/internal/place"
	"maillage/internal/territory"
)

// PlacesIn returns the published places of a territory (by their commune,
// as the report counts them) offering service ("" = all), by name.
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
		if t.Kind != KindFrance {
			c := communeOf(ref, l)
			if c == nil || !slices.Contains(groupsOf(ref, c), key) {
				continue
			}
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *place.Lieu) int {
		return cmp.Or(cmp.Compare(territory.Fold(a.Nom), territory.Fold(b.Nom)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
