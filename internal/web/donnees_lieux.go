package web

import (
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"time"

	"maillage/internal/standard"
)

// download streams the whole registry in a format of the standard, with
// ETag and Last-Modified so that harvesters fetch it only when it changed.
func (s *Server) download(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, err := s.store.Stats(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		h := w.Header()
		etag := fmt.Sprintf(`"%s-%d-%d"`, format, st.Count, st.LastChange.UnixNano())
		h.Set("ETag", etag)
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("Vary", "Accept-Encoding")
		if !st.LastChange.IsZero() {
			h.Set("Last-Modified", st.LastChange.UTC().Format(http.TimeFormat))
		}
		if notModified(r, etag, st.LastChange) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", standard.ContentType(format))
		h.Set("Content-Disposition", `attachment; filename="lieux-de-mediation-numerique.`+format+`"`)
		out := http.ResponseWriter(w)
		var gz *gzip.Writer
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			gz = gzip.NewWriter(w)
			defer gz.Close()
		}
		if r.Method == http.MethodHead {
			return
		}
		enc, _ := standard.NewEncoder(format, writerOf(out, gz))
		for l, err := range s.store.Lieux(r.Context()) {
			if err != nil {
				// Headers are gone: cut the stream so the client sees a broken download.
				s.log.Error("téléchargement interrompu", "format", format, "err", err)
				panic(http.ErrAbortHandler)
			}
			if err := enc.Encode(l); err != nil {
				return // the client went away
			}
		}
		enc.Close()
	}
}

func writerOf(w http.ResponseWriter, gz *gzip.Writer) interface{ Write([]byte) (int, error) } {
	if gz != nil {
		return gz
	}
	return w
}

func notModified(r *http.Request, etag string, last time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimSpace(t); t == etag || t == "*" || t == "W/"+etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !last.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !last.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}
