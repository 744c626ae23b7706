package web

import (
	"io/fs"
	"net/http"
	"path"
	"path/filepath"
	"strings"
)

// staticHandler serves the embedded assets, and under /vendor/ the
// front-end packages npm installed (Leaflet), with long caching. A missing
// asset is the site's French "page introuvable".
func (s *Server) staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	embedded := http.FileSystem(filesOnly{http.FS(sub)})
	var vendor http.FileSystem
	if s.cfg.VendorDir != "" {
		vendor = filesOnly{http.Dir(filepath.Join(s.cfg.VendorDir, "leaflet", "dist"))}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files, name := embedded, r.URL.Path
		if rest, ok := strings.CutPrefix(name, "/vendor/leaflet/"); ok && vendor != nil {
			files, name = vendor, "/"+rest
		}
		f, err := files.Open(path.Clean("/" + name))
		if err != nil {
			s.notFound(w, r)
			return
		}
		f.Close()
		w.Header().Set("Cache-Control", "public, max-age=86400")
		r2 := *r
		u := *r.URL
		u.Path = name
		r2.URL = &u
		http.FileServer(files).ServeHTTP(w, &r2)
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
