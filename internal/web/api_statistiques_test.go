package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// The statistics' API, with an API token: a territory's figures and the
// previous period's, counted by hand from statsFixture, with the pages'
// access rules.
func TestAPIStatistics(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	statsFixture(t, ts)
	ctx := context.Background()
	token := func(u account.User) string {
		t.Helper()
		tok, _, err := ts.store.CreateAPIToken(ctx, mustUser(t, ts, u), "", monday10h, "test")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	hg := token(account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	tarn := token(account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	asso := mustUser(t, ts, account.User{Email: "asso@exemple.fr", Role: account.Contributeur})
	if _, err := ts.store.AddClaim(ctx, store.Claim{UserID: asso, LieuID: "tls-1", Status: store.StatusApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	assoToken, _, err := ts.store.CreateAPIToken(ctx, asso, "", monday10h, "test")
	if err != nil {
		t.Fatal(err)
	}
	get := func(tok, query string) (int, map[string][2]int, string) {
		t.Helper()
		res := ts.get(t, "/api/v1/statistiques?"+query, "Authorization", "Bearer "+tok)
		if res.StatusCode != 200 {
			return res.StatusCode, nil, res.Body
		}
		var out struct {
			Du, Au      string
			Indicateurs []struct {
				Indicateur        string `json:"indicateur"`
				Valeur            int    `json:"valeur"`
				PeriodePrecedente int    `json:"periode_precedente"`
			} `json:"indicateurs"`
		}
		decode(t, res.Body, &out)
		m := map[string][2]int{}
		for _, l := range out.Indicateurs {
			m[l.Indicateur] = [2]int{l.Valeur, l.PeriodePrecedente}
		}
		return 200, m, out.Du + "/" + out.Au
	}
	status, m, period := get(hg, "territoire=departement:31")
	if status != 200 || period != "2025-11-01/2026-10-31" {
		t.Fatalf("Haute-Garonne: %d %s", status, period)
	}
	for ind, want := range map[string][2]int{"accompagnements": {11, 1}, "activites_individuelles": {4, 1}, "ateliers": {1, 0}, "participants_ateliers": {7, 0},
		"thematique:email": {8, 1}, "lieu:tls-1": {4, 1}, "lieu:tls-2": {7, 0}, "tranche_age:soixante_dix_plus": {2, 0}} {
		if m[ind] != want {
			t.Errorf("%s: %v, want %v", ind, m[ind], want)
		}
	}
	if _, m, _ := get(hg, "territoire=commune:31555&du=2026-04-01&au=2026-04-30"); m["accompagnements"] != [2]int{7, 1} {
		t.Errorf("Toulouse in April: %v", m["accompagnements"])
	}
	if status, _, body := get(tarn, "territoire=departement:31"); status != 403 || !strings.Contains(body, `"code":"interdit"`) {
		t.Errorf("the Tarn's coordinator: %d %s", status, body)
	}
	if status, m, _ := get(tarn, "territoire=departement:81"); status != 200 || m["accompagnements"] != [2]int{1, 0} {
		t.Errorf("the Tarn: %d %v", status, m["accompagnements"])
	}
	if status, m, _ := get(assoToken, "territoire=lieu:tls-1"); status != 200 || m["accompagnements"] != [2]int{4, 1} {
		t.Errorf("its place: %d %v", status, m["accompagnements"])
	}
	for q, want := range map[string]int{
		"territoire=lieu:tls-2":                    403,
		"territoire=departement:31":                403,
		"territoire=perimetre":                     403,
		"territoire=region:76":                     400,
		"territoire=departement:31,departement:81": 400,
		"":                        400,
		"territoire=lieu:inconnu": 404,
	} {
		if status, _, body := get(assoToken, q); status != want {
			t.Errorf("%s: %d, want %d: %s", q, status, want, body)
		}
	}
	if status, _, body := get(hg, "territoire=departement:31&du=2026-02-30&au=2026-03-01"); status != 400 || !strings.Contains(body, "AAAA-MM-JJ") {
		t.Errorf("bad date: %d %s", status, body)
	}
	if status, _, _ := get(hg, "territoire=departement:99"); status != 404 {
		t.Errorf("unknown département: %d", status)
	}
}

// A public link's JSON: withheld counts are null with masque true, no
// count from 1 to 4 anywhere, and a revoked link is 410.
func TestAPIStatisticsPublic(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	publicFixture(t, ts)
	hg := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}))
	m := shareLinkRE.FindStringSubmatch(postForm(t, ts, "/statistiques/departement/31/partages", url.Values{"regle": {store.ShareLast12Months}}, hg).Body)
	if m == nil {
		t.Fatal("no link")
	}
	api := strings.Replace(m[1], "/statistiques/public/", "/api/v1/statistiques/public/", 1)
	res := ts.get(t, api)
	var out struct {
		Seuil       int `json:"seuil"`
		Indicateurs []struct {
			Indicateur string `json:"indicateur"`
			Valeur     *int   `json:"valeur"`
			Masque     bool   `json:"masque"`
			Precedent  *int   `json:"periode_precedente"`
			PMasque    bool   `json:"precedent_masque"`
		} `json:"indicateurs"`
	}
	decode(t, res.Body, &out)
	if res.StatusCode != 200 || out.Seuil != 5 || len(out.Indicateurs) < 20 {
		t.Fatalf("public JSON: %d %s", res.StatusCode, res.Body)
	}
	got := map[string]string{}
	for _, l := range out.Indicateurs {
		for _, v := range []*int{l.Valeur, l.Precedent} {
			if v != nil && *v >= 1 && *v <= 4 {
				t.Errorf("%s: the count %d is given", l.Indicateur, *v)
			}
		}
		if (l.Valeur == nil) != l.Masque || (l.Precedent == nil) != l.PMasque {
			t.Errorf("%s: valeur %v masque %v", l.Indicateur, l.Valeur, l.Masque)
		}
		if l.Valeur != nil {
			got[l.Indicateur] = strconv.Itoa(*l.Valeur)
		} else {
			got[l.Indicateur] = "masqué"
		}
	}
	// By hand (publicFixture): as on the page.
	for ind, want := range map[string]string{"accompagnements": "23", "activites_individuelles": "16", "participants_ateliers": "7",
		"source:saisie": "masqué", "source:agregat": "masqué", "tranche_age:vingt_cinq_trente_neuf": "12"} {
		if got[ind] != want {
			t.Errorf("%s: %s, want %s", ind, got[ind], want)
		}
	}
	shares, err := ts.store.StatsShares(context.Background())
	if err != nil || len(shares) != 1 {
		t.Fatal(shares, err)
	}
	if _, err := ts.store.RevokeStatsShare(context.Background(), shares[0].ID, 1, "test"); err != nil {
		t.Fatal(err)
	}
	if res := ts.get(t, api); res.StatusCode != 410 || !strings.Contains(res.Body, `"code":"perime"`) {
		t.Errorf("revoked: %d %s", res.StatusCode, res.Body)
	}
	if res := ts.get(t, "/api/v1/statistiques/public/inconnu"); res.StatusCode != 404 {
		t.Errorf("unknown: %d", res.StatusCode)
	}
}
