package web

import (
	"context"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"rsc.io/qr"

	"maillage/internal/place"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// qrModules reads back the dark modules of a QR image qrSVG drew.
func qrModules(t *testing.T, svg string) map[[2]int]bool {
	t.Helper()
	m := map[[2]int]bool{}
	for _, sm := range regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(sm[1])
		y, _ := strconv.Atoi(sm[2])
		m[[2]int{x, y}] = true
	}
	return m
}

// qrPayloadIs reports whether the modules of svg are those of text's QR
// code (at the level qrSVG uses, with its quiet zone of 4).
func qrPayloadIs(t *testing.T, svg, text string) bool {
	t.Helper()
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	got := qrModules(t, svg)
	n := 0
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Black(x, y) != got[[2]int{x + 4, y + 4}] {
				return false
			}
			if code.Black(x, y) {
				n++
			}
		}
	}
	return n == len(got)
}

// TestGuideBooklet: /guides prints the places of a territory grouped by
// commune, with the index, each place's address, hours, contact,
// services, accessibility, closure to come, and a QR code of its page at
// the configured base URL (never the request's Host); the need filters;
// the print style sheet never splits a place and begins with a cover page.
func TestGuideBooklet(t *testing.T) {
	ls := fixture()
	ls[0].FicheAccesLibre = "https://acceslibre.beta.gouv.fr/app/31-toulouse/a/bibliotheque/erp/epn-capitole/"
	ts := newTestServer(t, ls...)
	from, _ := place.ParseClosureDay("2026-11-26")
	if _, err := ts.store.AddClosure(context.Background(), "tls-1", place.Closure{From: from, To: from.AddDate(0, 0, 1), Reason: place.ClosureWorks}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := ts.syncOwn(context.Background(), "tls-1"); err != nil {
		t.Fatal(err)
	}
	form := ts.get(t, "/guides")
	if form.StatusCode != 200 || !strings.Contains(form.Body, `name="code"`) {
		t.Fatalf("the form: %d", form.StatusCode)
	}
	req := "/guides?type=departement&code=31"
	hr := httptest.NewRequest("GET", req, nil)
	hr.Host = "evil.example"
	res := ts.do(t, hr)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d\n%s", req, res.StatusCode, res.Body)
	}
	body := res.Body
	golden := filepath.Join("testdata", "guide_departement_31.html")
	if *update {
		if err := os.WriteFile(golden, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if body != string(want) {
		t.Errorf("the booklet differs from %s (go test -run TestGuideBooklet -update to rewrite it)", golden)
	}
	for _, w := range []string{
		`<link rel="stylesheet" href="/static/guide.css">`,
		"Haute-Garonne (31)", "2 lieux dans 1 commune", "Guide du 23 novembre 2026",
		`<a href="#commune-1">Toulouse</a> (2)`, `<h2 id="commune-1">Toulouse</h2>`,
		"<h3>EPN du Capitole</h3>", "<h3>Tiers-lieu des Carmes</h3>",
		"Fermé du 26 novembre 2026 au 27 novembre 2026 inclus (travaux)",
		nb("Horaires : du lundi au vendredi : 9 h – 12 h, 14 h – 17 h."), nb("Horaires : samedi : 9 h – 12 h."),
		"Tél. 03 26 00 00 00, 03 26 00 00 01 · contact@exemple.fr", "Accessibilité : Surdité · fiche Acceslibre https://acceslibre.beta.gouv.fr/",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("the booklet lacks %q", w)
		}
	}
	if strings.Contains(body, "Albi") || strings.Contains(body, "evil.example") {
		t.Errorf("the booklet of the 31 names Albi or the request's Host")
	}
	// The QR codes: each place's page at the configured base URL.
	svgs := regexp.MustCompile(`<svg class="qr"[^>]*aria-label="Code QR vers la page de « ([^"]*) »".*?</svg>`).FindAllStringSubmatch(body, -1)
	if len(svgs) != 2 {
		t.Fatalf("%d QR codes, want 2", len(svgs))
	}
	for i, id := range []string{"tls-1", "tls-2"} {
		if !qrPayloadIs(t, svgs[i][0], "http://maillage.test/lieux/"+id) {
			t.Errorf("QR code %d (%s) does not read http://maillage.test/lieux/%s", i, svgs[i][1], id)
		}
	}
	if qrPayloadIs(t, svgs[0][0], "http://maillage.test/lieux/tls-2") {
		t.Errorf("the check of QR codes tells nothing apart")
	}
	// The need: only the places that offer it.
	need := ts.get(t, "/guides?type=departement&code=31&service=Ma%C3%AEtrise+des+outils+num%C3%A9riques+du+quotidien").Body
	if strings.Contains(need, "EPN du Capitole") || !strings.Contains(need, "Tiers-lieu des Carmes") || !strings.Contains(need, "Pour : ") {
		t.Errorf("the need's booklet lists the wrong places")
	}
	// Another territory: a commune of the Tarn.
	albi := ts.get(t, "/guides?type=commune&code=81004").Body
	if !strings.Contains(albi, "Médiathèque d&#39;Albi") || strings.Contains(albi, "Toulouse") {
		t.Errorf("the booklet of Albi lists the wrong places")
	}
	// No place: « Aucun lieu. », not « Aucun lieu dans 0 communes » (review 11N2 minor 8).
	none := ts.get(t, "/guides?type=commune&code=81004&service=Acquisition+de+mat%C3%A9riel+informatique+%C3%A0+prix+solidaire").Body
	if !strings.Contains(none, "<p>Aucun lieu.</p>") || strings.Contains(none, "0 commune") {
		t.Errorf("the empty booklet's count:\n%s", none)
	}
	for _, bad := range []string{"/guides?type=departement&code=99", "/guides?type=region&code=76", "/guides?type=departement&code=31&service=Cuisine"} {
		if r := ts.get(t, bad); r.StatusCode != 422 || !strings.Contains(r.Body, `role="alert"`) {
			t.Errorf("%s: %d, want 422 with the reason", bad, r.StatusCode)
		}
	}
	css := ts.get(t, "/static/guide.css").Body
	for _, w := range []string{"@page { size: A4", ".guide-lieu { break-inside: avoid; page-break-inside: avoid;", ".guide-couverture { break-after: page;", "break-after: avoid"} {
		if !strings.Contains(css, w) {
			t.Errorf("guide.css lacks %q", w)
		}
	}
}
