package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
)

// TestPassDashboards: the figures per order, distributeur, place and
// territory, each account seeing only its own passes, and their CSV.
func TestPassDashboards(t *testing.T) {
	w := newPassWorld(t)
	w.redeem(t, "tls-1", w.structure, w.passes[0].Code, w.passes[1].Code)
	row := func(body, label string) string {
		_, rest, ok := strings.Cut(body, `<th scope="row">`+label+`</th>`)
		if !ok {
			return ""
		}
		r, _, _ := strings.Cut(rest, "</tr>")
		return r
	}
	cells := func(vs ...string) string { return "<td>" + strings.Join(vs, "</td><td>") + "</td>" }
	demarches := place.ServiceDemarches + " : 2"
	for _, tt := range []struct {
		name, cookie, path, label, want string
	}{
		{"administrator, by order", w.adminC, "/pass/tableaux", "n° 1 (fin le 31 décembre 2026)", cells("12", "4", "3", "1", "1", "2", "50,0 %", "20,00\u202f€", "0,00\u202f€", "20,00\u202f€", "0,0 j", demarches)},
		{"administrator, by territory", w.adminC, "/pass/tableaux?par=territoire", "Haute-Garonne (31)", cells("4", "4", "1", "1", "1", "2", "50,0 %", "20,00\u202f€", "0,00\u202f€", "20,00\u202f€", "0,0 j", demarches)},
		// Carnets never handed have no commune yet: their row says so (review 10N minor 10).
		{"administrator, by territory, not handed", w.adminC, "/pass/tableaux?par=territoire", "Carnets non remis ou commune de résidence non indiquée", cells("8", "0", "2", "0", "0", "0", "0,0 %", "0,00\u202f€", "0,00\u202f€", "0,00\u202f€", "—", "")},
		// A place's row counts the passes it used only: no use rate (it was always 100 %).
		{"administrator, by place", w.adminC, "/pass/tableaux?par=lieu", "EPN du Capitole (Toulouse)", cells("2", "2", "1", "1", "1", "2", "—", "20,00\u202f€", "0,00\u202f€", "20,00\u202f€", "0,0 j", demarches)},
		{"financeur", w.financeurC, "/pass/tableaux?par=commande", "n° 1 (fin le 31 décembre 2026)", cells("12", "4", "3", "1", "1", "2", "50,0 %", "20,00\u202f€", "0,00\u202f€", "20,00\u202f€", "0,0 j", demarches)},
		{"distributeur", w.distributeurC, "/pass/tableaux?par=distributeur", "ccas@toulouse.fr", cells("4", "4", "1", "1", "1", "2", "50,0 %", "20,00\u202f€", "0,00\u202f€", "20,00\u202f€", "0,0 j", demarches)},
		{"the place's account", w.structureC, "/pass/tableaux?par=lieu", "EPN du Capitole (Toulouse)", cells("2", "2", "1", "1", "1", "2", "—", "20,00\u202f€", "0,00\u202f€", "20,00\u202f€", "0,0 j", demarches)},
	} {
		res := getAs(t, w.ts, tt.path, tt.cookie)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", tt.name, res.StatusCode)
			continue
		}
		if got := row(res.Body, tt.label); got != tt.want {
			t.Errorf("%s: row %q\n got %s\nwant %s", tt.name, tt.label, got, tt.want)
		}
	}
	// What the amount is: passes used, paid or not.
	if b := getAs(t, w.ts, "/pass/tableaux", w.adminC).Body; strings.Contains(b, "Montant remboursé") || !strings.Contains(b, "Montant des pass utilisés") {
		t.Error("the amount column is not named after what it counts")
	}
	// Another financeur, or the distributeur's other grouping, sees only
	// its own: nothing here.
	other := w.session(t, mustUser(t, w.ts, account.User{Email: "finances@tarn.fr", Role: account.Financeur}))
	if res := getAs(t, w.ts, "/pass/tableaux", other); res.StatusCode != 200 || !strings.Contains(res.Body, "Aucun pass à compter") {
		t.Errorf("another financeur: %d", res.StatusCode)
	}
	if res := getAs(t, w.ts, "/pass/tableaux", w.strangerC); res.StatusCode != http.StatusForbidden {
		t.Errorf("an account of no place: %d", res.StatusCode)
	}
	if res := getAs(t, w.ts, "/pass/tableaux?par=lieu&lieu=tls-2", w.structureC); res.StatusCode != http.StatusForbidden {
		t.Errorf("another place's figures: %d", res.StatusCode)
	}
	if res := getAs(t, w.ts, "/pass/tableaux?par=mois", w.adminC); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown grouping: %d", res.StatusCode)
	}
	rows := readPassCSV(t, getAs(t, w.ts, "/pass/tableaux.csv?par=commande", w.financeurC))
	if len(rows) != 2 || strings.Join(rows[0], ",") != "commande,libelle,pass_emis,pass_remis,carnets,carnets_remis,carnets_entames,pass_utilises,taux_utilisation_pourcent,montant_pass_utilises_euros,paye_euros,reste_a_payer_euros,delai_median_remise_utilisation_jours,services_utilises" ||
		strings.Join(rows[1], "|") != "1|n° 1 (fin le 31 décembre 2026)|12|4|3|1|1|2|50,0|20,00|0,00|20,00|0,0|"+demarches {
		t.Errorf("CSV: %q", rows)
	}
	if rows := readPassCSV(t, getAs(t, w.ts, "/pass/tableaux.csv", other)); len(rows) != 1 {
		t.Errorf("another financeur's CSV: %q", rows)
	}
	// The financeur is not sent to the statements it may not read
	// (review 10N round 2, finding 3); the administrator is.
	if b := getAs(t, w.ts, "/pass/tableaux", w.financeurC).Body; strings.Contains(b, `href="/pass/releves"`) {
		t.Error("the financeur's dashboard links to /pass/releves, which refuses it")
	}
	if b := getAs(t, w.ts, "/pass/tableaux", w.adminC).Body; !strings.Contains(b, `href="/pass/releves"`) {
		t.Error("the administrator's dashboard has no link to the statements")
	}
	// November's statement paid: the financeur sees it paid, nothing due.
	w.setClock(t, monday10h.AddDate(0, 0, 10))
	sts, err := w.ts.store.IssueStatements(context.Background(), "2026-11", "test")
	if err != nil || len(sts) != 1 {
		t.Fatalf("statements: %+v %v", sts, err)
	}
	if err := w.ts.store.MarkPaid(context.Background(), sts[0].ID, "VIR-1", "test"); err != nil {
		t.Fatal(err)
	}
	if got := row(getAs(t, w.ts, "/pass/tableaux", w.financeurC).Body, "n° 1 (fin le 31 décembre 2026)"); !strings.Contains(got, cells("20,00\u202f€", "20,00\u202f€", "0,00\u202f€")) {
		t.Errorf("after payment: %s; want used 20,00, paid 20,00, due 0,00", got)
	}
}
