package web

import (
	"fmt"
	"net/url"
	"strings"
)

// SitePath builds a path of this site from its segments, each path-escaped:
// SitePath("lieux", id, "confirmer") is "/lieux/<id>/confirmer" whatever
// the id holds ("/", "?", "#", "..", spaces…). Every URL built from data
// goes through it, in Go code and in templates (as "path"), so that data
// can never turn a link or a form into another action of the site.
func SitePath(segments ...any) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(pathSegment(fmt.Sprint(s)))
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// unaddressable stands for a segment no URL can carry: browsers resolve
// ".", ".." (and their %2e spellings) as dot segments and drop an empty
// one, and the router cleans them away. It is not valid UTF-8, so no
// record's id can be it: the link leads to a "not found" page under the
// intended path instead of to another page of the site.
const unaddressable = "%FF"

func pathSegment(s string) string {
	if s == "" || s == "." || s == ".." {
		return unaddressable
	}
	return url.PathEscape(s)
}
