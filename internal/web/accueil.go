package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"maillage/internal/place"
)

// checkChoice is one checkbox of a form.
type checkChoice struct {
	ID, Value, Label string
	Checked          bool
}

// chosenServices reads the services of a query, as the standard spells them.
func chosenServices(v url.Values) []string {
	var out []string
	for _, sv := range values(v, "services") {
		if c, _, ok := place.Services.Lookup(sv); ok {
			out = append(out, c)
		}
	}
	return out
}

type homePage struct {
	pageMeta
	Count      int
	LastChange time.Time
	Services   []checkChoice
}

// serviceChoices are the services of the standard as checkboxes, in plain words.
func serviceChoices(chosen []string) []checkChoice {
	var cs []checkChoice
	for i, v := range place.Services.Values {
		cs = append(cs, checkChoice{ID: fmt.Sprint(i), Value: v, Label: serviceWords[v], Checked: slices.Contains(chosen, v)})
	}
	return cs
}

// accueil is the home page: where and what.
func (s *Server) accueil(w http.ResponseWriter, r *http.Request) {
	st := s.stats.Load()
	s.render(w, r, http.StatusOK, "accueil.html", homePage{
		pageMeta: pageMeta{Title: "Trouver de l'aide pour le numérique", Nav: "accueil",
			Description: "Les lieux de médiation numérique près de chez vous : démarches en ligne, ordinateur, téléphone, internet."},
		Count: st.Count, LastChange: st.LastChange, Services: serviceChoices(nil)})
}
