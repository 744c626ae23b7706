package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/store"
)

// A long write (an import) holds the database: a sign-in and an edit get a
// French 503 with Retry-After quickly, not a hang, and a sign-in link is
// not said to be no longer valid.
func TestBusyDatabaseAnswers503(t *testing.T) {
	ts := newTestServerWith(t, []store.Option{store.WithBusyTimeout(1500 * time.Millisecond)}, fixture()...)
	m := &fakeMail{}
	ts.cfg.Mail = m
	mustUser(t, ts, account.User{Email: "coord@toulouse.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	coord := signIn(t, ts, m, "coord@toulouse.fr")
	form := formOf(ts, "tls-1")
	form.Set("telephone", "05 61 00 00 00")
	token, hash := account.NewToken()
	ctx := context.Background()
	if err := ts.store.AddLoginToken(ctx, hash, "coord@toulouse.fr", monday10h.Add(account.LinkLifetime)); err != nil {
		t.Fatal(err)
	}

	im, err := ts.store.BeginImport(ctx, "long")
	if err != nil {
		t.Fatal(err)
	}
	held := true
	defer func() {
		if held {
			im.Rollback(ctx)
		}
	}()
	within := func(name string, f func() response) response {
		t.Helper()
		done := make(chan response, 1)
		start := time.Now()
		go func() { done <- f() }()
		select {
		case res := <-done:
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("%s answered after %v", name, d)
			}
			return res
		case <-time.After(10 * time.Second):
			t.Fatalf("%s hangs while the database is busy", name)
		}
		return response{}
	}
	// A page of a signed-in person whose activity is due to be recorded
	// does not wait for the busy timeout.
	later := monday10h.Add(2 * time.Minute)
	ts.cfg.Now = func() time.Time { return later }
	start := time.Now()
	res := within("a signed-in page", func() response { return getAs(t, ts, "/espace", coord) })
	if d := time.Since(start); res.StatusCode != http.StatusOK || d > time.Second {
		t.Errorf("a signed-in page while the database is busy: %d after %v", res.StatusCode, d)
	}
	res = within("an edit", func() response { return postForm(t, ts, "/lieux/tls-1/modifier", form, coord) })
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" || !strings.Contains(res.Body, "occupée") {
		t.Errorf("an edit while the database is busy: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// What the person typed is not lost: the form comes back with it.
	if !strings.Contains(res.Body, `action="/lieux/tls-1/modifier"`) || !strings.Contains(res.Body, `value="05 61 00 00 00"`) {
		t.Errorf("the busy answer to an edit does not give the form back with what was typed")
	}
	link := url.Values{"jeton": {token}, "suite": {"/espace"}}
	res = within("a sign-in", func() response { return postForm(t, ts, "/connexion/lien", link, "") })
	switch {
	case res.StatusCode == http.StatusGone || strings.Contains(res.Body, "plus valable"):
		t.Errorf("a busy database says the sign-in link is no longer valid")
	case os.Getenv("MAILLAGE_TEST_ENGINE") != "postgres" && res.StatusCode != http.StatusServiceUnavailable:
		// PostgreSQL's import locks the places only: signing in goes on.
		t.Errorf("a sign-in while SQLite is busy: %d", res.StatusCode)
	}
	if err := im.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	held = false
	if res.StatusCode == http.StatusServiceUnavailable {
		if res := postForm(t, ts, "/connexion/lien", link, ""); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the link after the import: %d", res.StatusCode)
		}
	}
	if res := postForm(t, ts, "/lieux/tls-1/modifier", form, coord); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the edit after the import: %d", res.StatusCode)
	}
}
