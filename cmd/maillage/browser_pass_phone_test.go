package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"rsc.io/qr"
)

// passOnPhone is a Pass numérique set up by the command line on SQLite,
// on a clock: an order of a carnet of two 10 € passes for the Tarn, its
// carnet handed by a distributeur, epn-albi-1 qualified for
// epn@exemple-albi.fr.
type passOnPhone struct {
	dir, db string
	clock   *passClock
	codes   []string // the passes' codes
}

func newPassOnPhone(t *testing.T, financeur string) *passOnPhone {
	t.Helper()
	p := &passOnPhone{dir: t.TempDir(), clock: &passClock{t: time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)}}
	p.db = "sqlite:" + filepath.Join(p.dir, "m.db")
	for _, u := range []struct{ role, email string }{
		{"financeur", financeur}, {"distributeur", "ccas@albi.fr"}, {"contributeur", "epn@exemple-albi.fr"},
	} {
		p.run(t, "utilisateurs", "ajouter", "--role", u.role, u.email)
	}
	return p
}

// run runs a command on the test's database at its clock.
func (p *passOnPhone) run(t *testing.T, args ...string) string {
	t.Helper()
	args = append(args[:2:2], append([]string{"--db", p.db}, args[2:]...)...)
	r := runCmdAt(t, p.clock.Now, p.dir, nil, args...)
	if r.code != 0 {
		t.Fatalf("%v: %+v", args, r)
	}
	return r.stdout
}

// order records the order, hands its carnet and qualifies the place (the
// place is in the database once the site started).
func (p *passOnPhone) order(t *testing.T, financeur string) {
	t.Helper()
	codes := filepath.Join(p.dir, "codes.csv")
	p.run(t, "pass", "commander", "--financeur", financeur, "--carnets", "1", "--passes-par-carnet", "2", "--valeur", "10",
		"--fin", "2026-12-31", "--perimetre", "departement:81", "--services", "Aide aux démarches administratives", "-o", codes)
	b, err := os.ReadFile(codes)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][1] != "carnet" || rows[0][2] != "code" {
		t.Fatalf("codes.csv: %v %v", rows, err)
	}
	p.codes = []string{rows[1][2], rows[2][2]}
	p.run(t, "pass", "attribuer", "--commande", "1", "--distributeur", "ccas@albi.fr", "--carnets", "1")
	p.run(t, "pass", "remettre", "--distributeur", "ccas@albi.fr", rows[1][1])
	p.run(t, "pass", "qualifier", "--lieu", "epn-albi-1", "--compte", "epn@exemple-albi.fr", "--iban", "FR7630006000011234567890189", "--titulaire", "EPN")
}

// fakeCamera writes a video for Chromium's fake camera (Y4M, 4:2:0)
// showing the QR code of text, black on white.
func fakeCamera(t *testing.T, text string) string {
	t.Helper()
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 640, 480
	scale := (h - 40) / (c.Size + 8)
	left, top := (w-c.Size*scale)/2, (h-c.Size*scale)/2
	var b bytes.Buffer
	fmt.Fprintf(&b, "YUV4MPEG2 W%d H%d F10:1 Ip A1:1 C420jpeg\n", w, h)
	for frame := 0; frame < 2; frame++ {
		b.WriteString("FRAME\n")
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				luma := byte(235)
				if x >= left && y >= top && c.Black((x-left)/scale, (y-top)/scale) {
					luma = 16
				}
				b.WriteByte(luma)
			}
		}
		b.Write(bytes.Repeat([]byte{128}, w*h/2)) // U and V: no colour
	}
	f := filepath.Join(t.TempDir(), "camera.y4m")
	if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// The counter's « Scanner le QR code », with JavaScript, on a phone: it
// is offered (it stayed hidden: the map's script returned before it on
// every page without a map), and with a browser without BarcodeDetector,
// the camera showing a printed pass's QR code, jsQR reads it and the page
// verifies the pass.
func TestBrowserPassScanner(t *testing.T) {
	axe := axeSource(t)
	p := newPassOnPhone(t, "finances@tarn.fr")
	base, link := peopleSiteAt(t, p.db, p.clock.Now)
	p.order(t, "finances@tarn.fr")
	camera := fakeCamera(t, base+"/pass/utiliser?code="+url.QueryEscape(p.codes[1]))
	ctx := newBrowser(t, true, chromedp.Flag("use-fake-ui-for-media-stream", true), chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-video-capture", camera))
	signInBrowser(t, ctx, base, "epn@exemple-albi.fr", link)
	do(t, ctx, "the counter on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/pass/utiliser"), chromedp.WaitVisible("#code"))
	if !eval[bool](t, ctx, `!!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)`) {
		t.Fatal("no camera API in the browser")
	}
	if !eval[bool](t, ctx, `(() => { const b = document.querySelector('[data-scanner-bouton]'); return !b.hidden && b.getBoundingClientRect().width > 0; })()`) {
		t.Fatal("the « Scanner » button stays hidden with JavaScript and a camera API")
	}
	phoneCheck(t, ctx, axe, "/pass/utiliser (Scanner offered)")
	// Where the browser has a BarcodeDetector, the test takes it away:
	// jsQR, served by the site, reads the camera.
	eval[bool](t, ctx, `delete window.BarcodeDetector`)
	do(t, ctx, "scan", chromedp.Click("[data-scanner-bouton]"), chromedp.WaitVisible(".comptoir-encaisser"))
	if s := text(t, ctx, "main"); !strings.Contains(s, "Pass valable") || !strings.Contains(s, p.codes[1]) {
		t.Errorf("scanned: %q", s)
	}
	// Compared decoded: a code's check symbol may be « ~ » or « * »,
	// which the browser's form encoding and Go's QueryEscape escape
	// differently (%7E vs ~, * vs %2A).
	if u, err := url.Parse(location(t, ctx)); err != nil || u.Query().Get("code") != p.codes[1] {
		t.Errorf("scanned: the page verified %v (%v), want the code %s", u, err, p.codes[1])
	}
}

// A credit note and a statement on a phone (390 px): their receipts stay
// within the screen, a financeur's long e-mail address included (the
// credit note's address beside « Pass non utilisés, crédités » passed the
// screen's edge).
func TestBrowserPassReceiptsOnPhone(t *testing.T) {
	axe := axeSource(t)
	const financeur = "service.financement.inclusion@departement-du-tarn.fr"
	p := newPassOnPhone(t, financeur)
	base, link := peopleSiteAt(t, p.db, p.clock.Now)
	p.order(t, financeur)
	p.run(t, "pass", "utiliser", "--lieu", "epn-albi-1", "--service", "Aide aux démarches administratives", "--compte", "epn@exemple-albi.fr", p.codes[0])
	p.clock.Set(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC))
	p.run(t, "pass", "releves", "--mois", "2026-12")
	p.run(t, "pass", "payer", "--releve", "1", "--virement", "VIREMENT-SEPA-2027-01-0000000001")
	p.clock.Set(time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
	p.run(t, "pass", "crediter")
	ctx := newBrowser(t, true)
	signInBrowser(t, ctx, base, "admin@hub.fr", link)
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	for _, page := range []string{"/pass/commandes/1/avoir", "/pass/releves/1"} {
		do(t, ctx, page, chromedp.Navigate(base+page), chromedp.WaitVisible(".pass-recu"))
		phoneCheck(t, ctx, axe, page)
	}
	if s := text(t, ctx, ".pass-recu"); !strings.Contains(s, "VIREMENT-SEPA-2027-01-0000000001") {
		t.Errorf("the statement: %q", s)
	}
}
