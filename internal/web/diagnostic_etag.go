package web

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"

	"maillage/internal/diagnostic"
)

// diagnosticETag is the validator of a diagnostic's answer: the revision
// of the data it was computed from (the database's, the same on every
// server), the revision being computed when it is stale, and what was
// asked — never a clock. Weak: a stale answer's note dates the figures
// with the server's clock, and gzip changes the bytes, not the figures.
func diagnosticETag(rev string, stale *diagnostic.Stale, asked ...string) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\n", rev)
	if stale != nil {
		fmt.Fprintf(h, "en calcul %s\n", stale.Revision)
	}
	fmt.Fprintf(h, "%s", strings.Join(asked, "\n"))
	return fmt.Sprintf(`W/"diag-%016x"`, h.Sum64())
}

// notModified sets an answer's validator and caching rule (as the map's
// layers: public, checked at each use), and answers 304 when the client
// holds that version (If-None-Match, weak comparison).
func notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, no-cache")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// etagMatches tells whether an If-None-Match list names etag ("*" names
// every one), weakly: W/ aside.
func etagMatches(list, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		if e == "*" || strings.TrimPrefix(e, "W/") == etag {
			return true
		}
	}
	return false
}
