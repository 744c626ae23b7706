package web

import (
	"context"

	"maillage/internal/store"
)

// positionWords says how the record that gives a place its position got
// it: geocoded (geocodedWords), or given by the source itself; then, when
// another current record of the place has a geocoded position, that the
// source's own coordinates were preferred (merge: coordinates a source
// gave itself win over a geocoded position, whatever the priority).
func (s *Server) positionWords(ctx context.Context, id string, o store.FieldOrigin) string {
	if w := s.geocodedWords(ctx, id, o); w != "" {
		return w
	}
	recs, err := s.store.SourceRecords(ctx, id)
	if err != nil {
		return ""
	}
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() && r.Lieu.Provenance.Geocoding != nil && r.Lieu.Coordinates != nil {
			return " — coordonnées données par la source, préférées à la position géocodée pour « " + r.Source + " » (enregistrement " + r.SourceID + ")"
		}
	}
	return ""
}
