package web

import (
	"fmt"
	"net/http"
	"time"

	"maillage/internal/place"
)

type choice struct{ ID, Value, Label string }

type homePage struct {
	pageMeta
	Count      int
	LastChange time.Time
	Services   []choice
}

func serviceChoices() []choice {
	var cs []choice
	for i, v := range place.Services.Values {
		cs = append(cs, choice{ID: fmt.Sprint(i), Value: v, Label: serviceWords[v]})
	}
	return cs
}

// accueil is the home page: where and what.
func (s *Server) accueil(w http.ResponseWriter, r *http.Request) {
	st := s.stats.Load()
	s.render(w, r, http.StatusOK, "accueil.html", homePage{
		pageMeta: pageMeta{Title: "Trouver de l'aide pour le numérique", Nav: "accueil",
			Description: "Les lieux de médiation numérique près de chez vous : démarches en ligne, ordinateur, téléphone, internet."},
		Count: st.Count, LastChange: st.LastChange, Services: serviceChoices()})
}
