package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// passClock is the server's clock in the circuit's test: the statement of
// a month is issued once it is over, the credit note once the order ended.
type passClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *passClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *passClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// jsQRSource is the QR decoder the counter's scanner falls back on (npm),
// to read back the printed QR codes.
func jsQRSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(npmDir, "jsqr", "dist", "jsQR.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("jsQR missing: run npm ci (%v)", err)
		}
		t.Skip("jsQR not installed (npm ci): test skipped")
	}
	return string(b)
}

// printedPass is a pass of the printed carnets: the code printed under
// its QR code and what the QR code holds, read back by jsQR.
type printedPass struct{ Carnet, Code, QR string }

// readPrintedPasses decodes every QR code of the printed carnets on the
// current page: each SVG drawn on a canvas, read by jsQR.
func readPrintedPasses(t *testing.T, ctx context.Context, jsqr string) []printedPass {
	t.Helper()
	raw := eval[string](t, ctx, jsqr+`;
(async () => {
	const out = [];
	for (const section of document.querySelectorAll('section.carnet')) {
		const carnet = section.querySelector('h2 .code-pass').textContent.trim();
		for (const bloc of section.querySelectorAll('.pass-bloc')) {
			const svg = bloc.querySelector('svg.qr');
			let qr = '';
			if (svg) {
				const img = new Image();
				img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
				await img.decode();
				const c = document.createElement('canvas');
				c.width = c.height = 400;
				const g = c.getContext('2d', {willReadFrequently: true});
				g.fillStyle = '#fff';
				g.fillRect(0, 0, 400, 400);
				g.drawImage(img, 20, 20, 360, 360);
				const r = jsQR(g.getImageData(0, 0, 400, 400).data, 400, 400);
				qr = r ? r.data : '';
			}
			out.push({Carnet: carnet, Code: bloc.querySelector('.pass-texte .code-pass').textContent.trim(), QR: qr});
		}
	}
	return JSON.stringify(out);
})()`)
	var out []printedPass
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("the printed passes: %v", err)
	}
	return out
}

// euros writes cents as the pages do (« 62,50 € »), for the figures the
// test computes itself.
func euros(cents int) string { return fmt.Sprintf("%d,%02d\u202f€", cents/100, cents%100) }

// TestBrowserPassCircuit is issue 10's « done when »: an order goes through
// the whole circuit in a real browser, on both databases, axe-core
// checking every page it visits (at 1280 and 390 px): an administrator
// records it and prints its carnets (every QR code, read back, holds the
// site's configured address of the counter with its pass's code), assigns
// a carnet; the distributeur hands it (an age band, a commune, no name);
// a structure asks to accept passes and a coordinator of its territory
// approves; on a phone-sized screen the structure's staff types the
// code, « Vérifier », « Encaisser », and reloading gives the same answer;
// in January the administrator issues December's statement and marks it
// paid, and the structure sees it paid; once the order's validity and
// tolerance are over, its credit note counts the passes never used.
func TestBrowserPassCircuit(t *testing.T) {
	axe := axeSource(t)
	jsqr := jsQRSource(t)
	// The order: the test's own figures, against which the statement and
	// the credit note are checked.
	const carnets, perCarnet, valueCents, redeemed = 2, 3, 1250, 1
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			dir := t.TempDir()
			clock := &passClock{t: time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)}
			for _, u := range []struct{ role, email, terr string }{
				{"financeur", "finances@tarn.fr", ""}, {"distributeur", "ccas@albi.fr", ""}, {"contributeur", "epn@exemple-albi.fr", ""},
				{"coordinateur", "coord@tarn.fr", "departement:81"},
			} {
				args := []string{"utilisateurs", "ajouter", "--db", db, "--role", u.role, u.email}
				if u.terr != "" {
					args = append(args, "--territoires", u.terr)
				}
				if r := runCmdAt(t, clock.Now, dir, nil, args...); r.code != 0 {
					t.Fatal(r)
				}
			}
			base, logged := peopleSiteAt(t, db, clock.Now)
			// An account signs in several times: each time with a new
			// link (the log may not hold it yet when the page says sent).
			used := map[string]bool{}
			link := func(email string) string {
				for i := 0; i < 500; i++ {
					if l := logged(email); !used[l] {
						used[l] = true
						return l
					}
					time.Sleep(20 * time.Millisecond)
				}
				t.Fatalf("no new sign-in link for %s", email)
				return ""
			}
			ctx := newBrowser(t, true)
			check := func(page string) { t.Helper(); passAxe(t, ctx, axe, page) }
			// An hour passes before each sign-in: sign-in e-mails to one
			// address are spaced (account.NextMail) by the server's clock.
			signIn := func(email string) {
				t.Helper()
				clock.Set(clock.Now().Add(61 * time.Minute))
				signInBrowser(t, ctx, base, email, link)
			}

			// 1. The order.
			signIn("admin@hub.fr")
			do(t, ctx, "orders, from Mon espace", chromedp.Click(`a[href="/pass/commandes"]`), chromedp.WaitVisible("#financeur"))
			check("/pass/commandes")
			choose(t, ctx, "#financeur", "finances@tarn.fr")
			for field, v := range map[string]string{"#carnets": fmt.Sprint(carnets), "#pass_par_carnet": fmt.Sprint(perCarnet),
				"#valeur": strings.Replace(euros(valueCents), "\u202f€", "", 1), "#fin": "2026-12-31", "#tolerance": "31", "#departements": "81"} {
				setField(t, ctx, field, v)
			}
			do(t, ctx, "record the order", chromedp.Click(`input[name="services"][value="Aide aux démarches administratives"]`),
				chromedp.Submit("#carnets"), chromedp.WaitVisible("#distributeur"))
			check("an order's page")
			order, _, _ := strings.Cut(location(t, ctx), "?")

			// 2. Printing: every QR code read back.
			do(t, ctx, "print", chromedp.Navigate(order+"/impression"), chromedp.WaitVisible(".pass-bloc svg.qr"))
			check("the printed carnets")
			printed := readPrintedPasses(t, ctx, jsqr)
			if len(printed) != carnets*perCarnet {
				t.Fatalf("%d passes printed, want %d", len(printed), carnets*perCarnet)
			}
			for _, p := range printed {
				if want := base + "/pass/utiliser?code=" + url.QueryEscape(p.Code); p.QR != want {
					t.Errorf("the QR code of %s holds %q, want %q", p.Code, p.QR, want)
				}
			}

			// 3. Assignment, 4. hand-over, without a name.
			do(t, ctx, "the order again", chromedp.Navigate(order), chromedp.WaitVisible("#distributeur"))
			choose(t, ctx, "#distributeur", "ccas@albi.fr")
			do(t, ctx, "assign", chromedp.SendKeys("#nombre", "1"), chromedp.Submit("#nombre"), chromedp.WaitVisible(".succes"))
			check("an order's page (assigned)")
			signOutBrowser(t, ctx)
			signIn("ccas@albi.fr")
			// The list of carnets already has the hand-over form (#commune),
			// its code empty: wait for the form that « Remettre » fills.
			do(t, ctx, "carnets, from Mon espace", chromedp.Click(`a[href="/pass/carnets"]`), chromedp.WaitVisible(`a[href^="/pass/carnets?carnet="]`),
				chromedp.Click(`a[href^="/pass/carnets?carnet="]`), chromedp.WaitVisible(carnetFilled))
			check("/pass/carnets (hand a carnet)")
			handed := eval[string](t, ctx, `document.querySelector('#carnet').value`)
			if eval[int](t, ctx, `document.querySelectorAll('form[action="/pass/carnets/remettre"] input[type="text"]').length`) != 2 {
				t.Errorf("the hand-over form asks more than the carnet and the commune")
			}
			do(t, ctx, "hand", chromedp.SendKeys("#commune", "81004"), chromedp.Click(`input[name="age"][value="25-44"]`),
				chromedp.Submit("#commune"), chromedp.WaitVisible(".succes"))
			check("/pass/carnets (handed)")
			signOutBrowser(t, ctx)
			var code string
			for _, p := range printed {
				if p.Carnet == handed {
					code = p.QR[strings.Index(p.QR, "code=")+len("code="):]
					break
				}
			}
			if code == "" {
				t.Fatalf("the handed carnet %q was not printed", handed)
			}
			code, _ = url.QueryUnescape(code)

			// 5. Qualification: the structure asks, a coordinator of the
			// Tarn approves.
			signIn("epn@exemple-albi.fr")
			do(t, ctx, "claim", chromedp.Navigate(base+"/lieux/epn-albi-1"), chromedp.WaitVisible(`form[action$="/revendiquer"] button`),
				chromedp.Click(`form[action$="/revendiquer"] button`), chromedp.WaitVisible(".succes"))
			do(t, ctx, "ask to accept passes", chromedp.Navigate(base+"/lieux/epn-albi-1/pass"), chromedp.WaitVisible("#iban"),
				chromedp.SendKeys("#iban", "FR7630006000011234567890189"), chromedp.SendKeys("#bic", "AGRIFRPP"), chromedp.SendKeys("#titulaire", "EPN de Cantepau"),
				chromedp.Submit("#iban"), chromedp.WaitVisible(".succes"))
			check("/lieux/{id}/pass (asked)")
			signOutBrowser(t, ctx)
			signIn("coord@tarn.fr")
			do(t, ctx, "the queue, from Mon espace", chromedp.Click(`a[href="/pass/qualifications"]`), chromedp.WaitVisible(`input[value="accepter"] + button`))
			check("/pass/qualifications")
			do(t, ctx, "approve", chromedp.Click(`input[value="accepter"] + button`), chromedp.WaitVisible(".succes"))
			check("/pass/qualifications (approved)")
			signOutBrowser(t, ctx)

			// 6. The counter, on a phone: type the code, verify, redeem,
			// reload.
			signIn("epn@exemple-albi.fr")
			do(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
			do(t, ctx, "counter, from Mon espace", chromedp.Click(`a[href="/pass/utiliser"]`), chromedp.WaitVisible("#code"))
			phoneCheck(t, ctx, axe, "/pass/utiliser")
			// With JavaScript and a camera API, « Scanner » is offered (the
			// browser's BarcodeDetector, or jsQR where it has none).
			if !eval[bool](t, ctx, `!!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)`) {
				t.Errorf("no camera API in the browser: the « Scanner » button cannot be checked")
			} else if !eval[bool](t, ctx, `(() => { const b = document.querySelector('[data-scanner-bouton]'); return !b.hidden && b.getBoundingClientRect().width > 0; })()`) {
				t.Errorf("the « Scanner » button stays hidden with JavaScript and a camera API")
			}
			do(t, ctx, "verify", chromedp.SendKeys("#code", strings.ToLower(code)), chromedp.Submit("#code"), chromedp.WaitVisible(".comptoir-encaisser"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Pass valable") || !strings.Contains(s, euros(valueCents)) {
				t.Errorf("verified: %q", s)
			}
			phoneCheck(t, ctx, axe, "/pass/utiliser (verified)")
			// The verified page already shows a .pass-recu (Code, Montant,
			// Valable jusqu'au): wait for the redeemed page's fifth line
			// (« Encaissé le »), not for the page being left.
			do(t, ctx, "redeem", chromedp.Click(".comptoir-encaisser button"), chromedp.WaitVisible(".succes .pass-recu dd:nth-of-type(5)"))
			first := text(t, ctx, ".succes")
			if !strings.Contains(first, "Pass encaissé") || !strings.Contains(first, code) || !strings.Contains(first, euros(valueCents)) {
				t.Errorf("redeemed: %q", first)
			}
			phoneCheck(t, ctx, axe, "/pass/utiliser (redeemed)")
			receipt := text(t, ctx, ".pass-recu")
			do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(".pass-recu"))
			if again := text(t, ctx, ".succes"); !strings.Contains(again, "Pass encaissé (cette demande avait déjà été reçue") || text(t, ctx, ".pass-recu") != receipt {
				t.Errorf("reloaded: %q, want the first answer %q", again, receipt)
			}
			if s := text(t, ctx, "main"); strings.Contains(s, "déjà été utilisé") || strings.Contains(s, "déjà utilisé") {
				t.Errorf("reloaded: « déjà utilisé »: %q", s)
			}
			phoneCheck(t, ctx, axe, "/pass/utiliser (reloaded)")
			do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900))
			signOutBrowser(t, ctx)

			// 7. January: December's statement, issued and paid; the
			// structure sees it paid.
			clock.Set(time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC))
			signIn("admin@hub.fr")
			do(t, ctx, "statements, from Mon espace", chromedp.Click(`a[href="/pass/releves"]`), chromedp.WaitVisible("#e-mois"))
			if v := eval[string](t, ctx, `document.querySelector('#e-mois').value`); v != "2026-12" {
				t.Errorf("the month to issue: %q", v)
			}
			do(t, ctx, "issue", chromedp.Submit("#e-mois"), chromedp.WaitVisible(`.releves a[href^="/pass/releves/"]`))
			check("/pass/releves (issued)")
			do(t, ctx, "a statement", chromedp.Click(`.releves a[href^="/pass/releves/"]`), chromedp.WaitVisible("#virement"))
			statement := location(t, ctx)
			if s := text(t, ctx, ".pass-recu"); !strings.Contains(s, fmt.Sprint("Pass encaissés\n", redeemed)) || !strings.Contains(s, euros(redeemed*valueCents)) {
				t.Errorf("the statement: %q", s)
			}
			check("a statement")
			do(t, ctx, "paid", chromedp.SendKeys("#virement", "VIR-2027-0001"), chromedp.Submit("#virement"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, ".pass-recu"); !strings.Contains(s, "virement VIR-2027-0001") {
				t.Errorf("the statement paid: %q", s)
			}
			check("a statement (paid)")
			signOutBrowser(t, ctx)
			signIn("epn@exemple-albi.fr")
			do(t, ctx, "the structure's statements, from Mon espace", chromedp.Click(`a[href="/pass/releves"]`), chromedp.WaitVisible(`.releves a[href^="/pass/releves/"]`))
			if s := text(t, ctx, ".releves tbody"); !strings.Contains(s, "(virement VIR-2027-0001)") || !strings.Contains(s, euros(redeemed*valueCents)) {
				t.Errorf("the structure's statements: %q", s)
			}
			check("/pass/releves (the structure)")
			do(t, ctx, "the structure's statement", chromedp.Navigate(statement), chromedp.WaitVisible(".pass-recu"))
			if s := text(t, ctx, ".pass-recu"); !strings.Contains(s, "virement VIR-2027-0001") {
				t.Errorf("the structure's statement: %q", s)
			}
			check("a statement (the structure)")
			signOutBrowser(t, ctx)

			// 8. February: the order's last day (31 December + 31 days) is
			// over: its credit note, for every pass never used.
			clock.Set(time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
			signIn("admin@hub.fr")
			do(t, ctx, "credit notes, from Mon espace", chromedp.Click(`a[href="/pass/avoirs"]`), chromedp.WaitVisible(`form[action="/pass/avoirs"] button`),
				chromedp.Click(`form[action="/pass/avoirs"] button`), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, ".succes"); !strings.Contains(s, "1 avoir établi") {
				t.Errorf("credit notes issued: %q", s)
			}
			check("/pass/avoirs")
			credited := carnets*perCarnet - redeemed
			do(t, ctx, "the order's credit note", chromedp.Navigate(order+"/avoir"), chromedp.WaitVisible(".pass-recu"))
			if s := text(t, ctx, ".pass-recu"); !strings.Contains(s, fmt.Sprint("Pass non utilisés, crédités\n", credited)) ||
				!strings.Contains(s, "Montant de l'avoir\n"+euros(credited*valueCents)) {
				t.Errorf("the credit note: %q, want %d passes, %s", s, credited, euros(credited*valueCents))
			}
			check("an order's credit note")
			do(t, ctx, "dashboard", chromedp.Navigate(base+"/pass/tableaux"), chromedp.WaitVisible(".tableau-pass"))
			check("/pass/tableaux")
			if r := runCmdAt(t, clock.Now, dir, nil, "pass", "verifier", "--db", db); r.code != 0 {
				t.Errorf("pass verifier: %+v", r)
			}
		})
	}
}

// phoneCheck checks the current page, on a phone-sized screen: nothing
// passes the screen's right edge (but inside a table's scrolling
// region), and axe-core.
func phoneCheck(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	if over := widerThanScreen(t, ctx); over != "" {
		t.Errorf("%s at 390 px: wider than the screen: %s", page, over)
	}
	axeCheck(t, ctx, axe, page)
}
