package web

import (
	"io/fs"
	"regexp"
	"testing"
)

// No template writes data into a URL next to literal text ("/lieux/{{.ID}}"):
// a URL is either built whole by the "path" function, or whole by Go code
// (through SitePath), so that TestHostileIDsStayInTheirSegment's guarantee
// holds for templates written after it.
func TestTemplatesBuildURLsWithPath(t *testing.T) {
	attr := regexp.MustCompile(`(?:href|action|src|formaction)="((?:[^"{]|\{\{.*?\}\}|\{)*)"`)
	whole := regexp.MustCompile(`^(?:\{\{(?:path |\.|\$\.|osmDirections |telURI |mailtoURI )[^}]*\}\}|\{\{with [^}]*\}\}\{\{\.\}\}|[^{]*)$`)
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	withData := 0
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range attr.FindAllStringSubmatch(string(b), -1) {
			if regexp.MustCompile(`\{\{path `).MatchString(m[1]) {
				withData++
			}
			if !whole.MatchString(m[1]) {
				t.Errorf("%s: URL %q mixes literal text and data: use {{path …}}", f, m[1])
			}
		}
	}
	if withData < 15 {
		t.Errorf("only %d URLs built by path: the scan misses attributes", withData)
	}
}

func TestSitePath(t *testing.T) {
	for _, tc := range []struct {
		in   []any
		want string
	}{
		{[]any{"lieux", "tls-1", "confirmer"}, "/lieux/tls-1/confirmer"},
		{[]any{"lieux", "../../espace/supprimer?x=", "confirmer"}, "/lieux/..%2F..%2Fespace%2Fsupprimer%3Fx=/confirmer"},
		{[]any{"lieux", "x#y"}, "/lieux/x%23y"},
		{[]any{"lieux", "%2e%2e"}, "/lieux/%252e%252e"},
		{[]any{"lieux", ".."}, "/lieux/%FF"},
		{[]any{"lieux", ""}, "/lieux/%FF"},
		{[]any{"admin", "comptes", int64(12), "supprimer"}, "/admin/comptes/12/supprimer"},
		{nil, "/"},
	} {
		if got := SitePath(tc.in...); got != tc.want {
			t.Errorf("SitePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
