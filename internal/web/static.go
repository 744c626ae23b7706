package web

import (
	"io/fs"
	"net/http"
	"path"
	"path/filepath"
	"strings"
)

// vendored are the front-end packages npm installed that the site serves
// under /static/vendor/NAME/, each from its dist folder: Leaflet (the
// map), jsQR (the counter's QR scanner when the browser has no
// BarcodeDetector).
var vendored = []string{"leaflet", "jsqr"}

// staticHandler serves the embedded assets, and under /vendor/ the
// front-end packages npm installed, with long caching. A missing asset is
// the site's French "page introuvable".
func (s *Server) staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	embedded := http.FileSystem(filesOnly{http.FS(sub)})
	vendor := map[string]http.FileSystem{}
	if s.cfg.VendorDir != "" {
		for _, name := range vendored {
			vendor[name] = filesOnly{http.Dir(filepath.Join(s.cfg.VendorDir, name, "dist"))}
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files, name := embedded, r.URL.Path
		if rest, ok := strings.CutPrefix(name, "/vendor/"); ok {
			pkg, file, _ := strings.Cut(rest, "/")
			if v, ok := vendor[pkg]; ok {
				files, name = v, "/"+file
			}
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
