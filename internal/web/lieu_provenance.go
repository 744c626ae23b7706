package web

import (
	"context"
	"slices"

	"maillage/internal/place"
	"maillage/internal/store"
)

// provenanceRow says where one field of a place comes from, for the
// coordinators: a source and the id that source gave its record, or an
// account, and when.
type provenanceRow struct {
	Field string // in French
	Who   string
	When  string
}

// sourceNames are the names of the sources that currently describe a
// place: all a visitor is told of its provenance.
func (s *Server) sourceNames(ctx context.Context, id string) []string {
	recs, err := s.store.SourceRecords(ctx, id)
	if err != nil {
		return nil
	}
	var names []string
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() && !slices.Contains(names, r.Source) {
			names = append(names, r.Source)
		}
	}
	return names
}

// provenance is the field-level provenance of a place, in the order of
// the standard's fields (one line for the position).
func (s *Server) provenance(ctx context.Context, id string) []provenanceRow {
	origins, err := s.store.FieldSources(ctx, id)
	if err != nil {
		return nil
	}
	var rows []provenanceRow
	for _, f := range place.FieldNames[1:] {
		o, ok := origins[f]
		if !ok || f == "longitude" {
			continue
		}
		field := fieldWords[f]
		if field == "" {
			field = f
		}
		rows = append(rows, provenanceRow{Field: field, Who: originWords(o), When: frenchDate(o.At)})
	}
	return rows
}

// originWords names who gave a value.
func originWords(o store.FieldOrigin) string {
	switch {
	case !o.ByHand():
		return "source « " + o.Source + " », enregistrement " + o.SourceID
	case o.Origin == "structure":
		return "la structure (" + o.Actor + ")"
	}
	return "les coordinateurs (" + o.Actor + ")"
}
