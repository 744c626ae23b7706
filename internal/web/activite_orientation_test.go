package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/store"
)

// An activity's « Numéro de l'orientation » (review 11N minor+) names an
// orientation that exists, made by the account or sent to the activity's
// place; the form and the API refuse the others naming the field. The
// redirection fields filled without the box ticked are refused naming the
// box, never dropped (review 11N minor).
func TestActivityOrientationNumber(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	me, cookie := passSession(t, ts, account.Contributeur)
	other := mustUser(t, ts, account.User{Email: "as@cd31.fr", Role: account.Contributeur})
	actsFor(t, ts, me, "tls-1", "tls-2")
	orient := func(by int64, lieu string) string {
		t.Helper()
		_, hash := account.NewToken()
		o, err := ts.store.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: lieu, Mode: orientation.SansRendezVous, Prescriber: by}, hash)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(o.ID, 10)
	}
	theirsElsewhere, theirsHere, mine := orient(other, "tls-2"), orient(other, "tls-1"), orient(me, "tls-2")
	form := func(edit func(url.Values)) url.Values {
		v := url.Values{"type": {"individuel"}, "date": {"2026-11-20"}, "duree": {"45"}, "type_lieu": {"lieu_activite"}, "lieu": {"tls-1"},
			"thematiques": {"email"}, "oriente": {"oui"}, "structure_redirection": {"aide_sociale"}, "lieu_redirection": {"tls-2"}}
		edit(v)
		return v
	}
	for _, tt := range []struct {
		name string
		edit func(url.Values)
		want []string // "": accepted
	}{
		{"unknown", func(v url.Values) { v.Set("orientation", "99999") },
			[]string{`data-regle="orientation-inconnue"`, "Numéro de l&#39;orientation : « 99999 » : aucune orientation n&#39;a ce numéro", `value="99999"`}},
		{"another's, to another place", func(v url.Values) { v.Set("orientation", theirsElsewhere) },
			[]string{`data-regle="orientation-autre-lieu"`, "faite par un autre compte vers un autre lieu"}},
		{"box not ticked", func(v url.Values) { v.Del("oriente"); v.Set("orientation", mine) },
			[]string{`data-regle="orientation-sans-reorientation"`, "Le bénéficiaire a été orienté vers une autre structure : « non » : la structure de redirection",
				`value="tls-2"`, `<option value="aide_sociale" selected>`}},
		{"another's, to this place", func(v url.Values) { v.Set("orientation", theirsHere) }, nil},
		{"mine", func(v url.Values) { v.Set("orientation", mine) }, nil},
	} {
		res := postForm(t, ts, "/activites", form(tt.edit), cookie)
		if tt.want == nil {
			if res.StatusCode != 303 {
				t.Errorf("%s: %d\n%s", tt.name, res.StatusCode, res.Body)
			}
			continue
		}
		if res.StatusCode != 422 {
			t.Errorf("%s: %d, want 422", tt.name, res.StatusCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: the refused form lacks %q", tt.name, w)
			}
		}
	}
	if acts, err := ts.store.Activities(ctx, store.ActivityFilter{Account: me}); err != nil || len(acts) != 2 {
		t.Errorf("%d activities stored (%v), want the 2 accepted", len(acts), err)
	}

	tok, _, err := ts.store.CreateAPIToken(ctx, me, "test", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/api/v1/activites", strings.NewReader(`{"type":"individuel","date":"2026-11-20","duree":45,"type_lieu":"lieu_activite",
		"lieu":"tls-1","thematiques":["email"],"participants":{"total":1},"oriente":true,"orientation":`+theirsElsewhere+`}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	api := ts.do(t, req)
	var got activityProblemsJSON
	if err := json.Unmarshal([]byte(api.Body), &got); err != nil {
		t.Fatalf("%d %s: %v", api.StatusCode, api.Body, err)
	}
	if api.StatusCode != 422 || len(got.Problems) != 1 || got.Problems[0].Champ != "orientation" || got.Problems[0].Regle != "orientation-autre-lieu" ||
		got.Problems[0].Valeur != theirsElsewhere {
		t.Errorf("API: %d %s", api.StatusCode, api.Body)
	}
}
