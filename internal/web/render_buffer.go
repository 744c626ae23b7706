package web

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
)

// pagePool holds the buffers pages are rendered into: a page is written
// only once complete, so a template error is a 500 page, never a truncated
// 200.
var pagePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage keeps the pool from holding on to a huge page's buffer.
const maxPooledPage = 1 << 20

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	buf := pagePool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledPage {
			pagePool.Put(buf)
		}
	}()
	if err := s.templates.ExecuteTemplate(buf, name, data); err != nil {
		s.log.Error("rendu de page", "page", name, "url", r.URL.Path, "err", err)
		buf.Reset()
		status = http.StatusInternalServerError
		page := errorPage{pageMeta: pageMeta{Title: "Erreur interne"}, Message: "La page n'a pas pu être affichée. L'erreur est notée ; réessayez plus tard."}
		if name == "erreur.html" || s.templates.ExecuteTemplate(buf, "erreur.html", &page) != nil {
			buf.Reset()
			buf.WriteString("<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Erreur interne</title><h1>Erreur interne</h1><p>La page n'a pas pu être affichée.</p></html>")
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
