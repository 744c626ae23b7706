package web

import "net/http"

// routes declares every URL of maillage.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /donnees/lieux.csv", s.download("csv"))
	mux.HandleFunc("GET /donnees/lieux.json", s.download("json"))
	mux.HandleFunc("GET /donnees/lieux.geojson", s.download("geojson"))
	return mux
}
