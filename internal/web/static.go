package web

import (
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
)

// staticHandler serves the embedded assets, and under /vendor/ the
// front-end packages npm installed (Leaflet), with long caching.
func (s *Server) staticHandler() http.Handler {
	embedded := staticFiles()
	var vendor http.Handler
	if s.cfg.VendorDir != "" {
		vendor = http.StripPrefix("/vendor/leaflet", http.FileServer(filesOnly{http.Dir(filepath.Join(s.cfg.VendorDir, "leaflet", "dist"))}))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		if strings.HasPrefix(r.URL.Path, "/vendor/leaflet/") && vendor != nil {
			vendor.ServeHTTP(w, r)
			return
		}
		embedded.ServeHTTP(w, r)
	})
}

// filesOnly serves files and nothing else: a folder is "not found", so
// that no listing of the assets is ever shown.
type filesOnly struct{ http.FileSystem }

func (f filesOnly) Open(name string) (http.File, error) {
	file, err := f.FileSystem.Open(name)
	if err != nil {
		return nil, err
	}
	info, err := file.Stat()
	if err != nil || info.IsDir() {
		file.Close()
		return nil, fs.ErrNotExist
	}
	return file, nil
}
