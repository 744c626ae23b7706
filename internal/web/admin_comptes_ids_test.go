package web

import (
	"regexp"
	"strings"
	"testing"

	"maillage/internal/account"
)

var (
	idAttr  = regexp.MustCompile(`\sid="([^"]+)"`)
	forAttr = regexp.MustCompile(`<label for="([^"]+)">([^<]*)`)
)

// /admin/comptes with several accounts: every id is unique, every label
// names the control it is written for, and the table of accounts is a
// focusable, named scroll region (usable at 390 px).
func TestAdminAccountsIDsUnique(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	for _, e := range []string{"a@hub.fr", "b@hub.fr", "c@hub.fr", "d@hub.fr"} {
		mustUser(t, ts, account.User{Email: e, Role: account.Contributeur})
	}
	cookie := signIn(t, ts, m, "admin@hub.fr")
	res := getAs(t, ts, "/admin/comptes", cookie)
	if res.StatusCode != 200 {
		t.Fatalf("/admin/comptes: %d", res.StatusCode)
	}
	seen := map[string]int{}
	for _, m := range idAttr.FindAllStringSubmatch(res.Body, -1) {
		seen[m[1]]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("id %q appears %d times", id, n)
		}
	}
	for _, m := range forAttr.FindAllStringSubmatch(res.Body, -1) {
		id, label := m[1], m[2]
		tag := regexp.MustCompile(`<(input|select|textarea)[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(res.Body)
		if tag == "" {
			t.Errorf("label %q: no control with id %q", label, id)
			continue
		}
		// "Rôle de X" must label a select, never a radio of the creation form.
		if strings.HasPrefix(label, "Rôle de ") && !strings.HasPrefix(tag, "<select") {
			t.Errorf("label %q names %s", label, tag)
		}
	}
	if !strings.Contains(res.Body, `class="table-defilante" tabindex="0" role="region" aria-label="`) {
		t.Errorf("the table of accounts is not a focusable, named scroll region")
	}
}
