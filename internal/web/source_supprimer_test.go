package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// TestSourceRemoveAsksConfirmation: « Supprimer la source » first says
// what the removal will do (records withdrawn, places unpublished, places
// kept because others hold them up); only the confirmed form removes.
func TestSourceRemoveAsksConfirmation(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}), monday10h)
	if err := ts.store.DeclareSource(ctx, store.Source{Name: "hub", Type: store.SourceStandard, URL: "https://exemple.fr/l.csv"}); err != nil {
		t.Fatal(err)
	}
	im, err := ts.store.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"h1", "h2"} {
		l := storetest.Sample(id)
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "l.csv"); err != nil {
		t.Fatal(err)
	}
	// h2 is the same place as tls-1, which another source holds up.
	if err := ts.store.MergePlaces(ctx, "tls-1", "h2", store.MergeInfo{Actor: "test", Reason: "même lieu"}); err != nil {
		t.Fatal(err)
	}

	res := postForm(t, ts, "/sources/hub/supprimer", nil, admin)
	main := between(t, res.Body, "<main", "</main>")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("first step: %d\n%s", res.StatusCode, main)
	}
	for _, want := range []string{"<h1>Supprimer la source « hub » ?</h1>", "2 enregistrements retirés", "1 lieu dépublié",
		"1 lieu reste publié", `name="confirmer" value="oui"`, "Supprimer définitivement la source hub", `href="/sources/hub"`} {
		if !strings.Contains(main, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, main)
		}
	}
	if src, err := ts.store.Source(ctx, "hub"); err != nil || !src.RemovedAt.IsZero() {
		t.Fatalf("the source was removed without confirmation: %+v, %v", src, err)
	}
	if _, err := ts.store.Lieu(ctx, "h1"); err != nil {
		t.Fatalf("h1 was unpublished without confirmation: %v", err)
	}

	res = postForm(t, ts, "/sources/hub/supprimer", url.Values{"confirmer": {"oui"}}, admin)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/sources?message=source-supprimee" {
		t.Fatalf("confirmed: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if src, err := ts.store.Source(ctx, "hub"); err != nil || src.RemovedAt.IsZero() {
		t.Errorf("after confirmation the source is still there: %+v, %v", src, err)
	}
	if _, err := ts.store.Lieu(ctx, "h1"); err == nil {
		t.Error("h1 is still published")
	}
	if _, err := ts.store.Lieu(ctx, "tls-1"); err != nil {
		t.Errorf("tls-1 was unpublished: %v", err)
	}
	if res := postForm(t, ts, "/sources/inconnue/supprimer", nil, admin); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown source: %d", res.StatusCode)
	}
}
