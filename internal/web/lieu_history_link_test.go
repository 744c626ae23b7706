package web

import (
	"strings"
	"testing"
)

// TestHistoryLinkOnlyWhenAllowed: a place's page links to its history for
// those the history page lets in (the coordinators of its territory, the
// administrators), not for a coordinator of another territory, whom it
// would answer 403.
func TestHistoryLinkOnlyWhenAllowed(t *testing.T) {
	p := cast(t)
	const link = `href="/lieux/tls-1/historique"`
	for _, tt := range []struct {
		who, cookie string
		want        bool
	}{
		{"coordinator of the territory", p.coord31, true},
		{"administrator", p.ad, true},
		{"coordinator of another territory", p.coord81, false},
		{"visitor", "", false},
	} {
		res := getAs(t, p.ts, "/lieux/tls-1", tt.cookie)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", tt.who, res.StatusCode)
		}
		if got := strings.Contains(res.Body, link); got != tt.want {
			t.Errorf("%s: history link shown %v, want %v", tt.who, got, tt.want)
		}
		if !tt.want {
			continue
		}
		if h := getAs(t, p.ts, "/lieux/tls-1/historique", tt.cookie); h.StatusCode != 200 {
			t.Errorf("%s: the link's page answers %d", tt.who, h.StatusCode)
		}
	}
}
