package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/store"
)

var (
	shareLinkRE = regexp.MustCompile(`value="http://maillage\.test(/statistiques/public/[^"]+)"`)
	// cellRE: every table cell and every text of a chart.
	cellRE = regexp.MustCompile(`<td[^>]*>([^<]*)</td>|<text[^>]*>([^<]*)</text>`)
)

// publicFixture adds to statsFixture twelve 20-minute individual
// accompaniments at tls-1 on 2026-06-10 (aged 25-39): enough that a
// public page of Haute-Garonne shows figures (with statsFixture's alone,
// the durations 1 + 1 could not be hidden safely, and evaluation.Public
// hides every count of the page).
//
//	Haute-Garonne, 2025-11-01 → 2026-10-31: 23 accompaniments, 16
//	individual (1 + 3 aggregated + 12), 7 workshop participants; by
//	source: 20 saisie, 3 agregat; aged 60-69: 6, 70+: 2, 25-39: 12.
func publicFixture(t *testing.T, ts *testServer) {
	t.Helper()
	statsFixture(t, ts)
	author := mustUser(t, ts, account.User{Email: "benevole@exemple.fr", Role: account.Contributeur})
	for i := 0; i < 12; i++ {
		if _, err := ts.store.AddActivity(context.Background(), activity.Activity{Kind: activity.Individuel, Date: "2026-06-10", Duration: 20,
			PlaceType: activity.LieuActivite, LieuID: "tls-1", Thematics: []string{"email"}, Account: author,
			Public: activity.Public{AgeBands: map[string]int{"vingt_cinq_trente_neuf": 1}}}, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

// A coordinator publishes Haute-Garonne's statistics as a public link:
// anyone reads them without an account, no count from 1 to 4 anywhere
// (tables and charts), the cells that would give one back by difference
// hidden too; once revoked, the link answers 410.
func TestStatisticsPublicLink(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	publicFixture(t, ts)
	hg := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}))
	tarn := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}))

	if res := postForm(t, ts, "/statistiques/departement/31/partages", url.Values{"regle": {store.ShareLast12Months}}, tarn); res.StatusCode != 403 {
		t.Errorf("the Tarn's coordinator publishes Haute-Garonne: %d", res.StatusCode)
	}
	res := postForm(t, ts, "/statistiques/departement/31/partages", url.Values{"regle": {store.ShareLast12Months}}, hg)
	m := shareLinkRE.FindStringSubmatch(res.Body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("publish: %d\n%s", res.StatusCode, res.Body)
	}
	link := m[1]
	pub := getAs(t, ts, link, "")
	if pub.StatusCode != 200 || pub.Header.Get("X-Robots-Tag") != "noindex" {
		t.Fatalf("public page: %d %v", pub.StatusCode, pub.Header)
	}
	// No count from 1 to 4 in any cell or chart text.
	n := 0
	for _, c := range cellRE.FindAllStringSubmatch(pub.Body, -1) {
		text := strings.TrimSpace(html.UnescapeString(c[1] + c[2]))
		if v, err := strconv.Atoi(strings.ReplaceAll(text, "\u202f", "")); err == nil {
			n++
			if v >= 1 && v <= 4 {
				t.Errorf("the public page shows the count %d", v)
			}
		}
	}
	if n < 5 {
		t.Errorf("only %d numbers on the public page", n)
	}
	// Counted by hand (publicFixture): 23 accompaniments, 16 individual,
	// 7 participants are shown; 3 aggregated read « < 5 », and the 20
	// entered here, which would give them back (23 − 20), « masqué »; 2
	// aged 70+ and the 3 not said (5 together) read « < 5 »; the previous
	// period's single accompaniment « < 5 ».
	got := statCells(t, pub.Body)
	for ind, want := range map[string][2]string{"accompagnements": {"23", "< 5"}, "activites_individuelles": {"16", "< 5"}, "participants_ateliers": {"7", "< 5"},
		"ateliers": {"< 5", "< 5"}, "source:agregat": {"< 5", "< 5"}, "source:saisie": {"masqué", "< 5"}, "tranche_age:soixante_soixante_neuf": {"6", "< 5"},
		"tranche_age:vingt_cinq_trente_neuf": {"12", "< 5"}, "tranche_age:soixante_dix_plus": {"< 5", "< 5"}, "tranche_age:non_communique": {"< 5", "< 5"},
		"thematique:email": {"20", "< 5"}} {
		if [2]string{got[ind][0], got[ind][1]} != want {
			t.Errorf("public %s: %q, want %q", ind, got[ind], want)
		}
	}
	if strings.Contains(pub.Body, `action="/statistiques/departement/31"`) || strings.Contains(pub.Body, "Créer un lien public") {
		t.Error("the public page has the private page's forms")
	}
	// The territory's page lists the link; revoking it makes it 410.
	page := getAs(t, ts, "/statistiques/departement/31", hg)
	rm := regexp.MustCompile(`action="(/statistiques/partages/\d+/revoquer)"`).FindStringSubmatch(page.Body)
	if rm == nil {
		t.Fatalf("the territory's page lists no link to revoke")
	}
	if res := postForm(t, ts, rm[1], nil, tarn); res.StatusCode != 403 {
		t.Errorf("the Tarn's coordinator revokes Haute-Garonne's link: %d", res.StatusCode)
	}
	if !strings.Contains(page.Body, `name="confirmer" value="oui" required`) {
		t.Error("the revoke form asks no confirmation")
	}
	if res := postForm(t, ts, rm[1], nil, hg); res.StatusCode != 400 || !strings.Contains(html.UnescapeString(res.Body), "cochez « Je confirme »") {
		t.Errorf("revoke without confirming: %d", res.StatusCode)
	}
	if res := getAs(t, ts, link, ""); res.StatusCode != 200 {
		t.Fatalf("the link after an unconfirmed revocation: %d", res.StatusCode)
	}
	if res := postForm(t, ts, rm[1], url.Values{"confirmer": {"oui"}}, hg); res.StatusCode != 303 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	gone := getAs(t, ts, link, "")
	if gone.StatusCode != 410 || !strings.Contains(html.UnescapeString(gone.Body), "a été révoqué") {
		t.Errorf("revoked link: %d", gone.StatusCode)
	}
	if res := postForm(t, ts, rm[1], url.Values{"confirmer": {"oui"}}, hg); res.StatusCode != 409 {
		t.Errorf("revoking twice: %d, want 409", res.StatusCode)
	}
	if res := getAs(t, ts, "/statistiques/public/inconnu", ""); res.StatusCode != 404 {
		t.Errorf("unknown link: %d", res.StatusCode)
	}
	shares, err := ts.store.StatsShares(context.Background())
	if err != nil || len(shares) != 1 || shares[0].Revoked.IsZero() {
		t.Errorf("shares: %+v %v", shares, err)
	}
}

// A fixed period is kept; a fixed period without dates is refused in French.
func TestStatisticsPublicLinkPeriods(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	publicFixture(t, ts)
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))
	res := postForm(t, ts, "/statistiques/commune/31555/partages", url.Values{"regle": {store.ShareFixed}, "du": {"2026-06-01"}, "au": {"2026-06-30"}}, admin)
	m := shareLinkRE.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	// June 2026 in Toulouse: the twelve of publicFixture; the 30 days
	// before hold none (0, hidden as every count under 5).
	got := statCells(t, getAs(t, ts, m[1], "").Body)
	if got["accompagnements"] != [3]string{"12", "< 5", "—"} {
		t.Errorf("fixed period: %q", got["accompagnements"])
	}
	res = postForm(t, ts, "/statistiques/commune/31555/partages", url.Values{"regle": {store.ShareFixed}}, admin)
	if res.StatusCode != 400 || !strings.Contains(html.UnescapeString(res.Body), "période fixe") {
		t.Errorf("fixed period without dates: %d", res.StatusCode)
	}
	// Review 11A minor 6: 0001 → 9999 was accepted (the page then read
	// « du -0292-09-22 »); bounded as the pages are.
	for _, p := range [][3]string{{"0001-01-01", "9999-12-31", "les dates vont de 2000 à 2099"}, {"2016-01-01", "2026-01-08", "au plus 10 ans"}} {
		res = postForm(t, ts, "/statistiques/commune/31555/partages", url.Values{"regle": {store.ShareFixed}, "du": {p[0]}, "au": {p[1]}}, admin)
		if res.StatusCode != 400 || !strings.Contains(html.UnescapeString(res.Body), p[2]) {
			t.Errorf("fixed period %s → %s: %d, want 400 « %s »", p[0], p[1], res.StatusCode, p[2])
		}
	}
	if res = postForm(t, ts, "/statistiques/commune/31555/partages", url.Values{"regle": {store.ShareFixed}, "du": {"2016-01-09"}, "au": {"2026-01-08"}}, admin); res.StatusCode != 200 {
		t.Errorf("fixed period of 10 years: %d", res.StatusCode)
	}
}

// TestShareRollingYear: a rolling link moves by whole years only (review
// 11A minor 7: read month after month, it gave each month back by
// difference). Dates computed by hand.
func TestShareRollingYear(t *testing.T) {
	paris := parisTZ()
	created := time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)
	sh := store.StatsShare{Rule: store.ShareLast12Months, Created: created}
	for _, c := range []struct {
		today    time.Time
		from, to string
	}{
		{time.Date(2026, 12, 2, 16, 0, 0, 0, paris), "2025-12-01", "2026-11-30"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, paris), "2025-12-01", "2026-11-30"},
		{time.Date(2027, 11, 30, 23, 0, 0, 0, paris), "2025-12-01", "2026-11-30"},
		{time.Date(2027, 12, 1, 0, 0, 0, 0, paris), "2026-12-01", "2027-11-30"},
		{time.Date(2031, 3, 15, 0, 0, 0, 0, paris), "2029-12-01", "2030-11-30"},
	} {
		if p := sharePeriod(sh, c.today); p.From != c.from || p.To != c.to {
			t.Errorf("read on %s: %s → %s, want %s → %s", c.today.Format(time.DateOnly), p.From, p.To, c.from, c.to)
		}
	}
	// A link made in January: its first period is last year.
	sh.Created = time.Date(2027, 1, 1, 9, 0, 0, 0, paris)
	if p := sharePeriod(sh, time.Date(2027, 6, 1, 0, 0, 0, 0, paris)); p.From != "2026-01-01" || p.To != "2026-12-31" {
		t.Errorf("made in January: %s → %s", p.From, p.To)
	}
}

// The case of review 11N: a territory of 60 accompaniments in September
// 2026 whose commune of residence is 4 in Toulouse and 56 not said (an
// aggregate of 50 says none). Its public link shows the 60 and every other
// breakdown; the commune of residence reads « < 5 » for the 4 and
// « masqué » for the 56 (which would give the 4 back), never « < 5 » for a
// hidden 56; the API says why (motif). The previous period (August: one
// accompaniment) is withheld by the same rules.
//
//	tls-1, 2026-09: aggregate of 50 individual (30 women, 20 men)
//	tls-1, 2026-09-10: 10 individual, 5 women 5 men, 4 living in 31555
//	tls-1, 2026-08-20: 1 individual (previous period)
//	→ 60 accompaniments, saisie 10, agregat 50, women 35, men 25,
//	  commune_residence 31555: 4, non communiquée 56.
func TestStatisticsPublicLinkOneBreakdownMasked(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	author := mustUser(t, ts, account.User{Email: "mediateur@exemple.fr", Role: account.Contributeur})
	for i := range 11 {
		a := activity.Activity{Kind: activity.Individuel, Date: "2026-09-10", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "tls-1",
			Thematics: []string{"email"}, Account: author, Public: activity.Public{Genders: map[string]int{[]string{"feminin", "masculin"}[i%2]: 1}}}
		if i < 4 {
			a.Residences = map[string]int{"31555": 1}
		}
		if i == 10 {
			a.Date = "2026-08-20"
		}
		if _, err := ts.store.AddActivity(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ts.store.SaveAggregate(ctx, activity.Aggregate{LieuID: "tls-1", Month: "2026-09", Individual: 50, Account: author,
		Public: activity.Public{Total: 50, Genders: map[string]int{"feminin": 30, "masculin": 20}}}, 0, "test"); err != nil {
		t.Fatal(err)
	}
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))
	res := postForm(t, ts, "/statistiques/departement/31/partages", url.Values{"regle": {store.ShareFixed}, "du": {"2026-09-01"}, "au": {"2026-09-30"}}, admin)
	m := shareLinkRE.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	pub := getAs(t, ts, m[1], "")
	got := statCells(t, pub.Body)
	for ind, want := range map[string][2]string{
		"accompagnements": {"60", "< 5"}, "activites_individuelles": {"60", "< 5"}, "source:saisie": {"10", "< 5"}, "source:agregat": {"50", "< 5"},
		"genre:feminin": {"35", "< 5"}, "genre:masculin": {"25", "< 5"}, "lieu:tls-1": {"60", "< 5"},
		"commune_residence:31555": {"< 5", "< 5"}, "commune_residence:non_communique": {"masqué", "< 5"},
	} {
		if [2]string{got[ind][0], got[ind][1]} != want {
			t.Errorf("public %s: %q, want %q", ind, got[ind], want)
		}
	}
	if !strings.Contains(pub.Body, "Répartition masquée") {
		t.Error("the masked breakdown is not said")
	}
	if n := strings.Count(pub.Body, "Répartition masquée"); n != 1 {
		t.Errorf("%d breakdowns said masked, want 1 (the commune of residence)", n)
	}

	// The API: values, masks and their reasons.
	api := getAs(t, ts, "/api/v1/statistiques"+strings.TrimPrefix(m[1], "/statistiques"), "")
	var out struct {
		Indicateurs []struct {
			Indicateur      string `json:"indicateur"`
			Valeur          *int   `json:"valeur"`
			Masque          bool   `json:"masque"`
			Motif           string `json:"motif"`
			PrecedentMasque bool   `json:"precedent_masque"`
			PrecedentMotif  string `json:"precedent_motif"`
		} `json:"indicateurs"`
	}
	if err := json.Unmarshal([]byte(api.Body), &out); err != nil || api.StatusCode != 200 {
		t.Fatalf("API: %d %v", api.StatusCode, err)
	}
	lines := map[string]string{}
	for _, l := range out.Indicateurs {
		v := "null"
		if l.Valeur != nil {
			v = strconv.Itoa(*l.Valeur)
		}
		lines[l.Indicateur] = fmt.Sprintf("%s %v %s / %v %s", v, l.Masque, l.Motif, l.PrecedentMasque, l.PrecedentMotif)
	}
	for ind, want := range map[string]string{
		"accompagnements":                  "60 false  / true petit_effectif",
		"genre:feminin":                    "35 false  / true petit_effectif",
		"commune_residence:31555":          "null true petit_effectif / true petit_effectif",
		"commune_residence:non_communique": "null true secret_secondaire / true petit_effectif",
	} {
		if lines[ind] != want {
			t.Errorf("API %s: %q, want %q", ind, lines[ind], want)
		}
	}
}
