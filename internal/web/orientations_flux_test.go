package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/orientation"
	"maillage/internal/place"
)

// TestOrientationsFluxCSV: the flows of a coordinator's territory as CSV,
// a line per place and a line per need without a place, counted by hand;
// a place's name that would start a formula is neutralised.
func TestOrientationsFluxCSV(t *testing.T) {
	ls := fixture()
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
	// tls-1: four for administrative help: came, received, impossible
	// (full), pending. albi-1 (Tarn): one, came.
	orient("tls-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Venue})
	orient("tls-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Recue})
	orient("tls-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Impossible, Reason: orientation.Complet})
	orient("tls-1", place.ServiceDemarches, nil)
	orient("albi-1", place.ServiceDemarches, &orientation.Answer{Status: orientation.Venue})

	res := getAs(t, ts, "/orientations/flux", sessionOf(t, ts, coord31))
	if !strings.Contains(res.Body, `href="/orientations/flux?au=2026-11-23&amp;du=2025-11-23&amp;format=csv"`) {
		t.Errorf("the flows page has no link to its CSV")
	}
	res = getAs(t, ts, "/orientations/flux?du=2025-11-23&au=2026-11-23&format=csv", sessionOf(t, ts, coord31))
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		res.Header.Get("Content-Disposition") != `attachment; filename="flux-orientations-2025-11-23-2026-11-23.csv"` {
		t.Fatalf("csv: %d %v\n%s", res.StatusCode, res.Header, res.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"ligne", "lieu_id", "lieu", "besoin", "envoyees", "recues", "avec_reponse", "honorees", "part_avec_reponse_pct", "part_honoree_pct",
			"reorientees", "recues_d_autres_lieux", "impossibles", "expirees", "en_attente", "ne_repond_jamais", "raisons"},
		{"lieu", "tls-1", "EPN du Capitole", "", "4", "1", "3", "1", "75", "25", "0", "0", "1", "0", "1", "non", ""},
		{"lieu", "tls-2", "'=HYPERLINK(\"http://x\")", "", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "oui", ""},
		{"besoin_sans_lieu", "", "", place.ServiceDemarches, "4", "", "", "", "", "", "", "", "1", "0", "", "", "plus de place disponible : 1"},
		{"besoin_sans_lieu", "", "", place.ServiceOutils, "1", "", "", "", "", "", "", "", "0", "1", "", "", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("csv:\n%q\nwant\n%q", rows, want)
	}
	// The Tarn's coordinator gets the Tarn's only.
	res = getAs(t, ts, "/orientations/flux?format=csv", sessionOf(t, ts, coord81))
	if rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll(); err != nil || len(rows) != 2 || rows[1][1] != "albi-1" {
		t.Errorf("coordinator 81's CSV: %q %v", rows, err)
	}
	if res := getAs(t, ts, "/orientations/flux?format=pdf", sessionOf(t, ts, coord31)); res.StatusCode != http.StatusBadRequest {
		t.Errorf("format=pdf: %d", res.StatusCode)
	}
}
