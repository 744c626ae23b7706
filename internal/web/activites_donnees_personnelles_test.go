package web

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// No beneficiary's personal data is stored from an activity (review 11N
// MAJOR 4): the form and the API refuse notes, démarche, title and tags
// holding one, naming the field and the rule; the form keeps what was
// typed, the API's problem does not repeat it; nothing is stored.
func TestActivityPersonalData(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	me, cookie := passSession(t, ts, account.Contributeur)
	notes := "M. Jean Martin, tel 06 12 34 56 78, diabétique"
	form := url.Values{"type": {"individuel"}, "date": {"2026-11-20"}, "duree": {"45"}, "type_lieu": {"lieu_activite"}, "lieu": {"tls-1"},
		"thematiques": {"email"}, "notes": {notes}}
	res := postForm(t, ts, "/activites", form, cookie)
	for _, want := range []string{`data-regle="donnee-personnelle-telephone"`, "Notes : le texte contient un numéro de téléphone", notes} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if res.StatusCode != 422 {
		t.Errorf("form: %d, want 422", res.StatusCode)
	}
	workshop := url.Values{"type": {"collectif"}, "date": {"2026-11-20"}, "duree": {"120"}, "type_lieu": {"lieu_activite"}, "lieu": {"tls-1"},
		"thematiques": {"email"}, "participants": {"3"}, "titre_atelier": {"Atelier Mme Pixel"}, "tags": {"Café IA, jean@exemple.fr"}}
	res = postForm(t, ts, "/activites", workshop, cookie)
	for _, want := range []string{`data-regle="donnee-personnelle-nom"`, "Nom de l&#39;atelier : le texte contient une civilité", "n&#39;écrivez pas de nom de personne",
		`data-regle="donnee-personnelle-courriel"`, "Tags : le texte contient une adresse électronique", `value="Atelier Mme Pixel"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the refused workshop lacks %q", want)
		}
	}

	tok, _, err := ts.store.CreateAPIToken(ctx, me, "test", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/api/v1/activites", strings.NewReader(`{"type":"individuel","date":"2026-11-20","duree":45,"type_lieu":"lieu_activite",
		"lieu":"tls-1","thematiques":["aide_aux_demarches_administratives"],"precisions_demarche":"CAF, née le 12/03/1961",
		"participants":{"total":1},"notes":"`+notes+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	api := ts.do(t, req)
	var got activityProblemsJSON
	if err := json.Unmarshal([]byte(api.Body), &got); err != nil {
		t.Fatalf("%d %s: %v", api.StatusCode, api.Body, err)
	}
	rules := map[string]string{}
	for _, p := range got.Problems {
		rules[p.Champ] = p.Regle
	}
	if api.StatusCode != 422 || rules["notes"] != "donnee-personnelle-telephone" || rules["precisions_demarche"] != "donnee-personnelle-date-de-naissance" {
		t.Errorf("API: %d %s", api.StatusCode, api.Body)
	}
	if strings.Contains(api.Body, "Martin") || strings.Contains(api.Body, "1961") {
		t.Errorf("the API's problem repeats the personal data: %s", api.Body)
	}
	if acts, err := ts.store.Activities(ctx, store.ActivityFilter{Account: me}); err != nil || len(acts) != 0 {
		t.Errorf("stored %d activities (%v)", len(acts), err)
	}
}
