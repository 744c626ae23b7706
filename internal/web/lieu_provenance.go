package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"maillage/internal/account"
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
// place, or, when every source withdrew it, of those that did: all a
// visitor is told of its provenance.
func (s *Server) sourceNames(ctx context.Context, id string) []string {
	recs, err := s.store.SourceRecords(ctx, id)
	if err != nil {
		return nil
	}
	var names, gone []string
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() && !slices.Contains(names, r.Source) {
			names = append(names, r.Source)
		}
		if !r.WithdrawnAt.IsZero() && !slices.Contains(gone, r.Source) {
			gone = append(gone, r.Source)
		}
	}
	if len(names) == 0 {
		// Every source withdrew it (hand edits keep it published): they
		// are still where its values come from, and whom to tell.
		return gone
	}
	return names
}

// provenance is the field-level provenance of a place, in the order of
// the standard's fields (one line for the position), as viewer sees it:
// the accounts named as account.DisplayName names them.
func (s *Server) provenance(ctx context.Context, viewer *account.User, id string) []provenanceRow {
	origins, err := s.store.FieldSources(ctx, id)
	if err != nil {
		return nil
	}
	// A field the place leaves empty (the unknown pivot's placeholder
	// included) is credited to no source.
	var values [place.NumFields]string
	if l, err := s.store.Lieu(ctx, id); err == nil {
		values = l.Values()
	}
	if values[place.FPivot] == place.PivotPlaceholder {
		values[place.FPivot] = ""
	}
	var rows []provenanceRow
	for i, f := range place.FieldNames {
		o, ok := origins[f]
		if !ok || i == place.FID || f == "longitude" || !o.ByHand() && values[i] == "" {
			continue
		}
		field := provenanceWords[f]
		if field == "" {
			field = fieldWords[f]
		}
		if field == "" {
			field = f
		}
		who := s.originWords(ctx, viewer, o)
		if f == "latitude" && !o.ByHand() {
			who += s.positionWords(ctx, id, o)
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
		if g.CodeINSEE != "" {
			w += fmt.Sprintf(" ; code INSEE %s repris du géocodage (la source n'en donnait pas, et son code postal et sa commune n'en désignaient aucun)", g.CodeINSEE)
		}
		return w
	}
	return ""
}

// provenanceWords are the labels of the fields that share one in
// fieldWords (two « présentation » rows could not be told apart).
var provenanceWords = map[string]string{
	"presentation_resume": "présentation (résumé)", "presentation_detail": "présentation (détail)",
	"autres_formations_labels": "autres labels",
}

// originWords names who gave a value: a source and its record, or the
// account that set it by hand.
func (s *Server) originWords(ctx context.Context, viewer *account.User, o store.FieldOrigin) string {
	switch {
	case !o.ByHand() && !o.Withdrawn.IsZero():
		return "source « " + o.Source + " », enregistrement " + o.SourceID + " — retiré par " + o.Source + " le " + frenchDate(o.Withdrawn)
	case !o.ByHand():
		return "source « " + o.Source + " », enregistrement " + o.SourceID
	case o.Origin == "structure":
		return "la structure (" + s.accountWords(ctx, viewer, o.Actor) + ")"
	}
	return s.accountWords(ctx, viewer, o.Actor)
}

// accountWords names the account of an actor ("compte:N") as viewer may
// see it: its e-mail and role for an administrator, its role and a
// pseudonym for anyone else (account.DisplayName).
func (s *Server) accountWords(ctx context.Context, viewer *account.User, actor string) string {
	n, ok := strings.CutPrefix(actor, "compte:")
	id, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil {
		return actor
	}
	u, err := s.store.User(ctx, id)
	if err != nil {
		return "un compte supprimé depuis"
	}
	who := account.DisplayName(viewer, &u)
	if !account.SeesAddresses(viewer) {
		return who // the role is in it
	}
	for _, r := range account.Roles {
		if r.Role == u.Role {
			return who + ", " + r.Label
		}
	}
	return who
}
