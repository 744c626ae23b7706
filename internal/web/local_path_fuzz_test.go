package web

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzLocalPath: whatever "suite" holds, a path localPath accepts leads,
// as a browser reads it (tabs and newlines dropped, backslashes as
// slashes), to this site.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/espace", "/\t/evil.example", "/%09/x", "//x", "/\\x", "http:x", "/recherche?ou=a%2F%2Fb", "/%2F/x", "/\u2028/x"} {
		f.Add(s)
	}
	base, err := url.Parse("https://site.test/connexion")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !localPath(s) {
			return
		}
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.TrimSpace(s))
		ref, err := url.Parse(browser)
		if err != nil {
			t.Fatalf("accepted %q, which does not parse: %v", s, err)
		}
		if u := base.ResolveReference(ref); u.Host != "site.test" || u.Scheme != "https" {
			t.Fatalf("accepted %q, which leads to %s", s, u)
		}
	})
}
