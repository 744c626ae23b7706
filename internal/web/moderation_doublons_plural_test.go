package web

import (
	"strings"
	"testing"

	"maillage/internal/account"
)

// TestReviewQueueDepartementCount: the département filter counts one
// pair in the singular (« 81 (1 paire) »), two in the plural.
func TestReviewQueueDepartementCount(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	reviewFixture(t, ts, 2, 1)
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}), monday10h)
	page := getAs(t, ts, "/moderation/doublons", admin)
	if page.StatusCode != 200 {
		t.Fatalf("%d %s", page.StatusCode, page.Body)
	}
	for _, want := range []string{`<option value="31">31 (2 paires)</option>`, `<option value="81">81 (1 paire)</option>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("no %q in the filter", want)
		}
	}
}
