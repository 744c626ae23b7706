package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/store"
)

// TestOrientationsFluxCSV: the flows of a coordinator's territory as CSV,
// a line per place and a line per need without a place, counted by hand;
// a place's name that would start a formula is neutralised. A place of
// the Tarn that only received a re-orientation from Toulouse has its row
// in the Tarn's flows (page and CSV) and none in the Haute-Garonne's.
func TestOrientationsFluxCSV(t *testing.T) {
	ls := append(fixture(), lieu("albi-2", 43.93, 2.15, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "France services Lautrécois", "Albi", "81004", "81000"
	}))
	ls[1].Nom = "=HYPERLINK(\"http://x\")" // tls-2
	ts := newTestServer(t, ls...)
	ctx := context.Background()
	prescriber := mustUser(t, ts, account.User{Email: "as@ccas.fr", Role: account.Contributeur})
	coord31 := mustUser(t, ts, account.User{Email: "coord@hub31.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	coord81 := mustUser(t, ts, account.User{Email: "coord@hub81.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}})
	orient := func(lieu, need string, a *orientation.Answer) {
		t.Helper()
		_, hash := account.NewToken()
		if _, err := ts.store.CreateOrientation(ctx, orientation.Orientation{Need: need, LieuID: lieu, Mode: orientation.SansRendezVous, Prescriber: prescriber}, hash); err != nil {
			t.Fatal(err)
		}
		if a != nil {
			if _, err := ts.store.AnswerOrientation(ctx, hash, *a, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	// tls-2: one orientation for tools, expired unanswered (first, so
	// that the expiry leaves the others alone).
	orient("tls-2", place.ServiceOutils, nil)
	if n, err := ts.store.ExpireOrientations(ctx, monday10h); err != nil || n != 1 {
		t.Fatalf("expired %d, %v", n, err)
	}
	// tls-1: five for administrative help: came, received, impossible
	// (full), pending, sent on to albi-2 (Tarn). albi-1 (Tarn): one, came.
	orient("tls-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Venue})
	orient("tls-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Recue})
	orient("tls-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Impossible, Reason: orientation.Complet})
	orient("tls-1", place.ServiceDemarches, nil)
	orient("tls-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Reorientee, LieuID: "albi-2"})
	orient("albi-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Venue})

	// A period given: the page links to its CSV of the same period.
	res := getAs(t, ts, "/orientations/flux?du=2025-11-24&au=2026-11-23", sessionOf(t, ts, coord31))
	if !strings.Contains(res.Body, `href="/orientations/flux?au=2026-11-23&amp;du=2025-11-24&amp;format=csv"`) ||
		!strings.Contains(res.Body, "du 24 novembre 2025 au 23 novembre 2026 inclus.") {
		t.Errorf("the flows page has no link to its CSV of the period")
	}
	res = getAs(t, ts, "/orientations/flux?du=2025-11-24&au=2026-11-23&format=csv", sessionOf(t, ts, coord31))
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		res.Header.Get("Content-Disposition") != `attachment; filename="flux-orientations-2025-11-24-2026-11-23.csv"` {
		t.Fatalf("csv: %d %v\n%s", res.StatusCode, res.Header, res.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"ligne", "lieu_id", "lieu", "besoin", "envoyees", "recues", "avec_reponse", "honorees", "part_avec_reponse_pct", "part_honoree_pct",
			"reorientees", "recues_d_autres_lieux", "impossibles", "expirees", "en_attente", "ne_repond_jamais", "raisons"},
		{"lieu", "tls-1", "EPN du Capitole", "", "5", "1", "4", "1", "80", "20", "1", "0", "1", "0", "1", "non", ""},
		{"lieu", "tls-2", "'=HYPERLINK(\"http://x\")", "", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "oui", ""},
		{"besoin_sans_lieu", "", "", place.ServiceDemarches, "5", "", "", "", "", "", "", "", "1", "0", "", "", "plus de place disponible : 1"},
		{"besoin_sans_lieu", "", "", place.ServiceOutils, "1", "", "", "", "", "", "", "", "0", "1", "", "", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("csv:\n%q\nwant\n%q", rows, want)
	}
	// The Tarn's coordinator gets the Tarn's only: albi-1's, and albi-2
	// with the re-orientation it received from Toulouse.
	res = getAs(t, ts, "/orientations/flux?du=2026-11-01&au=2026-11-30&format=csv", sessionOf(t, ts, coord81))
	rows, err = csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	want = [][]string{want[0],
		{"lieu", "albi-1", "Médiathèque d'Albi", "", "1", "0", "1", "1", "100", "100", "0", "0", "0", "0", "0", "non", ""},
		{"lieu", "albi-2", "France services Lautrécois", "", "0", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0", "non", ""},
	}
	if err != nil || !reflect.DeepEqual(rows, want) {
		t.Errorf("coordinator 81's CSV:\n%q\nwant\n%q (%v)", rows, want, err)
	}
	res = getAs(t, ts, "/orientations/flux?du=2026-11-01&au=2026-11-30", sessionOf(t, ts, coord81))
	if !strings.Contains(res.Body, `<a href="/lieux/albi-2">France services Lautrécois</a></th><td data-titre="Envoyées">0</td>`) ||
		!strings.Contains(res.Body, "reçues d'autres lieux (réorientations vers les lieux du territoire) : 1") {
		t.Errorf("coordinator 81's page has no row for albi-2:\n%s", res.Body)
	}
	if res := getAs(t, ts, "/orientations/flux?format=pdf", sessionOf(t, ts, coord31)); res.StatusCode != http.StatusBadRequest {
		t.Errorf("format=pdf: %d", res.StatusCode)
	}
}

// TestOrientationsFluxDefaultPeriod: without du and au, the flows count
// the statistics pages' default period, the 12 full months before the
// current month: on 23 November 2026, 1 November 2025 to 31 October
// 2026 (review 12N minor 12: a rolling year ending today disagreed with
// the statistics). The orientations of 31 October 2025 and of today are
// out; those of 1 November 2025 and 31 October 2026 (late evening, Paris
// time) and 2 November 2025 are in. Its CSV link and the statistics page say the same period.
func TestOrientationsFluxDefaultPeriod(t *testing.T) {
	now := monday10h
	ts := newTestServerWith(t, []store.Option{store.WithClock(func() time.Time { return now })}, fixture()...)
	ctx := context.Background()
	prescriber := mustUser(t, ts, account.User{Email: "as@ccas.fr", Role: account.Contributeur})
	coord31 := mustUser(t, ts, account.User{Email: "coord@hub31.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{
		time.Date(2025, 10, 31, 12, 0, 0, 0, paris),  // out
		time.Date(2025, 11, 1, 0, 30, 0, 0, paris),   // in
		time.Date(2025, 11, 2, 9, 0, 0, 0, paris),    // in (and out of a year ending today)
		time.Date(2026, 10, 31, 23, 30, 0, 0, paris), // in
		monday10h, // today: out
	} {
		now = at
		_, hash := account.NewToken()
		if _, err := ts.store.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: "tls-1", Mode: orientation.SansRendezVous, Prescriber: prescriber}, hash); err != nil {
			t.Fatal(err)
		}
	}
	now = monday10h
	cookie := sessionOf(t, ts, coord31)
	res := getAs(t, ts, "/orientations/flux", cookie)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("flows: %d", res.StatusCode)
	}
	for _, want := range []string{"du 1er novembre 2025 au 31 octobre 2026 inclus (par défaut, les 12 derniers mois complets",
		"3 orientations envoyées", `href="/orientations/flux?au=2026-10-31&amp;du=2025-11-01&amp;format=csv"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("default flows page lacks %q", want)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(getAs(t, ts, "/orientations/flux?format=csv", cookie).Body)).ReadAll()
	if err != nil || len(rows) < 2 || rows[1][1] != "tls-1" || rows[1][4] != "3" {
		t.Errorf("default CSV: %q, %v", rows, err)
	}
	// A period given is not called the default.
	if res := getAs(t, ts, "/orientations/flux?du=2025-11-01&au=2026-10-31", cookie); strings.Contains(res.Body, "par défaut") || !strings.Contains(res.Body, "3 orientations envoyées") {
		t.Errorf("the same period given: %d", res.StatusCode)
	}
	if res := getAs(t, ts, "/statistiques/departement/31", cookie); !strings.Contains(res.Body, "1er novembre 2025") || !strings.Contains(res.Body, "31 octobre 2026") {
		t.Errorf("the statistics page's default period differs: %d", res.StatusCode)
	}
}
