package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/activity"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestActivityPassLink: the individual accompaniment's form offers the
// redemptions of its day at the account's places that no activity has;
// choosing one, or typing the pass's code, links the session to it; the
// link shows on the activity's form, the list and the place's Pass page;
// a redemption already linked, a pass not used at this place and a
// redemption of another day are refused beside their field.
func TestActivityPassLink(t *testing.T) {
	w := newPassWorld(t)
	ctx := context.Background()
	actsFor(t, w.ts, w.structure, "tls-1", "tls-2")
	redeem := func(i int) int64 {
		t.Helper()
		res, err := w.ts.store.Redeem(ctx, store.RedeemRequest{Code: w.passes[i].Code, LieuID: "tls-1", Service: place.ServiceDemarches,
			AccountID: w.structure, Actor: "test", Key: "k" + strconv.Itoa(i)})
		if err != nil || res.Redemption == nil {
			t.Fatalf("redeem %d: %v %+v", i, err, res)
		}
		return res.Redemption.ID
	}
	first, second := redeem(0), redeem(1)
	today := monday10h.Format("2006-01-02")
	tail := func(i int) string { return "pass …" + w.passes[i].Code[len(w.passes[i].Code)-4:] }
	option := func(id int64) string { return `<option value="` + strconv.FormatInt(id, 10) + `"` }

	form := getAs(t, w.ts, "/activites/nouvelle", w.structureC)
	if form.StatusCode != 200 || !strings.Contains(form.Body, option(first)) || !strings.Contains(form.Body, option(second)) ||
		!strings.Contains(form.Body, tail(0)) || strings.Contains(form.Body, w.passes[0].Code) {
		t.Fatalf("the form does not offer the day's redemptions (code masked): %d\n%s", form.StatusCode, form.Body)
	}
	if workshop := getAs(t, w.ts, "/activites/nouvelle?type=collectif", w.structureC); strings.Contains(workshop.Body, `name="utilisation_pass"`) {
		t.Error("a workshop's form offers a pass")
	}
	session := func(extra url.Values) url.Values {
		v := url.Values{"type": {"individuel"}, "date": {today}, "duree": {"60"}, "type_lieu": {"lieu_activite"}, "lieu": {"tls-1"},
			"thematiques": {"email"}}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}
	linked := func() map[int64]int64 {
		t.Helper()
		acts, err := w.ts.store.Activities(ctx, store.ActivityFilter{Account: w.structure})
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]int64{}
		for _, a := range acts {
			m[a.PassRedemption] = a.ID
		}
		return m
	}

	// Chosen in the list.
	if res := postForm(t, w.ts, "/activites", session(url.Values{"utilisation_pass": {strconv.FormatInt(first, 10)}}), w.structureC); res.StatusCode != 303 {
		t.Fatalf("link by the list: %d\n%s", res.StatusCode, res.Body)
	}
	paid := linked()[first]
	if paid == 0 {
		t.Fatalf("not linked: %v", linked())
	}
	if form := getAs(t, w.ts, "/activites/nouvelle", w.structureC); strings.Contains(form.Body, option(first)) || !strings.Contains(form.Body, option(second)) {
		t.Error("a linked redemption is still offered to a new activity")
	}
	edit := getAs(t, w.ts, "/activites/saisies/"+strconv.FormatInt(paid, 10), w.structureC)
	if !strings.Contains(edit.Body, "Séance payée par le Pass numérique : utilisation n° "+strconv.FormatInt(first, 10)) ||
		!strings.Contains(edit.Body, option(first)+" selected") {
		t.Errorf("the activity's form does not say its redemption:\n%s", edit.Body)
	}
	if list := getAs(t, w.ts, "/activites", w.structureC); !strings.Contains(list.Body, "payée par le Pass numérique (utilisation n° "+strconv.FormatInt(first, 10)+")") {
		t.Error("the list does not say the session was paid with a pass")
	}

	// Refused, beside their field; nothing stored.
	for _, tt := range []struct {
		name  string
		extra url.Values
		rule  string
	}{
		{"already linked", url.Values{"utilisation_pass": {strconv.FormatInt(first, 10)}}, "pass-deja-lie"},
		{"a pass not used here", url.Values{"code_pass": {w.passes[2].Code}}, "pass-non-utilise-ici"},
		{"not a code", url.Values{"code_pass": {"PN-1234"}}, "code-invalide"},
		{"another day", url.Values{"utilisation_pass": {strconv.FormatInt(second, 10)}, "date": {"2026-11-20"}}, "pass-autre-jour"},
		{"elsewhere", url.Values{"utilisation_pass": {strconv.FormatInt(second, 10)}, "lieu": {"tls-2"}}, "pass-autre-lieu"},
	} {
		res := postForm(t, w.ts, "/activites", session(tt.extra), w.structureC)
		if res.StatusCode != 422 || !strings.Contains(res.Body, `data-regle="`+tt.rule+`"`) || !strings.Contains(res.Body, `aria-invalid="true"`) {
			t.Errorf("%s: %d, want 422 with rule %s\n%s", tt.name, res.StatusCode, tt.rule, res.Body)
		}
	}
	if n := len(linked()); n != 1 {
		t.Errorf("refused forms stored activities: %d", n)
	}

	// Typed: the pass's code as a person types it.
	if res := postForm(t, w.ts, "/activites", session(url.Values{"code_pass": {strings.ToLower(w.passes[1].Code)}}), w.structureC); res.StatusCode != 303 {
		t.Fatalf("link by the code: %d\n%s", res.StatusCode, res.Body)
	}
	byCode := linked()[second]
	if byCode == 0 {
		t.Fatalf("the typed code did not link: %v", linked())
	}

	// The place's Pass page (here an administrator's view): each
	// redemption's line says the session it paid.
	page := getAs(t, w.ts, "/lieux/tls-1/pass", w.adminC)
	for _, id := range []int64{paid, byCode} {
		want := `<a href="/activites/saisies/` + strconv.FormatInt(id, 10) + `">accompagnement individuel du 23 novembre 2026 (n° ` + strconv.FormatInt(id, 10) + `)</a>`
		if !strings.Contains(page.Body, want) {
			t.Errorf("the Pass page lacks %s:\n%s", want, page.Body)
		}
	}
	if !strings.Contains(page.Body, "<td>"+strings.TrimPrefix(tail(1), "pass ")+"</td>") || strings.Contains(page.Body, w.passes[1].Code) {
		t.Error("the Pass page shows the pass's code in full, or not its end")
	}
	acts, _ := w.ts.store.Activities(ctx, store.ActivityFilter{Kind: activity.Individuel})
	if len(acts) != 2 {
		t.Errorf("%d activities", len(acts))
	}
}
