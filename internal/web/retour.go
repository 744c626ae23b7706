package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A place found in a search links back to that search: its link carries the
// search as one "retour" parameter, "/recherche?…", built from the
// parameters parseSearch accepted, and the place's page parses it again
// before linking to it. Never from the Referer; never to another path.

// backQuery is the query string of a result's link to its place's page.
func backQuery(req *searchRequest, page int) string {
	v := cloneValues(req.URL)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	back := "/recherche"
	if len(v) > 0 {
		back += "?" + v.Encode()
	}
	return url.Values{"retour": {back}}.Encode()
}

// backLink is the "Retour à la recherche" link of a place's page: the
// search in its "retour" parameter, rebuilt from the parameters that parse,
// or the home page.
func (s *Server) backLink(ctx context.Context, raw string) string {
	if raw == "" || len(raw) > 4096 {
		return "/"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.User != nil || u.Host != "" || u.Opaque != "" || u.Path != "/recherche" || u.Fragment != "" {
		return "/"
	}
	v := u.Query()
	req, perr := s.parseSearch(ctx, v, false)
	if perr != nil {
		return "/"
	}
	out := req.URL
	if ou := strings.TrimSpace(v.Get("ou")); ou != "" && len(ou) <= 200 && printable(ou) {
		out.Set("ou", ou)
	}
	if n, perr := intParam(v, "page", 1, 1, 1_000_000); perr == nil && n > 1 {
		out.Set("page", strconv.Itoa(n))
	}
	if len(out) == 0 {
		return "/recherche"
	}
	return "/recherche?" + out.Encode()
}

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			return false
		}
	}
	return true
}
