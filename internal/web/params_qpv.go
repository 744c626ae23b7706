package web

import (
	"context"
	"fmt"
	"net/url"

	"maillage/internal/search"
	"maillage/internal/territory"
)

// qpvWords are the values of the QPV filter as pages say them.
var qpvWords = map[string]string{
	search.QPVIn:   "Dans un quartier prioritaire",
	search.QPVNear: fmt.Sprintf("Dans un quartier prioritaire ou à moins de %d m", territory.NearQPVMetres),
}

// parseQPV reads qpv=dans|proche (repeated or joined with "|"). Without a
// QPV layer the filter is not offered, and a request for it is refused
// rather than answered with no place.
func (s *Server) parseQPV(ctx context.Context, v url.Values, req *searchRequest) *ParamError {
	for _, x := range values(v, "qpv") {
		if _, ok := qpvWords[x]; !ok {
			return &ParamError{Param: "qpv", Value: x, Message: "valeur inconnue", Accepted: []string{search.QPVIn, search.QPVNear}}
		}
		if !s.indexOf(ctx).Referential().HasQPV() {
			return &ParamError{Param: "qpv", Value: x, Message: "les contours des quartiers prioritaires ne sont pas chargés sur ce site (maillage territoires import --qpv)"}
		}
		req.Query.QPV = append(req.Query.QPV, x)
		req.URL.Add("qpv", x)
	}
	return nil
}

// qpvSentence says how a place stands to the QPV, from its attachment:
// "dans le quartier prioritaire « … »", "à moins de 300 m du QPV « … »",
// or "" (none, no position, or no QPV layer).
func qpvSentence(a search.Attachment) string {
	switch {
	case a.QPV != nil:
		return "dans le quartier prioritaire « " + a.QPV.Nom + " »"
	case len(a.NearQPV) == 1:
		return fmt.Sprintf("à moins de %d m du QPV « %s »", territory.NearQPVMetres, a.NearQPV[0].Nom)
	case len(a.NearQPV) > 1:
		names := ""
		for i, z := range a.NearQPV {
			switch {
			case i == len(a.NearQPV)-1:
				names += " et "
			case i > 0:
				names += ", "
			}
			names += "« " + z.Nom + " »"
		}
		return fmt.Sprintf("à moins de %d m des QPV %s", territory.NearQPVMetres, names)
	}
	return ""
}
