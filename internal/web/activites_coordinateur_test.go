package web

import (
	"context"
	"encoding/json"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
)

// coordinatorOf signs in a coordinator of territories: its session
// cookie and its API token.
func coordinatorOf(t *testing.T, ts *testServer, email string, territories ...account.Territory) (int64, string, string) {
	t.Helper()
	ctx := context.Background()
	id := mustUser(t, ts, account.User{Email: email, Role: account.Coordinateur, Territories: territories})
	cookie, hash := account.NewToken()
	if err := ts.store.AddSession(ctx, account.Session{Hash: hash, UserID: id, Created: monday10h, LastSeen: monday10h}); err != nil {
		t.Fatal(err)
	}
	tok, _, err := ts.store.CreateAPIToken(ctx, id, "test", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	return id, cookie, tok
}

// activitesPage is a page of GET /api/v1/activites.
type activitesPageJSON struct {
	Activites []activityJSON `json:"activites"`
	Total     int            `json:"total"`
	Suite     bool           `json:"suite"`
	Curseur   string         `json:"curseur"`
}

func apiActivitiesPage(t *testing.T, ts *testServer, tok, query string) activitesPageJSON {
	t.Helper()
	res := ts.get(t, "/api/v1/activites"+query, "Authorization", "Bearer "+tok)
	var out activitesPageJSON
	if err := json.Unmarshal([]byte(res.Body), &out); err != nil || res.StatusCode != 200 || out.Total < len(out.Activites) || !out.Suite && query == "" && out.Total != len(out.Activites) {
		t.Fatalf("%s: %d %s", query, res.StatusCode, res.Body)
	}
	return out
}

// TestActivityCoordinatorOfEPCI: the coordinator of Toulouse Métropole
// (an EPCI) reads an activity another account recorded at a place of
// Toulouse, in the API and in « Activités de votre territoire » of
// /activites, and deletes it after the confirmation page (journaled in
// its name); the coordinator of the Albigeois (another EPCI) does none of
// it. The places' communes are the fixture's, written by hand.
func TestActivityCoordinatorOfEPCI(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author, authorCookie := passSession(t, ts, account.Contributeur)
	a, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: "2026-11-20", Duration: 30, PlaceType: activity.LieuActivite,
		LieuID: "tls-1", Thematics: []string{"email"}, Notes: "Rappeler en janvier", Account: author}, "test")
	if err != nil {
		t.Fatal(err)
	}
	metropole, metropoleCookie, metropoleToken := coordinatorOf(t, ts, "coordination@toulouse-metropole.fr", account.Territory{Kind: "epci", Code: "243100518"})
	_, albiCookie, albiToken := coordinatorOf(t, ts, "coordination@grand-albigeois.fr", account.Territory{Kind: "epci", Code: "248100737"})
	id := strconv.FormatInt(a.ID, 10)

	// The API: the list and the activity.
	for _, tt := range []struct {
		who, tok string
		list     int
		one      int
	}{
		{"the coordinator of Toulouse Métropole", metropoleToken, 1, 200},
		{"the coordinator of the Albigeois", albiToken, 0, 404},
	} {
		if got := apiActivitiesPage(t, ts, tt.tok, ""); len(got.Activites) != tt.list || tt.list == 1 && got.Activites[0].ID != a.ID {
			t.Errorf("%s lists %+v, want %d activity", tt.who, got.Activites, tt.list)
		}
		if res := ts.get(t, "/api/v1/activites/"+id, "Authorization", "Bearer "+tt.tok); res.StatusCode != tt.one {
			t.Errorf("%s reads the activity: %d, want %d", tt.who, res.StatusCode, tt.one)
		}
	}
	// The page: its territory's activities, with a link to delete, none to edit.
	res := getAs(t, ts, "/activites", metropoleCookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Activités de votre territoire") || !strings.Contains(res.Body, `href="/activites/saisies/`+id+`/supprimer"`) ||
		!strings.Contains(res.Body, "EPN du Capitole") {
		t.Errorf("the coordinator of Toulouse Métropole's /activites: %d\n%s", res.StatusCode, res.Body)
	}
	if strings.Contains(res.Body, `href="/activites/saisies/`+id+`"`) || strings.Contains(res.Body, "Rappeler en janvier") {
		t.Error("the coordinator's list offers to edit another's activity, or shows its notes")
	}
	if res := getAs(t, ts, "/activites", albiCookie); res.StatusCode != 200 || strings.Contains(res.Body, "/activites/saisies/"+id) {
		t.Errorf("the coordinator of the Albigeois's /activites lists the activity of Toulouse: %d", res.StatusCode)
	}
	// Deleting: the other coordinator, which does not read it, gets what
	// a missing activity gets, on the page and the form.
	page := "/activites/saisies/" + id + "/supprimer"
	if res := getAs(t, ts, page, albiCookie); res.StatusCode != 404 {
		t.Errorf("confirmation for the coordinator of the Albigeois: %d", res.StatusCode)
	}
	if res := postForm(t, ts, page, url.Values{"confirmer": {"oui"}}, albiCookie); res.StatusCode != 404 {
		t.Errorf("deletion by the coordinator of the Albigeois: %d", res.StatusCode)
	}
	if _, err := ts.store.Activity(ctx, a.ID); err != nil {
		t.Fatalf("after a refused deletion: %v", err)
	}
	res = getAs(t, ts, page, metropoleCookie)
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Supprimer définitivement") || !strings.Contains(res.Body, "EPN du Capitole") ||
		strings.Contains(res.Body, `href="/activites/saisies/`+id+`"`) {
		t.Errorf("confirmation for the coordinator of Toulouse Métropole: %d\n%s", res.StatusCode, res.Body)
	}
	if res := postForm(t, ts, page, url.Values{"confirmer": {"oui"}}, metropoleCookie); res.StatusCode != 303 || res.Header.Get("Location") != "/activites?message=activite-supprimee" {
		t.Fatalf("deletion by the coordinator of Toulouse Métropole: %d %s", res.StatusCode, res.Body)
	}
	if _, err := ts.store.Activity(ctx, a.ID); err == nil {
		t.Fatal("the activity is still there")
	}
	entries, err := ts.store.Audit(ctx, "activite", id)
	if err != nil {
		t.Fatal(err)
	}
	if last := entries[len(entries)-1]; last.Action != "supprimer" || last.Actor != "compte:"+strconv.FormatInt(metropole, 10) {
		t.Errorf("journal: %+v, want a deletion by the coordinator", last)
	}
	// The author's own list no longer has it.
	if res := getAs(t, ts, "/activites", authorCookie); res.StatusCode != 200 || strings.Contains(res.Body, "/activites/saisies/"+id) {
		t.Errorf("the author's list: %d", res.StatusCode)
	}
}

// TestAPIActivitiesPaging: pages of « limite » activities, each followed
// with the « curseur » it gives, list every activity the account may read
// once, by date then id, also when several share a day; a bad « limite »
// or « curseur » is a French 400 naming it.
func TestAPIActivitiesPaging(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	me, _ := passSession(t, ts, account.Contributeur)
	other, _ := passSession(t, ts, account.Contributeur)
	tok, _, err := ts.store.CreateAPIToken(ctx, me, "test", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	add := func(date string, by int64) int64 {
		a, err := ts.store.AddActivity(ctx, activity.Activity{Kind: activity.Individuel, Date: date, Duration: 30, PlaceType: activity.Domicile,
			Commune: "31555", Thematics: []string{"email"}, Account: by}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	// Recorded out of order of dates; three on 2026-11-10. Pages go by
	// id, the order they were recorded in.
	d3 := add("2026-11-12", me)
	b1 := add("2026-11-10", me)
	add("2026-11-10", other) // another's: never listed
	a1 := add("2026-10-01", me)
	b2 := add("2026-11-10", me)
	b3 := add("2026-11-10", me)
	want := []int64{d3, b1, a1, b2, b3}
	for _, limit := range []int{1, 2, 3, 5, 100} {
		var got []int64
		query := "?limite=" + strconv.Itoa(limit)
		for pages := 1; ; pages++ {
			if pages > len(want)+1 {
				t.Fatalf("limite %d: too many pages", limit)
			}
			p := apiActivitiesPage(t, ts, tok, query)
			for _, a := range p.Activites {
				got = append(got, a.ID)
			}
			if len(p.Activites) > limit || p.Suite != (p.Curseur != "") {
				t.Fatalf("limite %d, page %d: %d activities, suite %v, curseur %q", limit, pages, len(p.Activites), p.Suite, p.Curseur)
			}
			// total: the activities of every page (5, by hand), on each.
			if p.Total != 5 {
				t.Errorf("limite %d, page %d: total %d, want 5 (every page's)", limit, pages, p.Total)
			}
			if !p.Suite {
				break
			}
			query = "?limite=" + strconv.Itoa(limit) + "&curseur=" + url.QueryEscape(p.Curseur)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("limite %d: %v, want %v", limit, got, want)
		}
	}
	// The default page is 100: 5 with no suite.
	if p := apiActivitiesPage(t, ts, tok, ""); len(p.Activites) != 5 || p.Suite {
		t.Errorf("default page: %d, suite %v", len(p.Activites), p.Suite)
	}
	// The filters hold after a cursor: after b1, those of 2026-11-10 up
	// to 2026-11-10 are b2 and b3 (not a1, nor d3 before the cursor).
	if p := apiActivitiesPage(t, ts, tok, "?du=2026-11-10&au=2026-11-10&curseur="+strconv.FormatInt(b1, 10)); len(p.Activites) != 2 || p.Activites[0].ID != b2 || p.Activites[1].ID != b3 {
		t.Errorf("after b1, on 2026-11-10: %+v", p.Activites)
	}
	// A walk while dates change (review 12N, minor 9): after the first
	// page (d3, b1), b1 moves to the end of November and b3, not yet
	// read, to September. By date, b1 came twice and b3 never.
	var got []int64
	query := "?limite=2"
	for pages := 1; pages <= len(want)+1; pages++ {
		p := apiActivitiesPage(t, ts, tok, query)
		for _, a := range p.Activites {
			got = append(got, a.ID)
		}
		if pages == 1 {
			for id, date := range map[int64]string{b1: "2026-11-29", b3: "2026-09-30"} {
				a, err := ts.store.Activity(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				a.Date = date
				if _, err := ts.store.UpdateActivity(ctx, a, me, "test"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !p.Suite {
			break
		}
		query = "?limite=2&curseur=" + url.QueryEscape(p.Curseur)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("a walk while dates change: %v, want each once %v", got, want)
	}
	// A cursor of before paging by id (date_id) is refused, not misread.
	for _, q := range []string{"limite=0", "limite=1001", "limite=dix", "limite=5.0", "curseur=0", "curseur=-4", "curseur=4.0", "curseur=x", "curseur=2026-11-10", "curseur=2026-11-10_4"} {
		param, value, _ := strings.Cut(q, "=")
		res := ts.get(t, "/api/v1/activites?"+q, "Authorization", "Bearer "+tok)
		if res.StatusCode != 400 || !strings.Contains(res.Body, `"`+param+`"`) || !strings.Contains(res.Body, value) || !strings.Contains(res.Body, "attendu") {
			t.Errorf("%s: %d %s", q, res.StatusCode, res.Body)
		}
	}
}
