package web

import (
	"net/http"

	"maillage/internal/standard"
)

// apiLieuxGeoJSON answers GET /api/v1/lieux.geojson: the same search as
// /api/v1/lieux, as a GeoJSON FeatureCollection (places with a position).
func (s *Server) apiLieuxGeoJSON(w http.ResponseWriter, r *http.Request) {
	_, res, ok := s.apiSearch(w, r)
	if !ok {
		return
	}
	cors(w)
	w.Header().Set("Content-Type", "application/geo+json")
	enc, _ := standard.NewEncoder("geojson", w)
	// The standard's fields only: the horaires say the closures.
	day := today(s.cfg.Now())
	for i := range res.Hits {
		enc.Encode(standard.WithClosures(res.Hits[i].Lieu, day))
	}
	enc.Close()
}
