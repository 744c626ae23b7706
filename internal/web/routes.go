package web

import (
	"net/http"
	"strings"
)

// routes declares every URL of maillage.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// Pages
	mux.HandleFunc("GET /{$}", s.accueil)
	mux.HandleFunc("GET /recherche", s.recherche)
	mux.HandleFunc("GET /lieux/{id}", s.lieu)
	mux.HandleFunc("POST /lieux/{id}/signaler", s.lieuSignaler)
	mux.HandleFunc("GET /lieux/{id}/fiche", s.lieuFiche)
	mux.HandleFunc("GET /orientation", s.orientation)
	mux.HandleFunc("GET /fiche", s.fiche)
	mux.HandleFunc("GET /integrer", s.integrer)
	mux.HandleFunc("GET /embed/recherche", s.embedRecherche)
	mux.HandleFunc("GET /donnees", s.donnees)
	// Open data
	mux.HandleFunc("GET /donnees/lieux.csv", s.download("csv"))
	mux.HandleFunc("GET /donnees/lieux.json", s.download("json"))
	mux.HandleFunc("GET /donnees/lieux.geojson", s.download("geojson"))
	// API
	mux.HandleFunc("GET /api/v1/lieux", s.apiLieux)
	mux.HandleFunc("GET /api/v1/lieux.geojson", s.apiLieuxGeoJSON)
	mux.HandleFunc("GET /api/v1/lieux/{id}", s.apiLieu)
	mux.HandleFunc("GET /api/v1/clusters", s.apiClusters)
	mux.HandleFunc("GET /api/v1/facettes", s.apiFacettes)
	mux.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	mux.HandleFunc("GET /api/", s.apiNotFound)
	// Operations and assets
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /static/", http.StripPrefix("/static", s.staticHandler()))
	mux.HandleFunc("/", s.notFound)
	protect := http.NewCrossOriginProtection()
	return protect.Handler(mux)
}

// isEmbed reports whether a path may be framed by other sites.
func isEmbed(path string) bool { return strings.HasPrefix(path, "/embed/") }
