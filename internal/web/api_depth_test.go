package web

import (
	"strings"
	"testing"
)

// TestAPIPageDepth: results are listed up to the 10 000th; a deeper page
// (or a page far beyond the end) is refused in French before any work,
// since keeping every hit up to it costs as much as the whole sort.
func TestAPIPageDepth(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"page=500&par_page=20", 200},
		{"page=100&par_page=100", 200},
		{"page=501&par_page=20", 400},
		{"page=1000000", 400},
		{"page=101&par_page=100", 400},
	} {
		for _, path := range []string{"/api/v1/lieux", "/api/v1/lieux.geojson"} {
			res := ts.get(t, path+"?"+tc.query)
			if res.StatusCode != tc.want {
				t.Errorf("%s?%s: %d, want %d", path, tc.query, res.StatusCode, tc.want)
			}
			if tc.want == 400 && !strings.Contains(res.Body, "10 000") {
				t.Errorf("%s?%s: %s", path, tc.query, res.Body)
			}
		}
	}
}
