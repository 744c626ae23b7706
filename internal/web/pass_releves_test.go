package web

import (
	"context"
	"encoding/csv"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// redeemAt redeems passes of the world at a place for the structure.
func (w *passWorld) redeem(t *testing.T, lieu string, account int64, codes ...string) {
	t.Helper()
	for _, c := range codes {
		res, err := w.ts.store.Redeem(context.Background(), store.RedeemRequest{Code: c, LieuID: lieu, Service: place.ServiceDemarches,
			AccountID: account, Actor: "test", Key: "k-" + c})
		if err != nil || res.Reason != "" {
			t.Fatalf("redeem %s: %+v %v", c, res, err)
		}
	}
}

// readPassCSV reads a CSV of the Pass numérique's pages: a byte order
// mark, « ; » between columns.
func readPassCSV(t *testing.T, res response) [][]string {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("CSV headers: %q %q", ct, res.Header.Get("Content-Disposition"))
	}
	body, ok := strings.CutPrefix(res.Body, "\ufeff")
	if !ok {
		t.Errorf("no byte order mark")
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestPassStatementsPages: an administrator adds a correction, issues a
// finished month's statements (not a month in progress), lists and
// exports them, marks one paid once; the place's account sees its own.
func TestPassStatementsPages(t *testing.T) {
	w := newPassWorld(t)
	w.redeem(t, "tls-1", w.structure, w.passes[0].Code, w.passes[1].Code)
	// November is not over.
	res := postForm(t, w.ts, "/pass/releves", url.Values{"mois": {"2026-11"}}, w.adminC)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, `role="alert"`) || !strings.Contains(res.Body, `value="2026-11"`) {
		t.Errorf("issue a month in progress: %d", res.StatusCode)
	}
	// A correction (negative, with a note that a spreadsheet would run).
	res = postForm(t, w.ts, "/pass/releves/corrections", url.Values{"lieu": {"tls-1"}, "mois": {"2026-11"}, "montant": {"-2,50"}, "motif": {"=HYPERLINK(\"http://x\")"}}, w.adminC)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction: %d %s", res.StatusCode, res.Body)
	}
	res = postForm(t, w.ts, "/pass/releves/corrections", url.Values{"lieu": {"tls-1"}, "mois": {"2026-11"}, "montant": {"deux euros"}, "motif": {"x"}}, w.adminC)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "deux euros") {
		t.Errorf("a correction of no amount: %d", res.StatusCode)
	}
	w.setClock(t, time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	res = postForm(t, w.ts, "/pass/releves", url.Values{"mois": {"2026-11"}}, w.adminC)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/pass/releves?emis=1&mois=2026-11" {
		t.Fatalf("issue November: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	list := getAs(t, w.ts, res.Header.Get("Location"), w.adminC)
	if list.StatusCode != 200 || !strings.Contains(list.Body, "Relevés de novembre 2026 émis : 1 nouveau relevé.") || !strings.Contains(list.Body, "17,50\u202f€") {
		t.Errorf("list after issue: %d", list.StatusCode)
	}
	sts, err := w.ts.store.Statements(context.Background(), "2026-11", "")
	if err != nil || len(sts) != 1 {
		t.Fatalf("statements: %v %v", sts, err)
	}
	id := strconv.FormatInt(sts[0].ID, 10)
	// A correction once the statement is issued: refused, in French.
	res = postForm(t, w.ts, "/pass/releves/corrections", url.Values{"lieu": {"tls-1"}, "mois": {"2026-11"}, "montant": {"1"}, "motif": {"oubli"}}, w.adminC)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, `role="alert"`) {
		t.Errorf("a correction of an issued statement: %d", res.StatusCode)
	}
	// CSV of the list: euros with a decimal comma.
	rows := readPassCSV(t, getAs(t, w.ts, "/pass/releves.csv?mois=2026-11", w.adminC))
	if len(rows) != 2 || strings.Join(rows[0][:9], ",") != "releve,lieu,nom_du_lieu,mois,nombre_de_pass,montant_euros,emis_le,paye_le,reference_virement" ||
		rows[1][0] != id || rows[1][2] != "EPN du Capitole (Toulouse)" || rows[1][4] != "2" || rows[1][5] != "17,50" || rows[1][7] != "" {
		t.Errorf("CSV: %q", rows)
	}
	// The statement's page and its lines.
	page := getAs(t, w.ts, "/pass/releves/"+id, w.adminC)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Marquer payé") || !strings.Contains(page.Body, w.passes[0].Code) || !strings.Contains(page.Body, "-2,50\u202f€") {
		t.Errorf("statement page: %d", page.StatusCode)
	}
	lines := readPassCSV(t, getAs(t, w.ts, "/pass/releves/"+id+"/lignes.csv", w.adminC))
	if len(lines) != 4 || lines[3][3] != pass.LineCorrection || lines[3][8] != "-2,50" || lines[3][9] != `'=HYPERLINK("http://x")` || lines[1][8] != "10,00" {
		t.Errorf("lines CSV: %q", lines)
	}
	// Each line says whose order its pass is (review 10N round 2, finding 3).
	if len(lines) > 1 && (len(lines[0]) != 12 || lines[0][10] != "commande" || lines[0][11] != "financeur" ||
		lines[1][10] != strconv.FormatInt(w.order.ID, 10) || lines[1][11] != "finances@haute-garonne.fr") {
		t.Errorf("lines CSV without the order and financeur of each pass: %q", lines)
	}
	// Paid, once; the reference is kept as typed, neutralised in the CSV.
	if res := postForm(t, w.ts, "/pass/releves/"+id+"/payer", url.Values{"virement": {""}}, w.adminC); res.StatusCode != http.StatusBadRequest {
		t.Errorf("paid without a reference: %d", res.StatusCode)
	}
	res = postForm(t, w.ts, "/pass/releves/"+id+"/payer", url.Values{"virement": {"+VIR-2026-11"}}, w.adminC)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("paid: %d %s", res.StatusCode, res.Body)
	}
	if page := getAs(t, w.ts, res.Header.Get("Location"), w.adminC); !strings.Contains(page.Body, "Relevé marqué payé.") || !strings.Contains(page.Body, "virement &#43;VIR-2026-11") || strings.Contains(page.Body, `action="/pass/releves/`+id+`/payer"`) {
		t.Errorf("paid page: %s", page.Body)
	}
	if res := postForm(t, w.ts, "/pass/releves/"+id+"/payer", url.Values{"virement": {"VIR-2"}}, w.adminC); res.StatusCode != http.StatusConflict {
		t.Errorf("paid twice: %d", res.StatusCode)
	}
	if rows := readPassCSV(t, getAs(t, w.ts, "/pass/releves.csv", w.adminC)); len(rows) != 2 || rows[1][7] != "2026-12-02" || rows[1][8] != "'+VIR-2026-11" {
		t.Errorf("CSV once paid: %q", rows)
	}
	// The place's account sees its statement, without the forms.
	if page := getAs(t, w.ts, "/pass/releves", w.structureC); page.StatusCode != 200 || !strings.Contains(page.Body, "17,50\u202f€") || strings.Contains(page.Body, "Émettre les relevés") {
		t.Errorf("the place's list: %d", page.StatusCode)
	}
	if page := getAs(t, w.ts, "/pass/releves/"+id, w.structureC); page.StatusCode != 200 || strings.Contains(page.Body, "Marquer payé") {
		t.Errorf("the place's statement: %d", page.StatusCode)
	}
	// Another place's account sees none of it; others none at all.
	if _, err := w.ts.store.RequestQualification(context.Background(), pass.Qualification{LieuID: "tls-2", SIRET: storetest.SIRET("1234567890001"),
		AccountID: w.stranger, IBAN: storetest.IBAN, Status: pass.QualificationApproved}, "test"); err != nil {
		t.Fatal(err)
	}
	if page := getAs(t, w.ts, "/pass/releves", w.strangerC); page.StatusCode != 200 || strings.Contains(page.Body, "17,50\u202f€") {
		t.Errorf("another place's list: %d", page.StatusCode)
	}
	if rows := readPassCSV(t, getAs(t, w.ts, "/pass/releves.csv", w.strangerC)); len(rows) != 1 {
		t.Errorf("another place's CSV: %q", rows)
	}
	for _, path := range []string{"/pass/releves/" + id, "/pass/releves/" + id + "/lignes.csv"} {
		if res := getAs(t, w.ts, path, w.strangerC); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s by another place: %d", path, res.StatusCode)
		}
	}
	if res := getAs(t, w.ts, "/pass/releves", w.financeurC); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, template.HTMLEscapeString("Les relevés du Pass numérique sont ceux des lieux qualifiés")) {
		t.Errorf("a financeur: %d", res.StatusCode)
	}
	verifyPassClean(t, w)
}

// TestPassStatementPayee: a statement names whom it is paid to (the
// qualification's SIRET, the account holder, the IBAN masked) on its page
// and in the CSV; the IBAN in full is only in the answer to an
// administrator's POST « Afficher l'IBAN », which the audit journal
// records (who, which qualification), never in a GET page.
func TestPassStatementPayee(t *testing.T) {
	w := newPassWorld(t)
	ctx := context.Background()
	w.redeem(t, "tls-1", w.structure, w.passes[0].Code)
	w.setClock(t, time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	if res := postForm(t, w.ts, "/pass/releves", url.Values{"mois": {"2026-11"}}, w.adminC); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue November: %d", res.StatusCode)
	}
	sts, err := w.ts.store.Statements(ctx, "2026-11", "")
	if err != nil || len(sts) != 1 {
		t.Fatalf("statements: %v %v", sts, err)
	}
	qs, err := w.ts.store.Qualifications(ctx, pass.QualificationApproved)
	if err != nil || len(qs) != 1 {
		t.Fatalf("qualifications: %v %v", qs, err)
	}
	id, siret, masked, full := strconv.FormatInt(sts[0].ID, 10), storetest.SIRET("4349331230002"), "FR76 •••• •••• 0189", storetest.IBAN
	for who, cookie := range map[string]string{"administrator": w.adminC, "the place's account": w.structureC} {
		page := getAs(t, w.ts, "/pass/releves/"+id, cookie)
		if page.StatusCode != 200 || !strings.Contains(page.Body, "<dd>"+siret+"</dd>") || !strings.Contains(page.Body, masked) || strings.Contains(page.Body, full) {
			t.Errorf("%s: the statement's page: %d, SIRET %v, IBAN masked %v, in full %v", who, page.StatusCode,
				strings.Contains(page.Body, siret), strings.Contains(page.Body, masked), strings.Contains(page.Body, full))
		}
		if got := strings.Contains(page.Body, `action="/pass/releves/`+id+`/iban"`); got != (cookie == w.adminC) {
			t.Errorf("%s: the form « Afficher l'IBAN »: %v", who, got)
		}
		list := getAs(t, w.ts, "/pass/releves?mois=2026-11", cookie)
		if !strings.Contains(list.Body, "SIRET "+siret) || !strings.Contains(list.Body, masked) || strings.Contains(list.Body, full) {
			t.Errorf("%s: the list: %d", who, list.StatusCode)
		}
		rows := readPassCSV(t, getAs(t, w.ts, "/pass/releves.csv?mois=2026-11", cookie))
		if len(rows) != 2 || strings.Join(rows[0][9:], ",") != "siret_beneficiaire,titulaire_du_compte,iban_masque" ||
			rows[1][9] != siret || rows[1][11] != masked {
			t.Errorf("%s: the CSV: %q", who, rows)
		}
	}
	// The place's account may not reveal it; the administrator may.
	if res := postForm(t, w.ts, "/pass/releves/"+id+"/iban", nil, w.structureC); res.StatusCode != http.StatusForbidden || strings.Contains(res.Body, full) {
		t.Errorf("the place's account reveals: %d", res.StatusCode)
	}
	res := postForm(t, w.ts, "/pass/releves/"+id+"/iban", nil, w.adminC)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `<span class="pass-code" id="iban-complet">`+full+`</span>`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("revealed: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	entries, err := w.ts.store.Audit(ctx, "qualification_pass", "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, e := range entries {
		if e.Action == "afficher_iban" {
			shown++
			if e.Actor != "compte:"+strconv.FormatInt(w.admin, 10) || !strings.Contains(string(e.After), `"qualification":`+strconv.FormatInt(qs[0].ID, 10)) ||
				!strings.Contains(string(e.After), `"releve":`+id) || e.At.IsZero() {
				t.Errorf("the journal's entry: %+v %s", e, e.After)
			}
		}
	}
	if shown != 1 {
		t.Errorf("%d entries « afficher_iban », want 1: %+v", shown, entries)
	}
	// A GET never shows it, even after.
	if page := getAs(t, w.ts, "/pass/releves/"+id, w.adminC); strings.Contains(page.Body, full) {
		t.Error("the IBAN in full in a GET page after the reveal")
	}
}

// TestPassPendingCorrections: an administrator sees the corrections not
// issued yet, per place and month with a running total, before issuing;
// a redemption is corrected once, at most its value; a month whose
// statement would be below zero is not issued; a statement of zero has
// nothing to pay (review 10N round 2, MAJOR 4).
func TestPassPendingCorrections(t *testing.T) {
	w := newPassWorld(t)
	ctx := context.Background()
	w.redeem(t, "tls-1", w.structure, w.passes[0].Code, w.passes[1].Code)
	us, err := w.ts.store.Redemptions(ctx, "tls-1", 0)
	if err != nil || len(us) != 2 {
		t.Fatalf("redemptions: %v %v", us, err)
	}
	first := strconv.FormatInt(us[0].ID, 10)
	correct := func(amount, note, redemption string) response {
		return postForm(t, w.ts, "/pass/releves/corrections", url.Values{"lieu": {"tls-1"}, "mois": {"2026-11"}, "montant": {amount}, "motif": {note}, "utilisation": {redemption}}, w.adminC)
	}
	if res := correct("-10,00", "Pass encaissé par erreur", first); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction: %d %s", res.StatusCode, res.Body)
	}
	if res := correct("-10,00", "encore", first); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "est déjà corrigée") {
		t.Errorf("the same redemption corrected twice: %d", res.StatusCode)
	}
	if res := correct("-10,01", "trop", strconv.FormatInt(us[1].ID, 10)); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "montant négatif, de -10,00\u202f€ au plus") {
		t.Errorf("a redemption taken back beyond its value: %d", res.StatusCode)
	}
	if res := correct("-500,00", "gros", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction: %d %s", res.StatusCode, res.Body)
	}
	list := getAs(t, w.ts, "/pass/releves?mois=2026-11", w.adminC)
	for _, want := range []string{
		"Corrections pas encore sur un relevé",
		"EPN du Capitole (Toulouse) — novembre 2026 : total en cours -490,00\u202f€ (en dessous de zéro : ce relevé ne sera pas émis)",
		"<td>Pass encaissés à ce jour</td><td>2 pass</td><td>20,00\u202f€</td><td>20,00\u202f€</td>",
		"(utilisation n° " + first + ", pass " + w.passes[0].Code + ")</td><td>Pass encaissé par erreur</td><td>-10,00\u202f€</td><td>10,00\u202f€</td>",
		"</td><td>gros</td><td>-500,00\u202f€</td><td>-490,00\u202f€</td>",
	} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("pending corrections: want %q in %s", want, list.Body)
		}
	}
	if page := getAs(t, w.ts, "/pass/releves", w.structureC); page.StatusCode != 200 || strings.Contains(page.Body, "Corrections pas encore sur un relevé") {
		t.Errorf("the place's list shows the pending corrections: %d", page.StatusCode)
	}
	w.setClock(t, time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	if res := postForm(t, w.ts, "/pass/releves", url.Values{"mois": {"2026-11"}}, w.adminC); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(res.Body, "Relevés de 2026-11 non émis") || !strings.Contains(res.Body, "lieu tls-1, 2026-11 : total -490,00\u202f€") {
		t.Errorf("issuing a statement below zero: %d", res.StatusCode)
	}
	if res := correct("490,00", "annule « gros »", ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction: %d %s", res.StatusCode, res.Body)
	}
	if res := postForm(t, w.ts, "/pass/releves", url.Values{"mois": {"2026-11"}}, w.adminC); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue November: %d %s", res.StatusCode, res.Body)
	}
	sts, err := w.ts.store.Statements(ctx, "2026-11", "")
	if err != nil || len(sts) != 1 || sts[0].TotalCents != 0 {
		t.Fatalf("statements: %v %v", sts, err)
	}
	id := strconv.FormatInt(sts[0].ID, 10)
	if page := getAs(t, w.ts, "/pass/releves/"+id, w.adminC); !strings.Contains(page.Body, "<dd>rien à payer</dd>") || strings.Contains(page.Body, "Marquer payé") {
		t.Errorf("a statement of zero: %s", page.Body)
	}
	if res := postForm(t, w.ts, "/pass/releves/"+id+"/payer", url.Values{"virement": {"VIR-0"}}, w.adminC); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "rien à payer") {
		t.Errorf("a statement of zero paid: %d", res.StatusCode)
	}
	if list := getAs(t, w.ts, "/pass/releves?mois=2026-11", w.adminC); !strings.Contains(list.Body, "Aucune correction en attente pour novembre 2026.") {
		t.Errorf("pending corrections once issued: %s", list.Body)
	}
	verifyPassClean(t, w)
}
