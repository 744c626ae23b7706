package web

import (
	"net/http"
	"strings"

	"maillage/internal/search"
)

type clusterJSON struct {
	Lat    float64    `json:"lat"`
	Lon    float64    `json:"lon"`
	Nombre int        `json:"nombre"`
	ID     string     `json:"id,omitempty"`
	Nom    string     `json:"nom,omitempty"`
	BBox   [4]float64 `json:"bbox"`
}

// parseBBox reads "west,south,east,north" in degrees.
func parseBBox(v string) (*search.BBox, *ParamError) {
	parts := strings.Split(v, ",")
	bad := &ParamError{Param: "bbox", Value: v, Message: "attendu ouest,sud,est,nord en degrés (WGS84)"}
	if len(parts) != 4 {
		return nil, bad
	}
	var f [4]float64
	for i, p := range parts {
		x, ok := parseNumber(strings.TrimSpace(p))
		if !ok {
			return nil, bad
		}
		f[i] = x
	}
	b := &search.BBox{West: f[0], South: f[1], East: f[2], North: f[3]}
	if b.South > b.North || b.West > b.East || b.South < -90 || b.North > 90 || b.West < -180 || b.East > 180 {
		return nil, bad
	}
	return b, nil
}

// apiClusters answers GET /api/v1/clusters?bbox=…&zoom=…: the markers of
// the map, grouped server-side, with the same filters as /api/v1/lieux.
func (s *Server) apiClusters(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	bbox, perr := parseBBox(v.Get("bbox"))
	if perr != nil {
		badParam(w, perr)
		return
	}
	zoom, perr := intParam(v, "zoom", -1, 0, 22)
	if perr == nil && zoom < 0 {
		perr = &ParamError{Param: "zoom", Message: "niveau de zoom attendu, de 0 à 22"}
	}
	if perr != nil {
		badParam(w, perr)
		return
	}
	req, perr := s.parseSearch(r.Context(), v, false)
	if perr != nil {
		badParam(w, perr)
		return
	}
	cs := s.indexOf(r.Context()).Clusters(req.Query, *bbox, zoom)
	out := struct {
		Clusters []clusterJSON `json:"clusters"`
	}{Clusters: make([]clusterJSON, len(cs))}
	for i, c := range cs {
		out.Clusters[i] = clusterJSON{Lat: c.Lat, Lon: c.Lon, Nombre: c.Count, ID: c.ID, Nom: c.Nom, BBox: [4]float64{c.West, c.South, c.East, c.North}}
	}
	writeJSON(w, http.StatusOK, out)
}
