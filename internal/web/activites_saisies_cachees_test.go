package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
)

// TestEntriesHiddenAsMissing: another account's monthly aggregate
// answers a coordinator of another territory, and a coordination
// activity a coordinator (even of its territory), as a missing one does — 404, the same page — on its form, its edit, its
// confirmation page and its deletion, so no id's existence is told; its
// author still reads it, and nothing is deleted or changed.
func TestEntriesHiddenAsMissing(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, authorCookie := passSession(t, ts, account.Coordinateur)
	g, err := ts.store.SaveAggregate(ctx, activity.Aggregate{LieuID: "tls-1", Month: "2026-09", Individual: 4, Account: author}, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ts.store.AddCoordination(ctx, activity.Coordination{Kind: activity.Partenariat, Date: "2026-06-02", Level: "departemental", Territory: "31",
		Natures: []string{"subvention"}, Account: author}, "test")
	if err != nil {
		t.Fatal(err)
	}
	_, c31, _ := coordinatorOf(t, ts, "c31@example.fr", account.Territory{Kind: "departement", Code: "31"})
	_, c81, _ := coordinatorOf(t, ts, "c81@example.fr", account.Territory{Kind: "departement", Code: "81"})
	for _, tt := range []struct {
		page   string
		id     int64
		cookie string
	}{{"/activites/agregats/", g.ID, c81}, {"/activites/coordination/", c.ID, c31}} {
		cookie := tt.cookie
		hidden, missing := tt.page+strconv.FormatInt(tt.id, 10), tt.page+strconv.FormatInt(tt.id+1000, 10)
		if res := getAs(t, ts, hidden, authorCookie); res.StatusCode != http.StatusOK {
			t.Fatalf("%s as its author: %d", hidden, res.StatusCode)
		}
		for _, do := range []struct {
			name string
			do   func(path string) response
		}{
			{"the form", func(p string) response { return getAs(t, ts, p, cookie) }},
			{"the edit", func(p string) response { return postForm(t, ts, p, url.Values{"mois": {"2026-10"}}, cookie) }},
			{"the confirmation page", func(p string) response { return getAs(t, ts, p+"/supprimer", cookie) }},
			{"the deletion", func(p string) response {
				return postForm(t, ts, p+"/supprimer", url.Values{"confirmer": {"oui"}}, cookie)
			}},
		} {
			h, m := do.do(hidden), do.do(missing)
			if h.StatusCode != http.StatusNotFound || m.StatusCode != http.StatusNotFound || h.Body != m.Body {
				t.Errorf("%s %s: hidden %d, missing %d; bodies differ: %v", tt.page, do.name, h.StatusCode, m.StatusCode, h.Body != m.Body)
			}
		}
	}
	if got, err := ts.store.Aggregate(ctx, g.ID); err != nil || got.Month != "2026-09" {
		t.Errorf("the aggregate after the refusals: %+v, %v", got, err)
	}
	if _, err := ts.store.Coordination(ctx, c.ID); err != nil {
		t.Errorf("the coordination activity after the refusals: %v", err)
	}
}
