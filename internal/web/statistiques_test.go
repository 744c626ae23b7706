package web

import (
	"context"
	"html"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// statsFixture records, through the store, what the statistics tests
// count by hand. The test clock is 2026-11-23: the default period is
// 2025-11-01 → 2026-10-31, the previous one 2024-11-01 → 2025-10-31.
//
//	Haute-Garonne (31, Toulouse 31555, Toulouse Métropole):
//	  individual at tls-1, 2026-03-10, 45 min, email, 70+          1
//	  workshop at tls-2, 2026-04-02, 120 min, 6 aged 60-69 + 1 70+  7
//	  aggregate of tls-1, 2026-02: 3 individual                   3
//	  individual at tls-1, 2025-06-01 (previous period)            1 (previous)
//	Tarn (81, Albi 81004):
//	  individual at albi-1, 2026-05-05                             1
func statsFixture(t *testing.T, ts *testServer) {
	t.Helper()
	ctx := context.Background()
	author := mustUser(t, ts, account.User{Email: "mediateur@exemple.fr", Role: account.Contributeur})
	for _, a := range []activity.Activity{
		{Kind: activity.Individuel, Date: "2026-03-10", Duration: 45, PlaceType: activity.LieuActivite, LieuID: "tls-1", Thematics: []string{"email"},
			Public: activity.Public{AgeBands: map[string]int{"soixante_dix_plus": 1}}},
		{Kind: activity.Collectif, Date: "2026-04-02", Duration: 120, PlaceType: activity.LieuActivite, LieuID: "tls-2", Thematics: []string{"email"},
			Title: "Café IA", Level: "debutant", Public: activity.Public{Total: 7, AgeBands: map[string]int{"soixante_soixante_neuf": 6, "soixante_dix_plus": 1}}},
		{Kind: activity.Individuel, Date: "2025-06-01", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "tls-1", Thematics: []string{"email"}},
		{Kind: activity.Individuel, Date: "2026-05-05", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "albi-1", Thematics: []string{"email"}},
	} {
		a.Account = author
		if _, err := ts.store.AddActivity(ctx, a, "test"); err != nil {
			t.Fatalf("AddActivity %s: %v", a.Date, err)
		}
	}
	if _, err := ts.store.SaveAggregate(ctx, activity.Aggregate{LieuID: "tls-1", Month: "2026-02", Individual: 3, Account: author}, 0, "test"); err != nil {
		t.Fatal(err)
	}
}

var statRowRE = regexp.MustCompile(`<th scope="row">([^<]*)</th><td class="n" data-titre="Période" data-indicateur="([^"]+)">([^<]*)</td><td class="n" data-titre="Période précédente">([^<]*)</td><td class="n" data-titre="Évolution">([^<]*)</td>`)

// statCells reads a statistics page's tables: indicator → [value,
// previous, change] as shown.
func statCells(t *testing.T, body string) map[string][3]string {
	t.Helper()
	out := map[string][3]string{}
	for _, m := range statRowRE.FindAllStringSubmatch(body, -1) {
		out[m[2]] = [3]string{html.UnescapeString(m[3]), html.UnescapeString(m[4]), html.UnescapeString(m[5])}
	}
	if len(out) == 0 {
		t.Fatalf("no figure in the page:\n%s", body)
	}
	return out
}

func TestStatisticsTerritoryPages(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	statsFixture(t, ts)
	tarn := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}))
	hg := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}))
	metro := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "metro@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "epci", Code: "243100518"}}}))
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))

	// Counted by hand from statsFixture: in 31, 1 + 7 + 3 accompaniments,
	// 1 + 3 individual, 1 workshop of 7; 1 the previous period.
	want31 := map[string][3]string{
		"accompagnements":                    {"11", "1", "+1000 %"},
		"activites_individuelles":            {"4", "1", "+300 %"},
		"ateliers":                           {"1", "0", "nouveau"},
		"participants_ateliers":              {"7", "0", "nouveau"},
		"tranche_age:soixante_dix_plus":      {"2", "0", "nouveau"},
		"tranche_age:soixante_soixante_neuf": {"6", "0", "nouveau"},
		"tranche_age:non_communique":         {"3", "1", "+200 %"},
		"thematique:email":                   {"8", "1", "+700 %"},
		"duree:60":                           {"1", "1", "0 %"},
		"duree:more":                         {"1", "0", "nouveau"},
		"lieu:tls-1":                         {"4", "1", "+300 %"},
		"lieu:tls-2":                         {"7", "0", "nouveau"},
	}
	for _, tc := range []struct {
		who, cookie, path string
		status            int
		want              map[string][3]string
	}{
		{"coordinator of 31", hg, "/statistiques/departement/31", 200, want31},
		{"coordinator of 31, a commune of 31", hg, "/statistiques/commune/31555", 200, want31},
		{"coordinator of 31, an EPCI all in 31", hg, "/statistiques/epci/243100518", 200, want31},
		{"coordinator of the metropole, its EPCI", metro, "/statistiques/epci/243100518", 200, want31},
		{"coordinator of the metropole, one of its communes", metro, "/statistiques/commune/31555", 200, want31},
		{"administrator", admin, "/statistiques/departement/31", 200, want31},
		{"administrator, Tarn", admin, "/statistiques/departement/81", 200, map[string][3]string{"accompagnements": {"1", "0", "nouveau"}}},
		{"coordinator of the Tarn, its own", tarn, "/statistiques/departement/81", 200, map[string][3]string{"accompagnements": {"1", "0", "nouveau"}}},
		{"coordinator of the Tarn reads not 31", tarn, "/statistiques/departement/31", 403, nil},
		{"coordinator of the Tarn reads not Toulouse", tarn, "/statistiques/commune/31555", 403, nil},
		{"coordinator of the Tarn reads not its EPCI", tarn, "/statistiques/epci/243100518", 403, nil},
		{"coordinator of the metropole reads not the département", metro, "/statistiques/departement/31", 403, nil},
		{"unknown département", admin, "/statistiques/departement/99", 404, nil},
		{"unknown kind", admin, "/statistiques/region/76", 404, nil},
		// April 2026; the previous 30 days (2026-03-02 → 2026-03-31) hold the individual of 2026-03-10.
		{"a period", hg, "/statistiques/departement/31?du=2026-04-01&au=2026-04-30", 200, map[string][3]string{"accompagnements": {"7", "1", "+600 %"}, "ateliers": {"1", "0", "nouveau"}}},
		{"the hub's perimeter (everywhere: none configured)", admin, "/statistiques/perimetre", 200, map[string][3]string{"accompagnements": {"12", "1", "+1100 %"}}},
		{"the hub's perimeter, everywhere, not a coordinator's", tarn, "/statistiques/perimetre", 403, nil},
	} {
		t.Run(tc.who, func(t *testing.T) {
			res := getAs(t, ts, tc.path, tc.cookie)
			if res.StatusCode != tc.status {
				t.Fatalf("%s: status %d, want %d", tc.path, res.StatusCode, tc.status)
			}
			if tc.want == nil {
				return
			}
			got := statCells(t, res.Body)
			for ind, w := range tc.want {
				if got[ind] != w {
					t.Errorf("%s %s: %q, want %q", tc.path, ind, got[ind], w)
				}
			}
			if n := strings.Count(res.Body, `<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img"`); n < 10 {
				t.Errorf("%s: %d charts", tc.path, n)
			}
		})
	}
}

// The hub's perimeter is its configured territories; its figures are
// read by the administrators and by the coordinators who read every one
// of them: with a perimeter of Haute-Garonne and the Tarn, a coordinator
// of one of the two gets 403 (page, API, and no link in its chooser), as
// on the other département, which the perimeter less its own would give.
func TestStatisticsPerimeter(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	statsFixture(t, ts)
	ts.cfg.HubPerimetre = []store.TerritoryRef{{Kind: "departement", Code: "81"}}
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))
	res := getAs(t, ts, "/statistiques/perimetre", admin)
	if got := statCells(t, res.Body)["accompagnements"]; got != [3]string{"1", "0", "nouveau"} {
		t.Errorf("perimeter 81: %q, want the Tarn's 1", got)
	}

	ts.cfg.HubPerimetre = []store.TerritoryRef{{Kind: "departement", Code: "31"}, {Kind: "departement", Code: "81"}}
	ctx := context.Background()
	users := map[string]account.User{
		"admin": {Email: "admin2@hub.fr", Role: account.Administrateur},
		"c31":   {Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}},
		"c81":   {Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}},
		"both":  {Email: "c3181@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}, {Kind: "departement", Code: "81"}}},
		// Toulouse Métropole and the Tarn: Haute-Garonne is not all theirs.
		"metro81": {Email: "metro81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "epci", Code: "243100518"}, {Kind: "departement", Code: "81"}}},
	}
	for who, want := range map[string]int{"admin": 200, "c31": 403, "c81": 403, "both": 200, "metro81": 403} {
		id := mustUser(t, ts, users[who])
		cookie := sessionOf(t, ts, id)
		res := getAs(t, ts, "/statistiques/perimetre", cookie)
		if res.StatusCode != want {
			t.Errorf("%s: page %d, want %d", who, res.StatusCode, want)
		}
		if want == 200 {
			// By hand: 11 in Haute-Garonne and 1 in the Tarn.
			if got := statCells(t, res.Body)["accompagnements"]; got[0] != "12" {
				t.Errorf("%s: perimeter 31 + 81: %q, want 12", who, got)
			}
		}
		tok, _, err := ts.store.CreateAPIToken(ctx, id, "", monday10h, "test")
		if err != nil {
			t.Fatal(err)
		}
		if res := ts.get(t, "/api/v1/statistiques?territoire=perimetre", "Authorization", "Bearer "+tok); res.StatusCode != want {
			t.Errorf("%s: API %d, want %d", who, res.StatusCode, want)
		}
		if chooser := getAs(t, ts, "/statistiques", cookie); strings.Contains(chooser.Body, `href="/statistiques/perimetre"`) != (want == 200) {
			t.Errorf("%s: the chooser's perimeter link, want it %v", who, want == 200)
		}
	}
}

func TestStatisticsPeriodErrors(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))
	for q, want := range map[string]string{
		"du=2026-13-01&au=2026-12-31": "date de début « 2026-13-01 » : une date s'écrit AAAA-MM-JJ",
		"du=2026-01-01":               "Période incomplète",
		"du=2026-02-01&au=2026-01-01": "la période finit (2026-01-01) avant de commencer (2026-02-01)",
		"du=2000-01-01&au=2026-01-01": "au plus 10 ans",
	} {
		res := getAs(t, ts, "/statistiques/departement/31?"+q, admin)
		if res.StatusCode != 400 || !strings.Contains(html.UnescapeString(res.Body), want) {
			t.Errorf("%s: %d, want 400 saying %q", q, res.StatusCode, want)
		}
		// The page again, its form holding what was typed, the reason above
		// it, and no figures (review 11N2 minor 10).
		v, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{`<form class="periode" action="/statistiques/departement/31"`, `id="erreur-periode"`,
			`name="du" type="date" value="` + v.Get("du") + `"`, `name="au" type="date" value="` + v.Get("au") + `"`} {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: the page lacks %s", q, w)
			}
		}
		if strings.Contains(res.Body, "statistiques-groupe") {
			t.Errorf("%s: figures shown for a refused period", q)
		}
	}
}

func TestStatisticsPlacePage(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	statsFixture(t, ts)
	ctx := context.Background()
	asso := mustUser(t, ts, account.User{Email: "asso@exemple.fr", Role: account.Contributeur})
	if _, err := ts.store.AddClaim(ctx, store.Claim{UserID: asso, LieuID: "tls-1", Status: store.StatusApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	cookie := sessionOf(t, ts, asso)
	res := getAs(t, ts, "/lieux/tls-1/statistiques", cookie)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	// tls-1: the individual (1) and the aggregate (3); 1 the previous period.
	got := statCells(t, res.Body)
	for ind, w := range map[string][3]string{"accompagnements": {"4", "1", "+300 %"}, "participants_ateliers": {"0", "0", "—"}, "source:agregat": {"3", "0", "nouveau"}} {
		if got[ind] != w {
			t.Errorf("%s: %q, want %q", ind, got[ind], w)
		}
	}
	if _, ok := got["lieu:tls-1"]; ok || strings.Contains(res.Body, `id="coordination"`) {
		t.Error("a place's page shows places or coordination")
	}
	if res := getAs(t, ts, "/lieux/tls-2/statistiques", cookie); res.StatusCode != 403 {
		t.Errorf("another place: %d, want 403", res.StatusCode)
	}
	// The place's page and « Mon espace » link to it.
	if res := getAs(t, ts, "/lieux/tls-1", cookie); !strings.Contains(res.Body, `href="/lieux/tls-1/statistiques"`) {
		t.Error("the place's page has no link to its statistics")
	}
	if res := getAs(t, ts, "/lieux/tls-2", cookie); strings.Contains(res.Body, `/statistiques"`) {
		t.Error("another place's page links to its statistics")
	}
	if res := getAs(t, ts, "/espace", cookie); !strings.Contains(res.Body, `href="/statistiques"`) {
		t.Error("« Mon espace » has no link to the statistics")
	}
	// The chooser lists the place.
	if res := getAs(t, ts, "/statistiques", cookie); res.StatusCode != 200 || !strings.Contains(res.Body, `href="/lieux/tls-1/statistiques"`) {
		t.Errorf("chooser: %d", res.StatusCode)
	}
	tarn := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}))
	if res := getAs(t, ts, "/lieux/tls-1/statistiques", tarn); res.StatusCode != 403 {
		t.Errorf("coordinator of elsewhere: %d, want 403", res.StatusCode)
	}
	if res := getAs(t, ts, "/statistiques?type=departement&code=81", tarn); res.StatusCode != 303 || res.Header.Get("Location") != "/statistiques/departement/81" {
		t.Errorf("chooser form: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// A structure's page: the places of one SIRET (every place of fixture()
// has the same), for whoever reads each of them.
func TestStatisticsStructurePage(t *testing.T) {
	const siret = "43493312300029"
	ts := newTestServer(t, fixture()...)
	statsFixture(t, ts)
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))
	hg := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}))
	res := getAs(t, ts, "/statistiques/structure/"+siret, admin)
	if res.StatusCode != 200 {
		t.Fatalf("structure: %d", res.StatusCode)
	}
	// By hand: 11 in Haute-Garonne and 1 at albi-1; 1 the previous period.
	got := statCells(t, res.Body)
	for ind, want := range map[string][3]string{"accompagnements": {"12", "1", "+1100 %"}, "lieu:albi-1": {"1", "0", "nouveau"}, "lieu:tls-2": {"7", "0", "nouveau"}} {
		if got[ind] != want {
			t.Errorf("%s: %q, want %q", ind, got[ind], want)
		}
	}
	if strings.Contains(res.Body, `id="coordination"`) {
		t.Error("a structure's page shows coordination")
	}
	if res := getAs(t, ts, "/lieux/tls-1/statistiques", admin); !strings.Contains(res.Body, `href="/statistiques/structure/`+siret+`"`) {
		t.Error("the place's page has no link to its structure")
	}
	// Haute-Garonne's coordinator does not read albi-1 (Tarn).
	if res := getAs(t, ts, "/statistiques/structure/"+siret, hg); res.StatusCode != 403 {
		t.Errorf("coordinator of 31: %d, want 403", res.StatusCode)
	}
	if res := getAs(t, ts, "/lieux/tls-1/statistiques", hg); strings.Contains(res.Body, "/statistiques/structure/") {
		t.Error("a link to a structure its reader may not read")
	}
	// An account acting for all three places reads the structure, listed in its chooser.
	asso := mustUser(t, ts, account.User{Email: "asso@exemple.fr", Role: account.Contributeur})
	for _, id := range []string{"tls-1", "tls-2", "albi-1"} {
		if _, err := ts.store.AddClaim(context.Background(), store.Claim{UserID: asso, LieuID: id, Status: store.StatusApproved}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	cookie := sessionOf(t, ts, asso)
	if res := getAs(t, ts, "/statistiques", cookie); !strings.Contains(res.Body, `href="/statistiques/structure/`+siret+`"`) {
		t.Error("the chooser does not list the structure")
	}
	if res := getAs(t, ts, "/statistiques/structure/"+siret, cookie); res.StatusCode != 200 {
		t.Errorf("the structure's own account: %d", res.StatusCode)
	}
	for _, bad := range []string{"12345678901234", "abc"} {
		if res := getAs(t, ts, "/statistiques/structure/"+bad, admin); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", bad, res.StatusCode)
		}
	}

	// When albi-1 is another structure's, Haute-Garonne's coordinator
	// reads it: tls-1 and tls-2, 11.
	ls := fixture()
	ls[2].Pivot = "12345678900011"
	ls[0].StructureParente, ls[1].StructureParente = "Réseau des médiathèques", "Réseau des médiathèques"
	ts = newTestServer(t, ls...)
	statsFixture(t, ts)
	hg = sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}))
	res = getAs(t, ts, "/statistiques/structure/"+siret, hg)
	if res.StatusCode != 200 || statCells(t, res.Body)["accompagnements"] != [3]string{"11", "1", "+1000 %"} {
		t.Errorf("structure of 31: %d %q", res.StatusCode, statCells(t, res.Body)["accompagnements"])
	}
	// Titled by the structure_parente one of its places gives (review 11N2 minor 7).
	if want := "<h1>Statistiques : la structure « Réseau des médiathèques » (SIRET " + siret + ", 2 lieux)</h1>"; !strings.Contains(res.Body, want) {
		t.Errorf("the structure's page lacks %s:\n%s", want, res.Body[strings.Index(res.Body, "<h1>"):][:200])
	}
}

// FuzzStatsPeriod: whatever du and au say, the period read is either a
// French failure or two real days in order, at most maxStatsDays long.
func FuzzStatsPeriod(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"2026-01-01", "2026-12-31"}, {"2026-02-30", "2026-03-01"}, {"2026-03-01", ""}, {"0001-01-01", "9999-12-31"}, {" 2026-01-01", "2026-01-01\n"}} {
		f.Add(s[0], s[1])
	}
	today := monday10h
	f.Fuzz(func(t *testing.T, from, to string) {
		r := httptest.NewRequest("GET", "/statistiques/perimetre?"+url.Values{"du": {from}, "au": {to}}.Encode(), nil)
		p, _, err := statsPeriod(r, today)
		if err != nil {
			if failure.CodeOf(err) != failure.Invalid || failure.MessageOf(err) == "" {
				t.Errorf("%q %q: %v", from, to, err)
			}
			return
		}
		f, err1 := time.Parse(time.DateOnly, p.From)
		l, err2 := time.Parse(time.DateOnly, p.To)
		if err1 != nil || err2 != nil || l.Before(f) || p.Days() > maxStatsDays {
			t.Errorf("%q %q: period %+v", from, to, p)
		}
	})
}

// A coordination activity of Haute-Garonne (an animation, an event of 40)
// counts in the département, and everywhere, never in one of its communes
// or EPCI: their pages have no coordination group, their API lines are 0,
// and the département's page names them « du département ».
func TestStatisticsCoordinationScope(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	statsFixture(t, ts)
	ctx := context.Background()
	coord := mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	for _, c := range []activity.Coordination{
		{Kind: activity.Animation, Date: "2026-05-04", Level: "departemental", Territory: "31", AnimationType: "comite", Initiative: "initiative", AnimationThematics: []string{"reseau"}, Mediateurs: 3, Structures: 2},
		{Kind: activity.Evenement, Date: "2026-06-04", Level: "departemental", Territory: "31", Participants: 40, EventType: "grand_public", Organisers: []string{"hub"}},
	} {
		c.Account = coord
		if _, err := ts.store.AddCoordination(ctx, c, "test"); err != nil {
			t.Fatal(err)
		}
	}
	admin := mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	cookie := sessionOf(t, ts, admin)
	for path, want := range map[string]string{
		"/statistiques/departement/31": "1 40 5",
		"/statistiques/perimetre":      "1 40 5",
		"/statistiques/commune/31555":  "",
		"/statistiques/epci/243100518": "",
		"/statistiques/departement/81": "0 0 0",
	} {
		res := getAs(t, ts, path, cookie)
		got := statCells(t, res.Body)
		if want == "" {
			if strings.Contains(res.Body, `id="coordination"`) || got["coordination:animation"] != [3]string{} {
				t.Errorf("%s shows coordination activities: %q", path, got["coordination:animation"])
			}
			continue
		}
		if g := got["coordination:animation"][0] + " " + got["coordination_participants"][0] + " " + got["coordination_animation_participants"][0]; g != want {
			t.Errorf("%s: animation, event's participants, animation's participants %q, want %q", path, g, want)
		}
		if strings.HasPrefix(path, "/statistiques/departement/") != strings.Contains(html.UnescapeString(res.Body), "Activités de coordination du département") {
			t.Errorf("%s: the coordination group's title", path)
		}
	}
	tok, _, err := ts.store.CreateAPIToken(ctx, admin, "", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	const animParticipants = `"indicateur":"coordination_animation_participants","libelle":"Participants aux animations (médiateurs, structures, autres acteurs)","valeur":`
	for _, tt := range []struct{ q, want string }{
		{"departement:31", `"indicateur":"coordination:animation","libelle":"Animation","valeur":1`},
		{"departement:31", animParticipants + "5"}, // 3 médiateurs + 2 structures
		{"commune:31555", `"indicateur":"coordination:animation","libelle":"Animation","valeur":0`},
		{"commune:31555", animParticipants + "0"},
		{"epci:243100518", `"indicateur":"coordination:animation","libelle":"Animation","valeur":0`},
	} {
		if res := ts.get(t, "/api/v1/statistiques?territoire="+tt.q, "Authorization", "Bearer "+tok); !strings.Contains(res.Body, tt.want) {
			t.Errorf("API %s: %d, no %s", tt.q, res.StatusCode, tt.want)
		}
	}
}

// Statistics by tag: a workshop of 6 tagged « Café IA » (national) and a
// personal tag, and an individual tagged « Café IA » too, in Haute-Garonne
// in June 2026. The département's page has an « Étiquettes » group (chart
// and table): Café IA 7, the personal tag 6; its public link shows Café IA
// and never the personal tag; the API gives the lines.
func TestStatisticsTags(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author := mustUser(t, ts, account.User{Email: "mediateur@exemple.fr", Role: account.Contributeur})
	for _, a := range []activity.Activity{
		{Kind: activity.Collectif, Date: "2026-06-02", Duration: 120, PlaceType: activity.LieuActivite, LieuID: "tls-2", Thematics: []string{"intelligence_artificielle"},
			Title: "Café IA", Level: "debutant", Public: activity.Public{Total: 6}, Equipment: []string{"tablette"},
			Tags: []activity.Tag{{Scope: "national", Name: "Café IA"}, {Scope: "personnel", Name: "groupe du mardi"}}},
		{Kind: activity.Individuel, Date: "2026-06-03", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "tls-1", Thematics: []string{"email"},
			Tags: []activity.Tag{{Scope: "national", Name: "Café IA"}}, Autonomy: "autonome"},
	} {
		a.Account = author
		if _, err := ts.store.AddActivity(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	admin := mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	cookie := sessionOf(t, ts, admin)
	res := getAs(t, ts, "/statistiques/departement/31?du=2026-06-01&au=2026-06-30", cookie)
	got := statCells(t, res.Body)
	for ind, want := range map[string]string{"tag:national:Café IA": "7", "tag:personnel:groupe du mardi": "6", "materiel:tablette": "6", "autonomie:autonome": "1"} {
		if got[ind][0] != want {
			t.Errorf("%s: %q, want %s", ind, got[ind], want)
		}
	}
	body := html.UnescapeString(res.Body)
	if !strings.Contains(body, `<h2 id="etiquettes">Étiquettes</h2>`) || !strings.Contains(body, `id="graphique-etiquettes-titre"`) || !strings.Contains(body, "Café IA (national)") {
		t.Error("no « Étiquettes » group with its chart and labels")
	}
	m := shareLinkRE.FindStringSubmatch(postForm(t, ts, "/statistiques/departement/31/partages", url.Values{"regle": {store.ShareFixed}, "du": {"2026-06-01"}, "au": {"2026-06-30"}}, cookie).Body)
	if m == nil {
		t.Fatal("no public link")
	}
	pub := getAs(t, ts, m[1], "")
	if g := statCells(t, pub.Body)["tag:national:Café IA"]; g[0] != "7" {
		t.Errorf("public Café IA: %q", g)
	}
	if strings.Contains(pub.Body, "groupe du mardi") || strings.Contains(pub.Body, "tag:personnel") {
		t.Error("the public page shows a personal tag")
	}
	api := getAs(t, ts, strings.Replace(m[1], "/statistiques/public/", "/api/v1/statistiques/public/", 1), "")
	if !strings.Contains(api.Body, `"indicateur":"tag:national:Café IA","libelle":"Café IA (national)","valeur":7`) || strings.Contains(api.Body, "groupe du mardi") {
		t.Errorf("public API: %d, Café IA 7 and no personal tag wanted", api.StatusCode)
	}
}
