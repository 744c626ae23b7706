package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"maillage/internal/place"
)

// The coordinators' report of freshness (/moderation/fraicheur): for each
// source, how many places of their territory are up to date, « à
// vérifier » (12 months) or « à actualiser » (18 months), by the server's
// clock, and the flagged places, so that they ask the sources (or the
// structures) to confirm or update them.

// handMade names the places no source record holds up (created or kept
// by hand on maillage).
const handMade = "saisis sur maillage"

type sourceFreshness struct {
	Name                            string
	Link                            string // its flagged places
	Total, Fresh, ToCheck, ToUpdate int
}

type flaggedPlace struct {
	ID, Nom, Commune string
	Date, Age        string
	Code, Label      string
	Sources          []string
}

type fraicheurPage struct {
	pageMeta
	Today   string
	Sources []sourceFreshness
	// Source is the source whose flagged places are listed ("" for all).
	Source  string
	Flagged []flaggedPlace
	// FlaggedTotal counts them all; Flagged stops at maxFlaggedListed.
	FlaggedTotal int
}

const maxFlaggedListed = 500

func (s *Server) moderationFraicheur(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	bySource, err := s.store.SourcesOfPlaces(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	now := s.cfg.Now()
	day := today(now)
	filter := strings.TrimSpace(r.URL.Query().Get("source"))
	p := fraicheurPage{pageMeta: pageMeta{Title: "Fraîcheur des informations", Nav: "espace"}, Today: frenchDate(now), Source: filter}
	rows := map[string]*sourceFreshness{}
	var flagged []*place.Lieu
	s.indexOf(ctx).Each(func(l *place.Lieu) {
		if !u.CoversScope(s.scope(ctx, l)) {
			return
		}
		sources := bySource[l.ID]
		if len(sources) == 0 {
			sources = []string{handMade}
		}
		f := l.Freshness(day)
		for _, name := range sources {
			row := rows[name]
			if row == nil {
				row = &sourceFreshness{Name: name, Link: "/moderation/fraicheur?" + url.Values{"source": {name}}.Encode()}
				rows[name] = row
			}
			row.Total++
			switch f {
			case place.Fresh:
				row.Fresh++
			case place.ToCheck:
				row.ToCheck++
			default:
				row.ToUpdate++
			}
		}
		if f != place.Fresh && (filter == "" || slices.Contains(sources, filter)) {
			flagged = append(flagged, l)
		}
	})
	for _, row := range rows {
		p.Sources = append(p.Sources, *row)
	}
	slices.SortFunc(p.Sources, func(a, b sourceFreshness) int { return strings.Compare(a.Name, b.Name) })
	// The oldest first; then by name.
	slices.SortStableFunc(flagged, func(a, b *place.Lieu) int {
		if c := a.DateMaj.Compare(b.DateMaj); c != 0 {
			return c
		}
		return strings.Compare(a.Nom, b.Nom)
	})
	p.FlaggedTotal = len(flagged)
	for _, l := range flagged[:min(len(flagged), maxFlaggedListed)] {
		fv := freshnessOf(l, now)
		sources := bySource[l.ID]
		if len(sources) == 0 {
			sources = []string{handMade}
		}
		p.Flagged = append(p.Flagged, flaggedPlace{ID: l.ID, Nom: l.Nom, Commune: l.Commune, Date: fv.Date, Age: fv.Age,
			Code: fv.Code, Label: fv.Label, Sources: sources})
	}
	s.render(w, r, http.StatusOK, "moderation_fraicheur.html", p)
}
