package web

import (
	"net/http"

	"maillage/internal/store"
)

// espaceOrientationsShown bounds the orientations Mon espace lists.
const espaceOrientationsShown = 200

// espaceOrientations lists the orientations the signed-in account made,
// newest first, with where each stands.
func (s *Server) espaceOrientations(r *http.Request, p *espacePage) error {
	os, err := s.store.ListOrientations(r.Context(), store.OrientationFilter{Prescriber: currentUser(r).ID, Limit: espaceOrientationsShown})
	if err != nil {
		return err
	}
	p.OrientationsShown = espaceOrientationsShown
	for _, o := range os {
		p.Orientations = append(p.Orientations, s.orientationView(r, o))
	}
	return nil
}
