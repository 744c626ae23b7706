package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/place"
)

// The coordinators' review of duplicates: the pairs of source records the
// merge run could not decide, side by side with each signal explained, to
// confirm (the places are merged) or reject (never merged); and the merged
// places of their territory, whose wrong records they can split off.

type fieldRow struct{ Label, A, B string }

type reviewItemView struct {
	N                          int
	SourceA, IDA, SourceB, IDB string
	// RawA and RawB are the records' ids as their sources wrote them
	// (shown; IDA and IDB key them in the forms).
	RawA, RawB           string
	NameA, NameB, PlaceA string
	PlaceB               string
	Total                string
	Rows                 []fieldRow
	Components           []componentView
	Reason               string
	// Weakened: the records were merged automatically and a re-harvest
	// brought their score down (PlaceA is PlaceB): « Même lieu » keeps
	// the merge, « Séparer » splits Split off the place.
	Weakened bool
	Split    sideView
}

type componentView struct {
	Label, Points, Note string
}

// placesRequest is the decision on places: every one must lie in the
// moderator's territory.
func (s *Server) placesRequest(ctx context.Context, ids ...string) account.Request {
	var req account.Request
	for _, id := range ids {
		sc := s.lieuScopes(ctx, id)
		if len(sc) == 0 {
			return account.Request{} // unknown place: an administrator's
		}
		req.Scopes = append(req.Scopes, sc...)
	}
	return req
}

// decimal writes v with one decimal, French style ("7,5", "−3,0"); signed
// adds "+" to positive values.
func decimal(v float64, signed bool) string {
	t := strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
	t = strings.Replace(t, "-", "−", 1)
	if signed && v >= 0 {
		t = "+" + t
	}
	return t
}

func recordRows(a, b *place.Lieu) []fieldRow {
	coord := func(l *place.Lieu) string {
		if l.Coordinates == nil {
			return ""
		}
		return formatCoord(l.Coordinates.Lat) + ", " + formatCoord(l.Coordinates.Lon)
	}
	j := func(v []string) string { return strings.Join(v, ", ") }
	return []fieldRow{
		{"Nom", a.Nom, b.Nom},
		{"Adresse", a.Adresse, b.Adresse},
		{"Commune", a.CodePostal + " " + a.Commune + " (" + a.CodeINSEE + ")", b.CodePostal + " " + b.Commune + " (" + b.CodeINSEE + ")"},
		{"Coordonnées", coord(a), coord(b)},
		{"SIRET / RNA", a.Pivot, b.Pivot},
		{"Téléphone", j(a.Telephone), j(b.Telephone)},
		{"Courriel", j(a.Courriels), j(b.Courriels)},
		{"Site web", j(a.SiteWeb), j(b.SiteWeb)},
		{"Typologie", j(a.Typologie), j(b.Typologie)},
		{"Horaires", a.Horaires, b.Horaires},
		{"Itinérance", j(a.Itinerance), j(b.Itinerance)},
		{"Mise à jour", frenchDate(a.DateMaj), frenchDate(b.DateMaj)},
	}
}

func formatCoord(v float64) string {
	return strings.Replace(strings.Replace(strconv.FormatFloat(v, 'f', 5, 64), ".", ",", 1), "-", "−", 1)
}

// syncAfterWrite shows a merge or a split at once (the watch would catch
// up within a second).
func (s *Server) syncAfterWrite(r *http.Request) {
	if err := s.syncNoWait(r.Context()); err != nil {
		s.log.Warn("index non mis à jour après une décision sur des doublons", "erreur", err)
	}
}
