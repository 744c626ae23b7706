package web

import (
	"context"
	"fmt"

	"maillage/internal/place"
	"maillage/internal/territory"
)

// maxKmFromCommuneCentre is how far from its commune's centre (in the
// referential) a form may put a place: the one bound of the registry,
// which imports also use to geocode records placed beyond it.
const maxKmFromCommuneCentre = territory.MaxKmFromCentre

// checkPosition refuses coordinates the person gave or changed that lie
// far from the commune of the place (l, after checkAddress): the
// territory rules read the commune, so the position must agree with it.
// Nothing is checked when the referential has no centre for the commune.
func (s *Server) checkPosition(ctx context.Context, l, cur *place.Lieu) []place.Problem {
	if l.Coordinates == nil {
		return nil
	}
	if cur != nil && cur.Coordinates != nil && *cur.Coordinates == *l.Coordinates && cur.CodeINSEE == l.CodeINSEE {
		return nil // untouched: not the person's to fix now
	}
	c, ok := s.indexOf(ctx).Referential().Commune(l.CodeINSEE)
	if !ok || c.Centre == nil {
		return nil
	}
	km, far := c.FarFrom(l.Coordinates.Lat, l.Coordinates.Lon)
	if !far {
		return nil
	}
	return []place.Problem{{Severity: place.Warning, Field: "latitude", Value: fmt.Sprintf("%g, %g", l.Coordinates.Lat, l.Coordinates.Lon),
		Rule: place.RuleCoordinates, Message: fmt.Sprintf("coordonnées loin de la commune : ce point est à %.0f km du centre de %s (code INSEE %s), %d km au plus ; corrigez la position, ou la commune",
			km, c.Nom, c.Code, maxKmFromCommuneCentre)}}
}
