// Package web serves maillage over HTTP: the pages, the open-data downloads
// and the API. Every route is declared in routes.go; each page or action has
// its own file named after its URL.
package web

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"maillage/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

// Server holds what the handlers need.
type Server struct {
	store     store.Store
	log       *slog.Logger
	templates *template.Template
	now       func() time.Time
}

// Config is what a server is built from.
type Config struct {
	Store  store.Store
	Logger *slog.Logger
}

// NewServer returns the HTTP handler of maillage.
func NewServer(cfg Config) (http.Handler, error) {
	t, err := template.ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s := &Server{store: cfg.Store, log: cfg.Logger, templates: t, now: time.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s.withHeaders(s.routes()), nil
}

// withHeaders sets the security headers every response carries.
func (s *Server) withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// render executes a page template; a failure is logged and answered with a 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.templates.ExecuteTemplate(w, name, data); err != nil {
		s.log.Error("rendu de page", "page", name, "url", r.URL.Path, "err", err)
	}
}

// fail answers an internal error: logged in full, a short French message for the user.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("erreur interne", "url", r.URL.Path, "err", err)
	http.Error(w, "Erreur interne du serveur : réessayez plus tard.", http.StatusInternalServerError)
}
