package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
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
		who := originWords(o)
		if f == "latitude" && !o.ByHand() {
			who += s.geocodedWords(ctx, id, o)
		}
		rows = append(rows, provenanceRow{Field: field, Who: who, When: frenchDate(o.At)})
	}
	return rows
}

// geocodedWords says, when the record that gives a place its position got
// it from the geocoder, how: the service, when, the address found and its
// score, and what the source gave.
func (s *Server) geocodedWords(ctx context.Context, id string, o store.FieldOrigin) string {
	recs, err := s.store.SourceRecords(ctx, id)
	if err != nil {
		return ""
	}
	for _, r := range recs {
		g := r.Lieu.Provenance.Geocoding
		if r.Source != o.Source || r.SourceID != o.SourceID || g == nil {
			continue
		}
		w := fmt.Sprintf(" — position géocodée (%s, le %s) : « %s », score %s", g.Service, frenchDate(g.At), g.Label,
			strings.Replace(strconv.FormatFloat(g.Score, 'f', 2, 64), ".", ",", 1))
		orig := r.Lieu.Provenance.Original
		switch {
		case g.Reason == place.GeocodedFar:
			w += fmt.Sprintf(" ; la source donnait %s, %s, à plus de %d km de la commune", orig["latitude"], orig["longitude"], territory.MaxKmFromCentre)
		default:
			w += " ; la source ne donnait pas de coordonnées"
		}
		return w
	}
	return ""
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
