package web

import (
	"context"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// A source that says something new about a field set by hand does not
// replace it: the coordinators of the place's territory see it on the
// place's page and in their queue, and may take the source's value.
func TestPlaceSourceNews(t *testing.T) {
	p := cast(t)
	ts, ctx := p.ts, context.Background()
	harvest := func(tel string, d int) {
		t.Helper()
		l := lieu("tls-9", 43.6046, 1.4441, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "EPN des Minimes", "Toulouse", "31555", "31000"
			l.Telephone, l.DateMaj = []string{tel}, monday10h.AddDate(0, 0, d).UTC().Truncate(24*time.Hour)
		})
		im, err := ts.store.BeginImport(ctx, "hub")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Commit(ctx, "hub.csv"); err != nil {
			t.Fatal(err)
		}
		if err := ts.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	harvest("+33561000001", -3)
	cur, err := ts.store.Lieu(ctx, "tls-9")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.PatchLieu(ctx, "tls-9", store.Patch{Base: store.Version(&cur), Set: map[string]string{"telephone": "+33561000002"},
		Origin: "coordination", Actor: "compte:1"}); err != nil {
		t.Fatal(err)
	}
	harvest("+33561000003", 2)
	if l, ok := ts.indexOf(ctx).Lieu("tls-9"); !ok || !reflect.DeepEqual(l.Telephone, []string{"+33561000002"}) {
		t.Fatalf("the harvest replaced the hand edit: %v", l.Telephone)
	}
	news := "la source « hub » dit maintenant : « &#43;33561000003 »"
	button := "Reprendre la valeur de la source pour « téléphone »"
	for _, tt := range []struct {
		who, cookie string
		shown       bool
	}{{"visitor", "", false}, {"coordinator of another territory", p.coord81, false}, {"coordinator", p.coord31, true}, {"administrator", p.ad, true}} {
		res := getAs(t, ts, "/lieux/tls-9", tt.cookie)
		if res.StatusCode != 200 || strings.Contains(res.Body, news) != tt.shown || strings.Contains(res.Body, button) != tt.shown {
			t.Errorf("%s: place's page %d, news shown %v, want %v", tt.who, res.StatusCode, strings.Contains(res.Body, news), tt.shown)
		}
		if tt.cookie == "" {
			continue
		}
		res = getAs(t, ts, "/moderation", tt.cookie)
		if res.StatusCode != 200 || strings.Contains(res.Body, news) != tt.shown {
			t.Errorf("%s: queue %d, news shown %v, want %v", tt.who, res.StatusCode, strings.Contains(res.Body, news), tt.shown)
		}
	}
	take := url.Values{"champ": {"telephone"}}
	if res := postForm(t, ts, "/lieux/tls-9/reprendre", take, p.coord81); res.StatusCode != 403 {
		t.Errorf("a coordinator of another territory takes the value: %d", res.StatusCode)
	}
	res := postForm(t, ts, "/lieux/tls-9/reprendre", take, p.coord31)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/lieux/tls-9?message=valeur-source" {
		t.Fatalf("taking the source's value: %d %s %s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if l, ok := ts.indexOf(ctx).Lieu("tls-9"); !ok || !reflect.DeepEqual(l.Telephone, []string{"+33561000003"}) {
		t.Errorf("telephone after taking the source's value: %v", l.Telephone)
	}
	if res := getAs(t, ts, "/lieux/tls-9", p.coord31); strings.Contains(res.Body, news) {
		t.Error("the news is still shown once taken")
	}
	es, err := ts.store.Audit(ctx, "lieu", "tls-9")
	if err != nil {
		t.Fatal(err)
	}
	if last := es[len(es)-1]; last.Action != "lieu.valeur_source_reprise" || last.Actor != "compte:1" {
		t.Errorf("journal: %+v", last)
	}
	if res := postForm(t, ts, "/lieux/tls-9/reprendre", take, p.coord31); res.StatusCode != 404 {
		t.Errorf("taking it again: %d", res.StatusCode)
	}
}
