package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestActivityCoordinatorKeptFromDeletion: the coordinator of 31 reads
// three activities of its territory; it deletes the one entered here, not
// the one imported from the Coop (its import owns it) nor the one paid
// by a Pass numérique: no « Supprimer » link for those two in its list but
// who deletes them, and a 403 that says why on the confirmation page and
// the deletion; an administrator deletes the import.
func TestActivityCoordinatorKeptFromDeletion(t *testing.T) {
	w := newPassWorld(t)
	ts := w.ts
	ctx := context.Background()
	run, err := ts.store.ImportCoop(ctx, activity.ImportRun{File: "export.xlsx"}, []activity.Activity{{Kind: activity.Individuel, Date: "2026-11-20", Duration: 30,
		PlaceType: activity.Domicile, Commune: "31555", Thematics: []string{"email"}, Source: activity.SourceImportCoop, CoopID: "CRA-1"}}, "cli")
	if err != nil || run.Created != 1 {
		t.Fatal(run, err)
	}
	imported, err := ts.store.Activities(ctx, store.ActivityFilter{Source: activity.SourceImportCoop})
	if err != nil || len(imported) != 1 {
		t.Fatal(imported, err)
	}
	actsFor(t, ts, w.structure, "tls-1")
	res, err := ts.store.Redeem(ctx, store.RedeemRequest{Code: w.passes[0].Code, LieuID: "tls-1", Service: place.ServiceDemarches,
		AccountID: w.structure, Actor: "test", Key: "k0"})
	if err != nil || res.Redemption == nil {
		t.Fatalf("redeem: %v %+v", err, res)
	}
	paid, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: monday10h.Format("2006-01-02"), Duration: 60,
		PlaceType: activity.LieuActivite, LieuID: "tls-1", Thematics: []string{"email"}, PassRedemption: res.Redemption.ID, Account: w.structure}, "test")
	if err != nil {
		t.Fatal(err)
	}
	entered, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: "2026-11-19", Duration: 30, PlaceType: activity.Domicile,
		Commune: "31555", Thematics: []string{"email"}, Account: w.structure}, "test")
	if err != nil {
		t.Fatal(err)
	}
	_, cookie, _ := coordinatorOf(t, ts, "c31@example.fr", account.Territory{Kind: "departement", Code: "31"})
	page := func(a activity.Activity) string {
		return "/activites/saisies/" + strconv.FormatInt(a.ID, 10) + "/supprimer"
	}

	list := getAs(t, ts, "/activites", cookie)
	if list.StatusCode != 200 || !strings.Contains(list.Body, `href="`+page(entered)+`"`) {
		t.Fatalf("the coordinator's list: %d\n%s", list.StatusCode, list.Body)
	}
	for _, tt := range []struct {
		name string
		a    activity.Activity
		kept string // its line, instead of the link
		why  string // the 403's reason
	}{
		{"the import", imported[0], "Importée de la Coop : supprimée par un administrateur", "vient d&#39;un import de la Coop (ID CRA CRA-1)"},
		{"the paid one", paid, "Payée par le Pass numérique : supprimée par son auteur ou un administrateur", "payée par le Pass numérique (utilisation n° " + strconv.FormatInt(res.Redemption.ID, 10) + ")"},
	} {
		if strings.Contains(list.Body, page(tt.a)) || !strings.Contains(list.Body, tt.kept) {
			t.Errorf("%s: the list offers to delete it, or does not say who does", tt.name)
		}
		if r := getAs(t, ts, page(tt.a), cookie); r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, tt.why) {
			t.Errorf("%s: confirmation page %d, want 403 saying %q\n%s", tt.name, r.StatusCode, tt.why, r.Body)
		}
		if r := postForm(t, ts, page(tt.a), url.Values{"confirmer": {"oui"}}, cookie); r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, tt.why) {
			t.Errorf("%s: deletion %d, want 403 saying %q", tt.name, r.StatusCode, tt.why)
		}
		if _, err := ts.store.Activity(ctx, tt.a.ID); err != nil {
			t.Errorf("%s after the refusal: %v", tt.name, err)
		}
	}
	if r := postForm(t, ts, page(entered), url.Values{"confirmer": {"oui"}}, cookie); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the coordinator deletes the activity entered at its territory: %d", r.StatusCode)
	}
	// The author deletes its paid one; an administrator the import.
	if r := postForm(t, ts, page(paid), url.Values{"confirmer": {"oui"}}, w.structureC); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the author deletes its paid activity: %d", r.StatusCode)
	}
	if r := postForm(t, ts, page(imported[0]), url.Values{"confirmer": {"oui"}}, w.adminC); r.StatusCode != http.StatusSeeOther {
		t.Errorf("an administrator deletes the import: %d", r.StatusCode)
	}
}

// TestActivityHiddenAsMissing: an activity the account may not read
// answers exactly as a missing one (status and body) on the pages and the
// API, so that no account learns which ids exist.
func TestActivityHiddenAsMissing(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, _ := passSession(t, ts, account.Contributeur)
	a, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: "2026-11-20", Duration: 30, PlaceType: activity.Domicile,
		Commune: "31555", Thematics: []string{"email"}, Account: author}, "test")
	if err != nil {
		t.Fatal(err)
	}
	_, cookie, tok := coordinatorOf(t, ts, "c81@example.fr", account.Territory{Kind: "departement", Code: "81"})
	hidden, missing := strconv.FormatInt(a.ID, 10), strconv.FormatInt(a.ID+1000, 10)
	for _, tt := range []struct {
		name string
		do   func(id string) response
	}{
		{"the confirmation page", func(id string) response { return getAs(t, ts, "/activites/saisies/"+id+"/supprimer", cookie) }},
		{"the deletion", func(id string) response {
			return postForm(t, ts, "/activites/saisies/"+id+"/supprimer", url.Values{"confirmer": {"oui"}}, cookie)
		}},
		{"the form", func(id string) response { return getAs(t, ts, "/activites/saisies/"+id, cookie) }},
		{"the API", func(id string) response { return ts.get(t, "/api/v1/activites/"+id, "Authorization", "Bearer "+tok) }},
	} {
		h, m := tt.do(hidden), tt.do(missing)
		if h.StatusCode != http.StatusNotFound || m.StatusCode != http.StatusNotFound || h.Body != m.Body {
			t.Errorf("%s: hidden %d, missing %d; bodies differ: %v", tt.name, h.StatusCode, m.StatusCode, h.Body != m.Body)
		}
	}
	if _, err := ts.store.Activity(ctx, a.ID); err != nil {
		t.Errorf("after the refusals: %v", err)
	}
}

// TestAPIActivityOthersFreeTexts: the API gives another account's activity
// to a coordinator of its territory (and an administrator) as /activites
// shows it: no workshop title, démarche's name nor place's name, only the
// départemental and national tags; its author gets them all (never the
// notes).
func TestAPIActivityOthersFreeTexts(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, _ := passSession(t, ts, account.Contributeur)
	authorTok, _, err := ts.store.CreateAPIToken(ctx, author, "test", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := passSession(t, ts, account.Administrateur)
	adminTok, _, err := ts.store.CreateAPIToken(ctx, admin, "test", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Collectif, Date: "2026-11-20", Duration: 90, PlaceType: activity.AutreLieu,
		Commune: "31555", Thematics: []string{activity.AideDemarches}, Demarche: "Demande d'APL", Title: "Atelier du mardi", Level: "debutant",
		Tags:  []activity.Tag{{Scope: "personnel", Name: "Mes habitués"}, {Scope: "equipe", Name: "Équipe nord"}, {Scope: "departemental", Name: "Pass 31"}, {Scope: "national", Name: "Café IA"}},
		Notes: "Prévoir des tablettes", Public: activity.Public{Total: 4}, Account: author}, "test")
	if err != nil {
		t.Fatal(err)
	}
	_, _, coordTok := coordinatorOf(t, ts, "c31@example.fr", account.Territory{Kind: "departement", Code: "31"})
	path := "/api/v1/activites/" + strconv.FormatInt(a.ID, 10)
	read := func(tok string) (one activityJSON, inList activityJSON) {
		t.Helper()
		res := ts.get(t, path, "Authorization", "Bearer "+tok)
		if res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &one) != nil {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Body)
		}
		p := apiActivitiesPage(t, ts, tok, "")
		if len(p.Activites) != 1 {
			t.Fatalf("list: %+v", p)
		}
		return one, p.Activites[0]
	}
	shared := []tagJSON{{Portee: "departemental", Nom: "Pass 31"}, {Portee: "national", Nom: "Café IA"}}
	all := append([]tagJSON{{Portee: "personnel", Nom: "Mes habitués"}, {Portee: "equipe", Nom: "Équipe nord"}}, shared...)
	for _, tt := range []struct {
		name, tok       string
		title, demarche string
		tags            []tagJSON
	}{
		{"its author", authorTok, "Atelier du mardi", "Demande d'APL", all},
		{"the coordinator of 31", coordTok, "", "", shared},
		{"an administrator", adminTok, "", "", shared},
	} {
		one, inList := read(tt.tok)
		for _, j := range []activityJSON{one, inList} {
			if j.TitreAtelier != tt.title || j.PrecisionsDemarche != tt.demarche || !reflect.DeepEqual(j.Tags, tt.tags) || j.Notes != "" {
				t.Errorf("%s reads titre %q, démarche %q, tags %+v, notes %q; want %q, %q, %+v and no notes",
					tt.name, j.TitreAtelier, j.PrecisionsDemarche, j.Tags, j.Notes, tt.title, tt.demarche, tt.tags)
			}
			if j.Participants.Total != 4 || j.Niveau != "debutant" {
				t.Errorf("%s: the figures are withheld too: %+v", tt.name, j)
			}
		}
	}
	// An import's place name (the Coop's free text): not to a coordinator.
	if _, err := ts.store.ImportCoop(ctx, activity.ImportRun{File: "export.xlsx"}, []activity.Activity{{Kind: activity.Individuel, Date: "2026-11-21", Duration: 30,
		PlaceType: activity.LieuActivite, PlaceName: "Salle des fêtes", Commune: "31555", Thematics: []string{"email"}, Source: activity.SourceImportCoop, CoopID: "CRA-9"}}, "cli"); err != nil {
		t.Fatal(err)
	}
	p := apiActivitiesPage(t, ts, coordTok, "?source=import_coop")
	if len(p.Activites) != 1 || p.Activites[0].NomLieu != "" {
		t.Errorf("the coordinator reads the import's place name: %+v", p.Activites)
	}
}

// TestActivityTerritoryListCapped: a coordinator's « Activités de votre
// territoire » holds the newest 200, newest first, and says so when
// there are more.
func TestActivityTerritoryListCapped(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, _ := passSession(t, ts, account.Contributeur)
	_, cookie, _ := coordinatorOf(t, ts, "c31@example.fr", account.Territory{Kind: "departement", Code: "31"})
	var ids []int64 // in the order added
	add := func(day int) {
		t.Helper()
		date := monday10h.AddDate(0, 0, -day).Format("2006-01-02") // monday10h is 2026-11-23
		a, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: date, Duration: 30, PlaceType: activity.Domicile,
			Commune: "31555", Thematics: []string{"email"}, Account: author}, "test")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	// 200 activities over the last 50 days (4 a day), newest added first.
	for i := 0; i < 200; i++ {
		add(i / 4)
	}
	links := func() []string {
		body := getAs(t, ts, "/activites", cookie).Body
		var out []string
		for _, part := range strings.Split(body, `href="/activites/saisies/`)[1:] {
			id, _, _ := strings.Cut(part, `"`)
			out = append(out, id)
		}
		return out
	}
	body := getAs(t, ts, "/activites", cookie).Body
	if got := len(links()); got != 200 || strings.Contains(body, "Seules les 200 plus récentes") {
		t.Fatalf("200 activities: %d lines, note %v", got, strings.Contains(body, "Seules les 200"))
	}
	add(60) // the 201st, the oldest: not shown
	got := links()
	if len(got) != 200 {
		t.Fatalf("201 activities: %d lines", len(got))
	}
	if body := getAs(t, ts, "/activites", cookie).Body; !strings.Contains(body, "Seules les 200 plus récentes sont affichées ici") {
		t.Error("no word that the list is cut")
	}
	oldest := strconv.FormatInt(ids[200], 10) + "/supprimer"
	newest := strconv.FormatInt(ids[3], 10) + "/supprimer" // today's last added: the highest id of the newest day
	for _, l := range got {
		if l == oldest {
			t.Error("the oldest is listed")
		}
	}
	if got[0] != newest {
		t.Errorf("first line %s, want %s (newest first)", got[0], newest)
	}
}

// TestActivityDeletionCrossSite: deleting another's activity (a
// coordinator's right) is refused from a same-site or cross-site page,
// and from a foreign Origin, by the global origin check; nothing deleted.
func TestActivityDeletionCrossSite(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, _ := passSession(t, ts, account.Contributeur)
	a, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: "2026-11-20", Duration: 30, PlaceType: activity.Domicile,
		Commune: "31555", Thematics: []string{"email"}, Account: author}, "test")
	if err != nil {
		t.Fatal(err)
	}
	_, cookie, _ := coordinatorOf(t, ts, "c31@example.fr", account.Territory{Kind: "departement", Code: "31"})
	path := "/activites/saisies/" + strconv.FormatInt(a.ID, 10) + "/supprimer"
	for _, tt := range []struct {
		name    string
		headers []string
	}{
		{"Sec-Fetch-Site: same-site", []string{"Sec-Fetch-Site", "same-site"}},
		{"Sec-Fetch-Site: cross-site", []string{"Sec-Fetch-Site", "cross-site"}},
		{"a foreign Origin", []string{"Origin", "https://autre.maillage.test"}},
		{"a foreign Origin, same-origin claimed", []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "same-origin"}},
	} {
		req := httptest.NewRequest("POST", path, strings.NewReader(url.Values{"confirmer": {"oui"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(tt.headers); i += 2 {
			req.Header.Set(tt.headers[i], tt.headers[i+1])
		}
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
		if res := ts.do(t, req); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "envoyé depuis un autre site") {
			t.Errorf("%s: %d, want the cross-origin refusal", tt.name, res.StatusCode)
		}
	}
	if _, err := ts.store.Activity(ctx, a.ID); err != nil {
		t.Fatalf("deleted from another site: %v", err)
	}
	if res := postForm(t, ts, path, url.Values{"confirmer": {"oui"}}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Errorf("from this site: %d", res.StatusCode)
	}
}
