package web

import (
	"net/http"

	"maillage/internal/standard"
)

// apiLieuxGeoJSON answers GET /api/v1/lieux.geojson: the same search as
// /api/v1/lieux, as a GeoJSON FeatureCollection (places with a position).
func (s *Server) apiLieuxGeoJSON(w http.ResponseWriter, r *http.Request) {
	req, perr := s.parseSearch(r.Context(), r.URL.Query(), false)
	if perr != nil {
		badParam(w, perr)
		return
	}
	req.Query.NoFacets = true
	res := s.index.Load().Search(req.Query)
	cors(w)
	w.Header().Set("Content-Type", "application/geo+json")
	enc, _ := standard.NewEncoder("geojson", w)
	for i := range res.Hits {
		enc.Encode(res.Hits[i].Lieu)
	}
	enc.Close()
}
