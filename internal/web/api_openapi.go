package web

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var openAPIDocument []byte

// apiOpenAPI serves the OpenAPI 3 document of the API.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	cors(w)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDocument)
}

// apiNotFound answers unknown API routes in JSON.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	apiError(w, http.StatusNotFound, "route inconnue : voir /api/v1/openapi.json")
}
