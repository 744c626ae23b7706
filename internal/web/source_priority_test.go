package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/store"
)

// An administrator changes a source's priority on its page, as
// « maillage sources modifier --priorite » does: within the same bounds,
// journaled under their account with the settings before and after.
func TestSourcePriorityFromPage(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	id := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	admin := session(t, ts, id, monday10h)
	coord := session(t, ts, mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	if err := ts.store.DeclareSource(ctx, store.Source{Name: "hub-tarn", Type: store.SourceStandard, URL: "https://exemple.fr/lieux.csv", Priority: 2}); err != nil {
		t.Fatal(err)
	}
	page := getAs(t, ts, "/sources/hub-tarn", admin)
	if !strings.Contains(page.Body, `action="/sources/hub-tarn/priorite"`) || !strings.Contains(page.Body, `id="source-priorite"`) {
		t.Fatalf("the administrator's page has no priority form:\n%s", page.Body)
	}
	if res := getAs(t, ts, "/sources/hub-tarn", coord); strings.Contains(res.Body, "/priorite") {
		t.Error("a coordinator is offered to change the priority")
	}

	for _, tt := range []struct{ value, want string }{
		{"haute", "un nombre entier"},
		{"1001", "priorité 1001 hors limites : un entier entre -1000 et 1000"},
		{"-1001", "hors limites"},
		{"", "un nombre entier"},
	} {
		res := postForm(t, ts, "/sources/hub-tarn/priorite", url.Values{"priorite": {tt.value}}, admin)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.want) {
			t.Errorf("priority %q: %d, want 422 with %q", tt.value, res.StatusCode, tt.want)
			continue
		}
		doc, err := html.Parse(strings.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		in := findByID(doc, "source-priorite")
		if in == nil || attrOf(in, "aria-invalid") != "true" || attrOf(in, "value") != tt.value {
			t.Errorf("priority %q: the field is not marked invalid with the value typed", tt.value)
		} else if msg := findByID(doc, attrOf(in, "aria-describedby")); msg == nil || !strings.Contains(strings.ToLower(textOf(msg)), strings.ToLower(tt.want)) {
			t.Errorf("priority %q: the field is not described by its problem", tt.value)
		}
	}
	if src, err := ts.store.Source(ctx, "hub-tarn"); err != nil || src.Priority != 2 {
		t.Fatalf("a refused priority changed the source: %+v, %v", src, err)
	}

	res := postForm(t, ts, "/sources/hub-tarn/priorite", url.Values{"priorite": {" 5 "}}, admin)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/sources/hub-tarn?") {
		t.Fatalf("change: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	src, err := ts.store.Source(ctx, "hub-tarn")
	if err != nil || src.Priority != 5 {
		t.Fatalf("priority after the change: %+v, %v", src, err)
	}
	if res := getAs(t, ts, res.Header.Get("Location"), admin); !strings.Contains(res.Body, "Priorité modifiée : 2 → 5") || !strings.Contains(res.Body, "0 lieu alimenté aussi par une autre source recalculé") {
		t.Errorf("the page after the change does not say it:\n%s", res.Body)
	}
	es, err := ts.store.Audit(ctx, "source", "hub-tarn")
	if err != nil {
		t.Fatal(err)
	}
	var changed []audit.Entry
	for _, e := range es {
		if e.Action == store.ActionSourceChanged {
			changed = append(changed, e)
		}
	}
	if len(changed) != 1 || changed[0].Actor != "compte:"+strconv.FormatInt(id, 10) {
		t.Fatalf("journal: %+v", changed)
	}
	var before, after map[string]any
	if err := json.Unmarshal(changed[0].Before, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(changed[0].After, &after); err != nil {
		t.Fatal(err)
	}
	if before["priorite"] != 2.0 || after["priorite"] != 5.0 {
		t.Errorf("journal before %v, after %v", before, after)
	}
	// A removed source's priority is not changed.
	if res := postForm(t, ts, "/sources/inconnue/priorite", url.Values{"priorite": {"1"}}, admin); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown source: %d", res.StatusCode)
	}
}
