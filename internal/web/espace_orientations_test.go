package web

import (
	"context"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// TestEspaceStatisticsLink: Mon espace offers « Statistiques des lieux que
// vous gérez » only to an account that manages a place (an approved
// claim); a pending claim, or none, shows no such link.
func TestEspaceStatisticsLink(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	const link = `<a href="/statistiques">Statistiques des lieux que vous gérez</a>`
	for _, tt := range []struct {
		email, claim string
		want         bool
	}{
		{"mediateur@epn.fr", "", false},
		{"attente@epn.fr", store.StatusPending, false},
		{"gere@epn.fr", store.StatusApproved, true},
	} {
		id := mustUser(t, ts, account.User{Email: tt.email, Role: account.Contributeur})
		if tt.claim != "" {
			if _, err := ts.store.AddClaim(ctx, store.Claim{UserID: id, LieuID: "tls-1", Status: tt.claim}, "test"); err != nil {
				t.Fatal(err)
			}
		}
		res := getAs(t, ts, "/espace", sessionOf(t, ts, id))
		if res.StatusCode != 200 || strings.Contains(res.Body, link) != tt.want || strings.Contains(res.Body, "lieux que vous gérez, comparées") {
			t.Errorf("%s (claim %q): %d, link shown %v, want %v", tt.email, tt.claim, res.StatusCode, strings.Contains(res.Body, link), tt.want)
		}
	}
}
