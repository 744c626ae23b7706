package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestEvaluationPage: the annual report on the web, for the
// administrators (any territory) and the coordinators (theirs only),
// with the figures counted by hand from the activities recorded here,
// and its CSV and XLSX downloads.
func TestEvaluationPage(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	admin := mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur})
	coord31 := mustUser(t, ts, account.User{Email: "coord@hub31.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	coord81 := mustUser(t, ts, account.User{Email: "coord@hub81.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	contrib := mustUser(t, ts, account.User{Email: "mediateur@epn.fr", Role: account.Contributeur})
	for _, a := range []activity.Activity{
		// Haute-Garonne, 2026: 1 individual at tls-1, a workshop of 6 in
		// Blagnac; 2025: 1 at home in Toulouse. Tarn, 2026: 1 in Albi.
		{Kind: activity.Individuel, Date: "2026-03-10", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "tls-1", Thematics: []string{"email"}},
		{Kind: activity.Collectif, Date: "2026-06-01", Duration: 90, PlaceType: activity.AutreLieu, Commune: "31069", Thematics: []string{"sante"},
			Title: "Ameli", Public: activity.Public{Total: 6}},
		{Kind: activity.Individuel, Date: "2025-05-05", Duration: 45, PlaceType: activity.Domicile, Commune: "31555", Thematics: []string{"email"}},
		{Kind: activity.Individuel, Date: "2026-04-01", Duration: 15, PlaceType: activity.LieuActivite, LieuID: "albi-1", Thematics: []string{"email"}},
	} {
		if _, err := ts.store.AddActivity(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	ca, c31, c81, cc := sessionOf(t, ts, admin), sessionOf(t, ts, coord31), sessionOf(t, ts, coord81), sessionOf(t, ts, contrib)
	// One orientation, in 2026, to tls-1 (Toulouse, 31555, Occitanie).
	_, hash := account.NewToken()
	if _, err := ts.store.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: "tls-1", Mode: orientation.SansRendezVous, Prescriber: contrib}, hash); err != nil {
		t.Fatal(err)
	}
	sent := func(n string) string {
		return `<th scope="row">Orientations envoyées, sans réponse du lieu</th><td class="n" data-titre="2026">` + n + `</td>`
	}
	// A commune's and a région's report count the orientations to places
	// in it.
	for _, tt := range []struct{ path, cookie, want string }{
		{"/evaluation?territoire=commune:31555&annee=2026", c31, "1"},
		{"/evaluation?territoire=commune:31069&annee=2026", c31, "0"},
		{"/evaluation?territoire=region:76&annee=2026", ca, "1"},
		{"/evaluation?territoire=region:84&annee=2026", ca, "0"},
		{"/evaluation?territoire=departement:31&annee=2026", c31, "1"},
	} {
		if res := getAs(t, ts, tt.path, tt.cookie); !strings.Contains(res.Body, sent(tt.want)) {
			t.Errorf("%s: not %s orientation sent (%d)", tt.path, tt.want, res.StatusCode)
		}
	}

	// Mon espace links the report for the moderators only.
	if res := getAs(t, ts, "/espace", c31); !strings.Contains(res.Body, `href="/evaluation"`) {
		t.Error("Mon espace of a coordinator: no link to the report")
	}
	if res := getAs(t, ts, "/espace", cc); strings.Contains(res.Body, `href="/evaluation"`) {
		t.Error("Mon espace of a contributor: a link to the report")
	}

	// A coordinator's report is of their territory by default.
	res := getAs(t, ts, "/evaluation?annee=2026", c31)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("coordinator 31: %d %s", res.StatusCode, res.Body)
	}
	for _, want := range []string{"Rapport d&#39;évaluation 2026", "Territoire : <strong>Haute-Garonne (31)</strong>.", `value="departement:31"`,
		`<th scope="row">Accompagnements (un par participant d&#39;atelier)</th><td class="n" data-titre="2026">7</td><td class="n" data-titre="2025">1</td>`,
		`<th scope="row">Ateliers collectifs</th><td class="n" data-titre="2026">1</td><td class="n" data-titre="2025">0</td>`,
		`<th scope="row">Lieux du registre dans le territoire</th><td class="n" data-titre="2026">2</td>`,
		// The diagnostic of the server (its cache): Toulouse and Blagnac
		// (6.9 km from tls-1) have a centre, both served.
		`<th scope="row">Communes du territoire comptées par le diagnostic</th><td class="n" data-titre="2026">2</td>`,
		`<th scope="row">Communes sans lieu à moins de 10 km (zones blanches)</th><td class="n" data-titre="2026">0</td>`,
		`href="/evaluation?annee=2026&amp;territoire=departement%3A31&amp;format=csv"`,
		`href="/evaluation?annee=2026&amp;territoire=departement%3A31&amp;format=xlsx"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("coordinator 31's report lacks %q", want)
		}
	}
	// The Tarn's, by its coordinator: Albi's one activity.
	res = getAs(t, ts, "/evaluation?annee=2026", c81)
	if !strings.Contains(res.Body, `<th scope="row">Accompagnements (un par participant d&#39;atelier)</th><td class="n" data-titre="2026">1</td><td class="n" data-titre="2025">0</td>`) {
		t.Errorf("coordinator 81's report: %d", res.StatusCode)
	}
	// A commune and an EPCI of one's départements are theirs; another
	// département, a commune or EPCI of it, a région that is not all
	// theirs, the whole country are not.
	for path, want := range map[string]int{
		"/evaluation?territoire=commune:31069&annee=2026":             http.StatusOK,
		"/evaluation?territoire=epci:243100518&annee=2026":            http.StatusOK,
		"/evaluation?territoire=departement:81&annee=2026":            http.StatusForbidden,
		"/evaluation?territoire=commune:81004&annee=2026":             http.StatusForbidden,
		"/evaluation?territoire=epci:248100737&annee=2026":            http.StatusForbidden,
		"/evaluation?territoire=region:76&annee=2026":                 http.StatusForbidden,
		"/evaluation?territoire=france&annee=2026":                    http.StatusForbidden,
		"/evaluation?territoire=departement:31,commune:81004":         http.StatusForbidden,
		"/evaluation?territoire=departement:31&annee=2027":            http.StatusBadRequest,
		"/evaluation?territoire=departement:31&annee=26":              http.StatusBadRequest,
		"/evaluation?territoire=lieu:tls-1&annee=2026":                http.StatusBadRequest,
		"/evaluation?territoire=canton:12&annee=2026":                 http.StatusBadRequest,
		"/evaluation?territoire=departement:31&annee=2026&format=pdf": http.StatusBadRequest,
	} {
		if res := getAs(t, ts, path, c31); res.StatusCode != want {
			t.Errorf("coordinator 31, %s: %d, want %d", path, res.StatusCode, want)
		}
	}
	// The Blagnac workshop is the commune's whole activity.
	if res := getAs(t, ts, "/evaluation?territoire=commune:31069&annee=2026", c31); !strings.Contains(res.Body,
		`<th scope="row">Accompagnements (un par participant d&#39;atelier)</th><td class="n" data-titre="2026">6</td><td class="n" data-titre="2025">0</td>`) {
		t.Error("Blagnac's report: not its workshop's 6")
	}
	// The administrator reads any, France by default (both départements).
	res = getAs(t, ts, "/evaluation?annee=2026", ca)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "France entière") ||
		!strings.Contains(res.Body, `<th scope="row">Accompagnements (un par participant d&#39;atelier)</th><td class="n" data-titre="2026">8</td><td class="n" data-titre="2025">1</td>`) {
		t.Errorf("administrator, France: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/evaluation?territoire=region:76&annee=2025", ca); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Rapport d&#39;évaluation 2025") {
		t.Errorf("administrator, région 76 in 2025: %d", res.StatusCode)
	}

	// The CSV: an attachment with the same figures.
	res = getAs(t, ts, "/evaluation?territoire=departement:31&annee=2026&format=csv", c31)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		res.Header.Get("Content-Disposition") != `attachment; filename="rapport-evaluation-2026-departement-31.csv"` {
		t.Fatalf("csv: %d %v", res.StatusCode, res.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, row := range rows[1:] {
		got[row[1]] = row
	}
	for ind, want := range map[string][2]string{
		"accompagnements": {"7", "1"}, "participants_ateliers": {"6", "0"}, "thematique:email": {"1", "1"}, "thematique:sante": {"6", "0"},
	} {
		if row := got[ind]; row == nil || row[3] != want[0] || row[4] != want[1] {
			t.Errorf("csv %s: %v, want %v", ind, row, want)
		}
	}
	// The XLSX: an attachment, a workbook (a zip with its sheet).
	res = getAs(t, ts, "/evaluation?territoire=departement:31&annee=2026&format=xlsx", c31)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="rapport-evaluation-2026-departement-31.xlsx"` {
		t.Fatalf("xlsx: %d %v", res.StatusCode, res.Header)
	}
	zr, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		found = found || f.Name == "xl/worksheets/sheet1.xml"
	}
	if !found {
		t.Error("xlsx: no sheet")
	}
	// Another's territory is not downloaded either.
	if res := getAs(t, ts, "/evaluation?territoire=departement:31&annee=2026&format=csv", c81); res.StatusCode != http.StatusForbidden {
		t.Errorf("coordinator 81, the 31's CSV: %d", res.StatusCode)
	}
}

// TestEvaluationPerimeter: the hub's perimeter (--hub-perimetre) is a
// territory of the report, territoire=perimetre, and the administrator's
// default when one is configured (France otherwise); a coordinator reads
// it when their territory covers all of it (review 11N: « perimetre »
// was a 400, the administrator's default « France entière »).
func TestEvaluationPerimeter(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	admin := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}))
	coord31 := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "coord@hub31.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}))
	coord81 := sessionOf(t, ts, mustUser(t, ts, account.User{Email: "coord@hub81.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}))
	// 2026: 1 activity at tls-1 (Haute-Garonne), 2 at albi-1 (Tarn).
	for _, a := range []activity.Activity{
		{Kind: activity.Individuel, Date: "2026-03-10", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "tls-1", Thematics: []string{"email"}},
		{Kind: activity.Individuel, Date: "2026-04-01", Duration: 15, PlaceType: activity.LieuActivite, LieuID: "albi-1", Thematics: []string{"email"}},
		{Kind: activity.Individuel, Date: "2026-05-01", Duration: 15, PlaceType: activity.LieuActivite, LieuID: "albi-1", Thematics: []string{"email"}},
	} {
		if _, err := ts.store.AddActivity(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	accompagnements := func(n string) string {
		return `<th scope="row">Accompagnements (un par participant d&#39;atelier)</th><td class="n" data-titre="2026">` + n + `</td>`
	}
	ts.cfg.HubPerimetre = []store.TerritoryRef{{Kind: "departement", Code: "81"}}
	for _, tc := range []struct{ path, cookie string }{
		{"/evaluation?annee=2026", admin},
		{"/evaluation?annee=2026&territoire=perimetre", admin},
		{"/evaluation?annee=2026&territoire=perimetre", coord81},
	} {
		res := getAs(t, ts, tc.path, tc.cookie)
		for _, want := range []string{accompagnements("2"), `value="perimetre"`, "Territoire : <strong>périmètre du hub : Tarn (81)</strong>.",
			`<option value="perimetre">Périmètre du hub : Tarn (81)</option>`,
			`href="/evaluation?annee=2026&amp;territoire=perimetre&amp;format=csv"`} {
			if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, want) {
				t.Errorf("%s: %d, lacks %q", tc.path, res.StatusCode, want)
			}
		}
	}
	if res := getAs(t, ts, "/evaluation?annee=2026&territoire=perimetre", coord31); res.StatusCode != http.StatusForbidden {
		t.Errorf("coordinator 31, the perimeter of the Tarn: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/evaluation?annee=2026", coord31); strings.Contains(res.Body, `value="perimetre"`) {
		t.Error("coordinator 31 is offered the Tarn's perimeter")
	}
	res := getAs(t, ts, "/evaluation?annee=2026&territoire=perimetre&format=csv", admin)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Disposition") != `attachment; filename="rapport-evaluation-2026-perimetre.csv"` ||
		!strings.Contains(res.Body, "activite,accompagnements,Accompagnements (un par participant d'atelier),2,") {
		t.Errorf("the perimeter's CSV: %d %v\n%s", res.StatusCode, res.Header, res.Body)
	}
	// No perimeter configured: France, for the administrator only.
	ts.cfg.HubPerimetre = nil
	for _, path := range []string{"/evaluation?annee=2026", "/evaluation?annee=2026&territoire=perimetre"} {
		if res := getAs(t, ts, path, admin); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, accompagnements("3")) || !strings.Contains(res.Body, "France entière") {
			t.Errorf("administrator, no perimeter, %s: %d", path, res.StatusCode)
		}
	}
	if res := getAs(t, ts, "/evaluation?annee=2026&territoire=perimetre", coord81); res.StatusCode != http.StatusForbidden {
		t.Errorf("coordinator 81, a perimeter that is France: %d", res.StatusCode)
	}
}
