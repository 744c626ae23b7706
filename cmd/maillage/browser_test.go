package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests run the real server on :0 with a real database and
// drive Debian's Chromium: axe-core on every page type, the keyboard path
// search → results → place → print, the pages without JavaScript, and the
// map with it.

const npmDir = "../../node_modules"

func chromiumPath(t *testing.T) string {
	for _, p := range []string{os.Getenv("MAILLAGE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is required when CI=true (apt-get install chromium)")
	}
	t.Skip("Chromium not installed: browser tests skipped")
	return ""
}

func axeSource(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join(npmDir, "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core missing: run npm ci (%v)", err)
		}
		t.Skip("axe-core not installed (npm ci): browser tests skipped")
	}
	return string(b)
}

// needLeaflet skips a test that needs the map when Leaflet is not
// installed, and fails it at once when CI=true.
func needLeaflet(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(npmDir, "leaflet", "dist", "leaflet.js")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Leaflet missing: run npm ci (%v)", err)
		}
		t.Skip("Leaflet not installed (npm ci): map test skipped")
	}
}

// browserStart is the time the browser tests' servers and commands start
// from, whatever the day they run: a Wednesday morning, when the
// fixtures' places are up to date. On the wall clock the pages would
// change with the day (« ouvert » or « fermé » now, a place « à vérifier »
// a year after its update, a pass's end in the past), and so their
// widths, their printed pages and their checks. MAILLAGE_TEST_DEBUT (RFC
// 3339) sets another, to try a year's end, a 29 February or a change of
// summer time: MAILLAGE_TEST_DEBUT=2027-12-31T22:30:00Z go test -run TestBrowser ./cmd/maillage.
func browserStart(t *testing.T) time.Time {
	t.Helper()
	v := os.Getenv("MAILLAGE_TEST_DEBUT")
	if v == "" {
		return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	}
	start, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Fatalf("MAILLAGE_TEST_DEBUT=%q: want a time as 2027-12-31T22:30:00Z (%v)", v, err)
	}
	return start
}

// clockFrom returns a clock that reads start at its first call and runs
// on from there at the wall clock's pace (sessions and links still
// expire, sign-in e-mails are still spaced).
func clockFrom(start time.Time) func() time.Time {
	var once sync.Once
	var first time.Time
	return func() time.Time {
		once.Do(func() { first = time.Now() })
		return start.Add(time.Since(first))
	}
}

// browserSite starts a server with the fixtures (and the extra files to
// import) and a fake tile server, and returns its URL.
func browserSite(t *testing.T, extra ...string) string {
	t.Helper()
	return browserSiteWith(t, nil, extra...)
}

// browserSiteWith is browserSite with more arguments to « territoires
// import » (layers: --qpv FICHIER…).
func browserSiteWith(t *testing.T, territoires []string, extra ...string) string {
	t.Helper()
	return browserSiteSetup(t, territoires, nil, extra...)
}

// browserSiteSetup is browserSiteWith with setup run on the database
// before the server starts (more data to load).
func browserSiteSetup(t *testing.T, territoires []string, setup func(dir, db string), extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	now := clockFrom(browserStart(t))
	tdata := "../../internal/territory/testdata/"
	args := append([]string{"territoires", "import", "--db", db, "--centres", abs(t, tdata+"centres.csv")}, territoires...)
	if r := runCmdAt(t, now, dir, nil, append(args, abs(t, tdata+"decoupage"))...); r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmdAt(t, now, dir, nil, "import", "--db", db, "--source", "hub", abs(t, fixtures+"lieux-v1.csv"), abs(t, fixtures+"lieux-v1.json")); r.code != 0 {
		t.Fatal(r)
	}
	for _, f := range extra {
		if r := runCmdAt(t, now, dir, nil, "import", "--db", db, "--source", "dense", f); r.code != 0 {
			t.Fatal(r)
		}
	}
	if setup != nil {
		setup(dir, db)
	}
	// A blank PNG for every tile: no request leaves the machine.
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
	tiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(png)
	}))
	t.Cleanup(tiles.Close)
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- runAt(ctx, now, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--npm", abs(t, npmDir), "--geocodeur", "aucun",
			"--tuiles", tiles.URL + "/{z}/{x}/{y}.png"}, testEnv(t).getenv, strings.NewReader(""), out, errOut)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	// As startServer: building the index takes a few seconds under load.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if s := out.String(); strings.Contains(s, "écoute sur ") {
			u := strings.TrimSpace(s[strings.Index(s, "http://"):])
			return strings.Fields(u)[0]
		}
	}
	t.Fatalf("server did not start: %s", errOut.String())
	return ""
}

// stepTimeout bounds each step of a browser test (a navigation and its
// waits, an evaluation, a poll), not the whole test: a test of many steps
// on a loaded machine (load 20 on 2 cores) must not fail because their
// sum passed one deadline (TestBrowserMapAccessibility once stopped at
// 122 s on a 120 s context for the whole test, each step well in time).
var stepTimeout = 90 * time.Second

// browserDeadline is how long before the test's own deadline a browser's
// context ends, so that a hung browser fails the test with a message
// rather than the whole binary with a panic.
const browserDeadline = 30 * time.Second

// newBrowser starts Chromium, with scripts or not, and more options if
// given (a fake camera).
func newBrowser(t *testing.T, js bool, more ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, more...)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	cancelTimeout := context.CancelFunc(func() {})
	if d, ok := t.Deadline(); ok {
		ctx, cancelTimeout = context.WithDeadline(ctx, d.Add(-browserDeadline))
	}
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	// The first action starts Chromium and ties it to ctx: it must not
	// run on a step's context, which ends with the step.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if !js {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	if js {
		// Without scripts, no timer: the delay would hold navigations for ever.
		slowNavigation(t, ctx)
	}
	return ctx
}

// slowNavigation holds every navigation that a click, a key or a
// submission starts for MAILLAGE_TEST_RETARD milliseconds, when set (in
// a browser with JavaScript): the page being left then stays on screen
// that long after the action, so that a test waiting for a selector the
// old page also has reads the old page every time, not once in a while
// on a loaded CI (TestBrowserPassCircuit once read « Pass valable » after
// « Encaisser »). An audit tool, off by default:
// MAILLAGE_TEST_RETARD=500 go test -run 'TestBrowser' ./cmd/maillage.
// (A network latency does not do it: chromedp waits for a navigation
// once the browser has started it; the race is before.)
func slowNavigation(t *testing.T, ctx context.Context) {
	t.Helper()
	v := os.Getenv("MAILLAGE_TEST_RETARD")
	if v == "" {
		return
	}
	ms, err := strconv.Atoi(v)
	if err != nil || ms < 0 {
		t.Fatalf("MAILLAGE_TEST_RETARD=%q: want a number of milliseconds", v)
	}
	yes := true
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{RunImmediately: &yes, Source: fmt.Sprintf(`(() => {
	const delay = %d, submit = HTMLFormElement.prototype.submit, released = new WeakSet();
	// form.submit(), as chromedp.Submit and the site's scripts call it.
	HTMLFormElement.prototype.submit = function () { setTimeout(() => submit.call(this), delay); };
	// A submission the page's scripts left to the browser (a click on a
	// button, Enter in a field), after its handlers, with its submitter.
	addEventListener('submit', (e) => {
		const f = e.target;
		if (released.has(f)) { released.delete(f); return; }
		if (e.defaultPrevented) return;
		e.preventDefault();
		const by = e.submitter;
		setTimeout(() => { released.add(f); f.requestSubmit(by && by.form === f ? by : null); }, delay);
	});
	// A link followed (a click, Enter), but one to this page's anchors,
	// a download or another window.
	addEventListener('click', (e) => {
		const a = e.target.closest && e.target.closest('a[href]');
		if (!a || e.defaultPrevented || e.button !== 0 || a.target || a.hasAttribute('download')) return;
		const u = new URL(a.href, location.href);
		if (u.origin === location.origin && u.pathname === location.pathname && u.search === location.search && u.hash) return;
		e.preventDefault();
		setTimeout(() => location.assign(u.href), delay);
	});
})()`, ms)}); err != nil {
		t.Fatalf("MAILLAGE_TEST_RETARD: %v", err)
	}
}

// step returns ctx bounded by stepTimeout, for one step of a test.
func step(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, stepTimeout)
}

// runStep does the steps within one step's deadline.
func runStep(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := step(ctx)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := runStep(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := step(ctx)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.60q: %v", expr, err)
	}
	return v
}

type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axeCheck runs axe-core (WCAG 2.2 A and AA, and best practices) on the current page.
func axeCheck(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	raw := eval[string](t, ctx, axe+`;
(async () => {
	// A page reached by a click may still be loading its stylesheet: axe
	// would then measure unstyled targets (seen once under load:
	// target-size on the menu's links). Wait for the load.
	if (document.readyState !== 'complete') await new Promise(r => addEventListener('load', r, {once: true}));
	return JSON.stringify(await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}}));
})()`)
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: axe result: %v", page, err)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		t.Errorf("%s: axe %s — %s:\n  %s", page, v.ID, v.Help, strings.Join(where, "\n  "))
	}
}

func TestBrowserAccessibility(t *testing.T) {
	axe := axeSource(t)
	base := browserSite(t)
	ctx := newBrowser(t, true)
	pages := []string{
		"/", "/recherche?ou=Albi", "/recherche?ou=81000&frais_a_charge=Gratuit", "/recherche?ou=Nullepart",
		"/lieux/epn-albi-1", "/lieux/mediatheque-gaillac", "/lieux/epn-albi-1/fiche", "/fiche?ou=Albi",
		"/orientation", "/orientation?etape=2", "/orientation?etape=3&ou=Albi", "/integrer", "/embed/recherche?ou=Albi",
		"/donnees", "/page-inconnue",
	}
	for _, p := range pages {
		do(t, ctx, p, chromedp.Navigate(base+p), chromedp.WaitReady("body"))
		axeCheck(t, ctx, axe, p)
	}
	// The place page with an error shown in the report form.
	do(t, ctx, "report form", chromedp.Navigate(base+"/lieux/epn-albi-1"),
		chromedp.Click(`input[name="champ"][value="horaires"]`),
		chromedp.RemoveAttribute(`#message`, "required"),
		chromedp.Submit(`#message`), chromedp.WaitVisible(`#erreur-signalement`))
	axeCheck(t, ctx, axe, "report form with an error")
}

// focused returns "#id" and the text of the focused element.
func focused(t *testing.T, ctx context.Context) (id, text string) {
	s := eval[string](t, ctx, `'#' + document.activeElement.id + '\n' + (document.activeElement.textContent || '').trim()`)
	id, text, _ = strings.Cut(s, "\n")
	return id, text
}

// tabTo presses Tab until the focused element is want: "#id", or a text it contains.
func tabTo(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	for i := 0; i < 80; i++ {
		do(t, ctx, "Tab", chromedp.KeyEvent(kb.Tab))
		id, text := focused(t, ctx)
		if id == want || !strings.HasPrefix(want, "#") && strings.Contains(text, want) {
			return
		}
	}
	t.Fatalf("Tab never reached %q", want)
}

func location(t *testing.T, ctx context.Context) string {
	ctx, cancel := step(ctx)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// waitLocation waits, within one step's deadline, until the page's
// address satisfies ok and its document is loaded: a submitted form's
// answer, not the page that sent it.
func waitLocation(t *testing.T, ctx context.Context, what string, ok func(string) bool) {
	t.Helper()
	ctx, cancel := step(ctx)
	defer cancel()
	for {
		u, err := chromedp.Run(ctx, chromedp.Location())
		if err == nil && ok(u) {
			state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState`))
			if err == nil && state == "complete" {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: the page never reached its address (last %q): %v", what, u, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	ctx, cancel := step(ctx)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("%s: %v", sel, err)
	}
	return s
}

func TestBrowserKeyboardPath(t *testing.T) {
	base := browserSite(t)
	ctx := newBrowser(t, true)
	do(t, ctx, "home", chromedp.Navigate(base+"/"), chromedp.WaitReady("body"))
	// The skip link comes first.
	tabTo(t, ctx, "Aller au contenu")
	if outline := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); outline == "none" || outline == "" {
		t.Errorf("focus is not visible (outline %q)", outline)
	}
	tabTo(t, ctx, "#ou")
	do(t, ctx, "search", chromedp.KeyEvent("Albi"), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".lieux"))
	if u := location(t, ctx); !strings.Contains(u, "/recherche?") {
		t.Fatalf("after the search: %s", u)
	}
	tabTo(t, ctx, "Espace public numérique de Cantepau")
	do(t, ctx, "open the place", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".signaler"))
	if h := text(t, ctx, "h1"); h != "Espace public numérique de Cantepau" {
		t.Fatalf("place page: %q", h)
	}
	tabTo(t, ctx, "Imprimer une fiche")
	do(t, ctx, "print", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".qr"))
	if u := location(t, ctx); !strings.HasSuffix(u, "/lieux/epn-albi-1/fiche") {
		t.Fatalf("print page: %s", u)
	}
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	base := browserSite(t)
	ctx := newBrowser(t, false)
	do(t, ctx, "search", chromedp.Navigate(base+"/"), chromedp.WaitReady("body"),
		chromedp.SendKeys("#ou", "81000"),
		chromedp.Click(`input[name="services"][value="Aide aux démarches administratives"]`),
		chromedp.Submit("#ou"),
		chromedp.WaitVisible(".nombre"))
	if n := strings.Count(eval[string](t, ctx, `document.querySelector('.lieux') ? document.querySelector('.lieux').outerHTML : ''`), `class="lieu"`); n == 0 {
		t.Fatalf("no results without JavaScript")
	}
	// A filter, then a place and its report form, without JavaScript.
	// The results page before the filter has the same .nombre and .lieux:
	// wait for the filtered page's address before clicking, or the click
	// may hit a node of the page being replaced.
	do(t, ctx, "filter", chromedp.Click(`.filtres input[value="Gratuit"]`), chromedp.Submit(`.filtres form`))
	waitLocation(t, ctx, "the filtered results", func(u string) bool { return strings.Contains(u, "Gratuit") })
	do(t, ctx, "report", chromedp.WaitVisible(".nombre"),
		chromedp.Click(`.lieux a`), chromedp.WaitVisible(".signaler"),
		chromedp.Click(`input[name="champ"][value="horaires"]`),
		chromedp.SendKeys("#message", "Fermé le samedi."),
		chromedp.Submit("#message"), chromedp.WaitVisible(".succes"))
	// The orientation flow without JavaScript.
	do(t, ctx, "orientation", chromedp.Navigate(base+"/orientation"),
		chromedp.Click(`input[name="services"]`), chromedp.Submit(`input[name="services"]`),
		chromedp.WaitVisible("#ou"), chromedp.SendKeys("#ou", "Albi"), chromedp.Submit("#ou"),
		chromedp.WaitVisible("#c-gratuit"), chromedp.Submit("#c-gratuit"),
		chromedp.WaitVisible(".nombre"))
	if h := text(t, ctx, "h1"); !strings.Contains(h, "Albi") {
		t.Errorf("orientation ends on %q", h)
	}
}

func TestBrowserMapAndSmallScreen(t *testing.T) {
	needLeaflet(t)
	base := browserSite(t)
	ctx := newBrowser(t, true)
	do(t, ctx, "map", chromedp.Navigate(base+"/recherche?ou=Albi&rayon_km=100"), chromedp.WaitVisible(".leaflet-container"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.leaflet-marker-icon').length > 0`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("no marker on the map: %v", err)
	}
	// Usable at 320 px wide: nothing wider than the screen.
	do(t, ctx, "320 px", chromedp.EmulateViewport(320, 640), chromedp.Navigate(base+"/recherche?ou=Albi"), chromedp.WaitReady("body"))
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 320 {
		t.Errorf("the results page is %d px wide at 320 px", w)
	}
	// Text enlarged to 200 % on a 640 px screen: still no horizontal scrolling.
	for _, p := range []string{"/", "/recherche?ou=Albi", "/lieux/epn-albi-1", "/orientation?etape=3&ou=Albi"} {
		do(t, ctx, "200 %", chromedp.EmulateViewport(640, 800), chromedp.Navigate(base+p), chromedp.WaitReady("body"))
		if w := eval[int](t, ctx, `document.documentElement.style.fontSize = '200%'; document.documentElement.scrollWidth`); w > 640 {
			t.Errorf("%s: %d px wide with text at 200 %% on 640 px", p, w)
		}
	}
}

// peopleSiteAt starts the server on a database, on the clock now (the
// server's and its store's: the test's commands run on the same, see
// clockFrom), and returns its URL and a way to read the sign-in link last
// written to its log for an address (no SMTP).
func peopleSiteAt(t *testing.T, db string, now func() time.Time) (string, func(email string) string) {
	t.Helper()
	dir := t.TempDir()
	tdata := "../../internal/territory/testdata/"
	if r := runCmdAt(t, now, dir, nil, "territoires", "import", "--db", db, "--centres", abs(t, tdata+"centres.csv"), abs(t, tdata+"decoupage")); r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmdAt(t, now, dir, nil, "import", "--db", db, "--source", "hub", abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
		t.Fatal(r)
	}
	if r := runCmdAt(t, now, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "--nom", "Ada", "admin@hub.fr"); r.code != 0 {
		t.Fatal(r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- runAt(ctx, now, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--npm", abs(t, npmDir), "--geocodeur", "aucun",
			"--tuiles", "http://127.0.0.1:1/{z}/{x}/{y}.png"}, testEnv(t).getenv, strings.NewReader(""), out, errOut)
	}()
	t.Cleanup(func() { cancel(); <-done })
	var base string
	for deadline := time.Now().Add(time.Minute); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if s := out.String(); strings.Contains(s, "écoute sur ") {
			base = strings.Fields(s[strings.Index(s, "http://"):])[0]
		}
	}
	if base == "" {
		t.Fatalf("server did not start: %s", errOut.String())
	}
	link := func(email string) string {
		for i := 0; i < 300; i++ {
			lines := strings.Split(errOut.String(), "\n")
			for j := len(lines) - 1; j >= 0; j-- {
				var entry map[string]any
				if json.Unmarshal([]byte(lines[j]), &entry) != nil || entry["à"] != email {
					continue
				}
				text, _ := entry["texte"].(string)
				if k := strings.Index(text, "http://"); k >= 0 {
					return strings.Fields(text[k:])[0]
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("no sign-in link for %s in the log", email)
		return ""
	}
	return base, link
}

// signInBrowser signs in with the link the server wrote to its log.
func signInBrowser(t *testing.T, ctx context.Context, base, email string, link func(string) string) {
	t.Helper()
	do(t, ctx, "ask for a link "+email, chromedp.Navigate(base+"/connexion"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", email), chromedp.Submit("#email"), chromedp.WaitVisible(".succes"))
	do(t, ctx, "use the link", chromedp.Navigate(link(email)), chromedp.WaitVisible(`button[type="submit"]`),
		chromedp.Click(`main button[type="submit"]`), chromedp.WaitVisible(`a[href="/espace"][aria-current="page"]`))
}

func signOutBrowser(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "sign out", chromedp.Click(`form[action="/deconnexion"] button`), chromedp.WaitVisible(`a[href="/connexion"]`))
}

// The whole issue-4 path in a real browser, on both databases: an admin
// invites a contributor and a coordinator, the contributor claims and
// edits a place, the coordinator handles a public report, the audit chain
// verifies; axe-core checks each new page.
func TestBrowserPeople(t *testing.T) {
	axe := axeSource(t)
	for name, dbURL := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := dbURL(t)
			now := clockFrom(browserStart(t))
			base, link := peopleSiteAt(t, db, now)
			ctx := newBrowser(t, true)
			for _, p := range []string{"/connexion", "/connexion/lien?jeton=x"} {
				do(t, ctx, p, chromedp.Navigate(base+p), chromedp.WaitReady("body"))
				axeCheck(t, ctx, axe, p)
			}
			signInBrowser(t, ctx, base, "admin@hub.fr", link)
			axeCheck(t, ctx, axe, "/espace (admin)")
			do(t, ctx, "security", chromedp.Navigate(base+"/espace/securite"), chromedp.WaitVisible(".qr"))
			axeCheck(t, ctx, axe, "/espace/securite")
			if !eval[bool](t, ctx, `(() => {
				const p = getComputedStyle(document.querySelector('input[type="password"]')), x = getComputedStyle(document.querySelector('input[type="text"]'));
				return p.fontSize === x.fontSize && p.borderTopLeftRadius === x.borderTopLeftRadius && p.paddingTop === x.paddingTop;
			})()`) {
				t.Errorf("the password input is not styled like the text inputs")
			}
			for _, inv := range []struct{ email, role, terr string }{
				{"epn@exemple-albi.fr", "contributeur", ""}, {"coord@tarn.fr", "coordinateur", "departement:81"},
			} {
				do(t, ctx, "create "+inv.email, chromedp.Navigate(base+"/admin/comptes"), chromedp.WaitVisible("#email"),
					chromedp.SendKeys("#email", inv.email), chromedp.Click(`input[name="role"][value="`+inv.role+`"]`),
					chromedp.SendKeys("#territoires", inv.terr), chromedp.Submit("#email"), chromedp.WaitVisible(".succes"))
			}
			// With several accounts, at 390 px: ids stay unique, every
			// control is named, the table scrolls in a focusable region.
			do(t, ctx, "accounts at 390 px", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/admin/comptes"), chromedp.WaitVisible("#email"))
			axeCheck(t, ctx, axe, "/admin/comptes (several accounts, 390 px)")
			do(t, ctx, "wide again", chromedp.EmulateViewport(1280, 900))
			signOutBrowser(t, ctx)

			// The structure: its address is the place's, the claim is approved at once.
			signInBrowser(t, ctx, base, "epn@exemple-albi.fr", link)
			do(t, ctx, "claim", chromedp.Navigate(base+"/lieux/epn-albi-1"), chromedp.WaitVisible(`form[action$="/revendiquer"] button`),
				chromedp.Click(`form[action$="/revendiquer"] button`), chromedp.WaitVisible(".succes"))
			do(t, ctx, "edit", chromedp.Navigate(base+"/lieux/epn-albi-1/modifier"), chromedp.WaitVisible("#h-Sa-de1"))
			axeCheck(t, ctx, axe, "/lieux/epn-albi-1/modifier")
			// At 390 px the hours editor fits: the afternoon columns and the
			// OSM field are on screen, nothing scrolls sideways, and the
			// time inputs are styled like the others.
			do(t, ctx, "edit at 390 px", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/lieux/epn-albi-1/modifier"), chromedp.WaitVisible("#h-Sa-de1"))
			fits := eval[string](t, ctx, `(() => {
				const w = document.documentElement.clientWidth, out = [];
				if (document.documentElement.scrollWidth > w) out.push("page " + document.documentElement.scrollWidth + " px wide");
				for (const id of ["h-Mo-a2", "horaires_osm"]) {
					const r = document.getElementById(id).getBoundingClientRect();
					if (r.right > w || r.left < 0) out.push(id + " at " + r.left + "–" + r.right);
				}
				const time = getComputedStyle(document.getElementById("h-Mo-a2")), text = getComputedStyle(document.getElementById("nom"));
				if (time.borderTopLeftRadius !== text.borderTopLeftRadius || time.fontSize !== text.fontSize) out.push("time input unstyled");
				return out.join("; ");
			})()`)
			if fits != "" {
				t.Errorf("edit form at 390 px: %s", fits)
			}
			axeCheck(t, ctx, axe, "/lieux/epn-albi-1/modifier (390 px)")
			do(t, ctx, "wide again", chromedp.EmulateViewport(1280, 900))
			do(t, ctx, "new place form", chromedp.Navigate(base+"/contribuer/nouveau-lieu"), chromedp.WaitVisible("#nom"))
			axeCheck(t, ctx, axe, "/contribuer/nouveau-lieu")
			do(t, ctx, "edit again", chromedp.Navigate(base+"/lieux/epn-albi-1/modifier"), chromedp.WaitVisible("#h-Sa-de1"))
			do(t, ctx, "change Saturday", chromedp.SetValue("#h-Sa-de1", "10:00"), chromedp.SetValue("#h-Sa-a1", "12:30"),
				chromedp.Submit("#nom"), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "table.horaires"); !strings.Contains(s, "10\u00a0h\u00a0–\u00a012\u00a0h\u00a030") {
				t.Errorf("the published hours: %q", s)
			}
			// An API token: made on the account's page, shown once (it
			// fits a phone), listed, revoked after a confirmation.
			do(t, ctx, "espace", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible("#jeton-nom"))
			do(t, ctx, "new API token", chromedp.SendKeys("#jeton-nom", "logiciel de caisse"), chromedp.Submit("#jeton-nom"), chromedp.WaitVisible("#jeton"))
			axeCheck(t, ctx, axe, "the new API token")
			do(t, ctx, "the new API token at 390 px", chromedp.EmulateViewport(390, 844))
			if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
				t.Errorf("the new API token's page is wider than a phone")
			}
			do(t, ctx, "wide again", chromedp.EmulateViewport(1280, 900))
			do(t, ctx, "back to espace", chromedp.Click(`main a[href="/espace#jetons"]`), chromedp.WaitVisible(`form[action$="/revoquer"] button`))
			if s := text(t, ctx, "#jetons + p + div table"); !strings.Contains(s, "logiciel de caisse") || !strings.Contains(s, "jamais") {
				t.Errorf("the tokens listed: %q", s)
			}
			axeCheck(t, ctx, axe, "/espace (contributeur, with an API token)")
			do(t, ctx, "revoke, first step", chromedp.Click(`form[action$="/revoquer"] button`), chromedp.WaitReady(`input[name="confirmer"][value="oui"]`))
			axeCheck(t, ctx, axe, "the API token revocation's confirmation")
			do(t, ctx, "revoke", chromedp.Click(`main button[type="submit"]`), chromedp.WaitVisible(".succes"))
			if s := text(t, ctx, "main"); !strings.Contains(s, "Jeton révoqué") || !strings.Contains(s, "Vous n'avez aucun jeton d'accès.") {
				t.Errorf("after revoking: %q", s)
			}
			// Deleting one's account asks first; cancelling keeps it.
			do(t, ctx, "espace", chromedp.Navigate(base+"/espace"), chromedp.WaitVisible(`form[action="/espace/supprimer"] button`))
			axeCheck(t, ctx, axe, "/espace (contributeur)")
			do(t, ctx, "delete account, first step", chromedp.Click(`form[action="/espace/supprimer"] button`),
				chromedp.WaitReady(`input[name="confirmer"][value="oui"]`))
			axeCheck(t, ctx, axe, "the account deletion's confirmation")
			do(t, ctx, "cancel", chromedp.Click(`main a[href="/espace"]`), chromedp.WaitVisible(`a[href="/contribuer/nouveau-lieu"]`))
			signOutBrowser(t, ctx)

			// Anyone reports an error.
			do(t, ctx, "report", chromedp.Navigate(base+"/lieux/epn-albi-1"), chromedp.Click(`input[name="champ"][value="telephone"]`),
				chromedp.SendKeys("#message", "Le numéro a changé."), chromedp.Submit("#message"), chromedp.WaitVisible(".succes"))

			// The coordinator of the Tarn handles it.
			signInBrowser(t, ctx, base, "coord@tarn.fr", link)
			do(t, ctx, "queue", chromedp.Navigate(base+"/moderation"), chromedp.WaitVisible(`form[action^="/moderation/signalements/"] button`))
			axeCheck(t, ctx, axe, "/moderation")
			do(t, ctx, "freshness report", chromedp.Navigate(base+"/moderation/fraicheur"), chromedp.WaitVisible("main table"))
			axeCheck(t, ctx, axe, "/moderation/fraicheur")
			do(t, ctx, "freshness report at 390 px", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/moderation/fraicheur"), chromedp.WaitVisible("main table"))
			axeCheck(t, ctx, axe, "/moderation/fraicheur (390 px)")
			do(t, ctx, "wide again", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/moderation"), chromedp.WaitVisible(`form[action^="/moderation/signalements/"] button`))
			do(t, ctx, "handle the report", chromedp.Click(`form[action^="/moderation/signalements/"] button`), chromedp.WaitVisible(".succes"))
			do(t, ctx, "history", chromedp.Navigate(base+"/lieux/epn-albi-1/historique"), chromedp.WaitVisible("main ol"))
			axeCheck(t, ctx, axe, "/lieux/epn-albi-1/historique")
			do(t, ctx, "history at 390 px", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/lieux/epn-albi-1/historique"), chromedp.WaitVisible("main ol"))
			axeCheck(t, ctx, axe, "/lieux/epn-albi-1/historique (390 px)")
			// A coordinator sees who acted by role and pseudonym, not by address.
			if h := text(t, ctx, "main"); strings.Contains(h, "epn@exemple-albi.fr") || !strings.Contains(h, "contributeur (compte ") || !strings.Contains(h, "Signalement d'erreur traité") || strings.Contains(h, "signalement.traite") {
				t.Errorf("history: %q", h)
			}
			// (The server's checkpoints are in its own test folder.)
			if r := runCmdAt(t, now, "", nil, "audit", "verifier", "--db", db, "--sans-points-de-controle"); r.code != 0 {
				t.Errorf("audit verifier: %+v", r)
			}
		})
	}
}

// denseCSV writes places a few hundred metres apart around Albi, so that
// the clusters of the map crowd each other.
func denseCSV(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,nom,commune,code_postal,adresse,latitude,longitude,date_maj,services,site_web,telephone,horaires,frais_a_charge\n")
	for i := range 60 {
		// A spiral: distances from 60 m to 6 km, in every direction.
		lat := 43.9280 + float64(i%10)*0.0031*float64(1+i/20) - 0.012
		lon := 2.1480 + float64(i/10)*0.0043*float64(1+i%3) - 0.010
		fmt.Fprintf(&b, "dense-%d,Espace numérique du quartier numéro %d,Albi,81000,%d rue du Test,%.5f,%.5f,2026-10-01,"+
			"Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Accès internet et matériel informatique,,"+
			"05 63 00 11 %02d,\"Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off\",Gratuit|Payant\n", i, i, i+1, lat, lon, i)
	}
	// Long opening hours: three spans a day, comments, a long word.
	fmt.Fprintf(&b, "horaires-longs,Maison France Services de l'agglomération albigeoise,Albi,81000,2 avenue du Test,43.91000,2.13000,2026-10-01,"+
		"Aide aux démarches administratives,https://www.communaute-agglomeration-albigeoise.fr/services-publics/maison-france-services,05 63 00 12 00,\"Mo-Fr 08:30-12:00,13:30-17:00,18:00-20:00 \"\"uniquement sur rendez-vous pris par téléphone\"\"; "+
		"Sa 09:00-12:00 unknown \"\"permanence-itinérante-mensuelle-du-bus-numérique-départemental\"\"\",Gratuit\n")
	// Three places at one address: no zoom parts them.
	for i := range 3 {
		fmt.Fprintf(&b, "meme-adresse-%d,Permanence %d,Albi,81000,1 place du Vigan,43.92900,2.14800,2026-10-01,Aide aux démarches administratives,,,,\n", i, i)
	}
	p := filepath.Join(t.TempDir(), "dense.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// markerCheck measures the markers on the map: every one at least 24 px
// wide and high (WCAG 2.5.8), wholly inside the map, none overlapping another.
func markerCheck(t *testing.T, ctx context.Context, what string) int {
	t.Helper()
	raw := eval[string](t, ctx, `(() => {
  const rs = [...document.querySelectorAll('.leaflet-marker-icon')].map((m) => {
    const r = m.getBoundingClientRect();
    return { name: m.title || m.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height };
  });
  const box = document.getElementById('carte').getBoundingClientRect();
  const bad = [];
  rs.forEach((a, i) => {
    if (a.w < 24 || a.h < 24) bad.push('too small: ' + a.name + ' ' + a.w + '×' + a.h);
    if (a.l < box.left || a.r > box.right || a.t < box.top || a.b > box.bottom) bad.push('cut by the edge of the map: ' + a.name);
    rs.slice(i + 1).forEach((b) => {
      if (a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b) bad.push('overlap: ' + a.name + ' / ' + b.name);
    });
  });
  return JSON.stringify({ n: rs.length, bad: bad });
})()`)
	var res struct {
		N   int      `json:"n"`
		Bad []string `json:"bad"`
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if res.N == 0 {
		t.Errorf("%s: no marker on the map", what)
	}
	for _, b := range res.Bad {
		t.Errorf("%s: %s", what, b)
	}
	return res.N
}

// waitMarkers waits until the map has drawn its markers more than after
// times (maillage.js counts them in data-traces), and returns that count.
func waitMarkers(t *testing.T, ctx context.Context, what string, after int) int {
	t.Helper()
	ctx, cancel := step(ctx)
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Poll[int](fmt.Sprintf(`(() => {
  const n = parseInt(document.getElementById('carte').dataset.traces || '0', 10);
  return n > %d && !document.querySelector('.leaflet-zoom-anim') ? n : 0;
})()`, after), chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		t.Fatalf("%s: the map drew no markers: %v", what, err)
	}
	return n
}

// The results page with its map, in axe-core (WCAG 2.2 AA, touch targets
// included) once the map and its markers are drawn, at several zooms; and
// the same page when Leaflet cannot load: the list alone, the map hidden.
func TestBrowserMapAccessibility(t *testing.T) {
	needLeaflet(t)
	axe := axeSource(t)
	base := browserSite(t, denseCSV(t))
	ctx := newBrowser(t, true)
	page := "/recherche?lat=43.95&lon=2.17&rayon_km=10"
	zoomIn, zoomOut := `button[data-zoom="1"]`, `button[data-zoom="-1"]`
	do(t, ctx, "map", chromedp.EmulateViewport(412, 823), chromedp.Navigate(base+page), chromedp.WaitVisible(".leaflet-container"),
		chromedp.ScrollIntoView("#carte"))
	drawn := waitMarkers(t, ctx, "zoom 12", 0)
	markerCheck(t, ctx, "zoom 12")
	axeCheck(t, ctx, axe, page+" with its map")
	for _, z := range []string{zoomIn, zoomIn, zoomOut, zoomOut, zoomOut} {
		do(t, ctx, z, chromedp.Click(z))
		drawn = waitMarkers(t, ctx, z, drawn)
		markerCheck(t, ctx, "after "+z)
	}
	axeCheck(t, ctx, axe, page+" with its map, zoomed")
	// The places at one address: a list in a popup, one link each.
	do(t, ctx, "same address", chromedp.Navigate(base+"/recherche?lat=43.929&lon=2.148&rayon_km=1&zoom=18"), chromedp.WaitVisible(".leaflet-container"))
	waitMarkers(t, ctx, "zoom 18", 0)
	do(t, ctx, "open the list", chromedp.Click(`.leaflet-marker-icon[title="3 lieux à la même adresse"]`), chromedp.WaitVisible(".leaflet-popup a"))
	if n := eval[int](t, ctx, `document.querySelectorAll('.leaflet-popup a[href^="/lieux/meme-adresse-"]').length`); n != 3 {
		t.Errorf("the popup lists %d places, want 3", n)
	}
	axeCheck(t, ctx, axe, "the popup of three places at one address")

	// Leaflet cannot load: the list stands alone.
	ctx2 := newBrowser(t, true)
	if _, err := chromedp.Call(ctx2, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx2, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{{URLPattern: base + "/static/vendor/*", Block: true}}}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx2, "without the map", chromedp.EmulateViewport(412, 823), chromedp.Navigate(base+page), chromedp.WaitVisible(".lieux"))
	if hidden := eval[bool](t, ctx2, `new Promise((ok) => setTimeout(() => ok(document.querySelector('section.carte').hidden), 1000))`); !hidden {
		t.Errorf("the map's section shows without Leaflet")
	}
	axeCheck(t, ctx2, axe, page+" without its map")
}

// Each step of a browser test has its own deadline, not the whole test: a
// browser's context lasts as long as the test (TestBrowserMapAccessibility
// failed at 122 s on a 120 s context for all its steps, under load), a
// step that hangs ends at stepTimeout, and the browser answers after it.
func TestBrowserStepDeadline(t *testing.T) {
	ctx := newBrowser(t, true)
	if d, ok := ctx.Deadline(); ok {
		td, _ := t.Deadline()
		if want := td.Add(-browserDeadline); !d.Equal(want) {
			t.Errorf("the browser's context ends at %v, want the test's deadline less %v (%v)", d, browserDeadline, want)
		}
	}
	old := stepTimeout
	stepTimeout = 2 * time.Second
	start := time.Now()
	err := runStep(ctx, chromedp.WaitVisible("#nulle-part"))
	stepTimeout = old
	if err == nil {
		t.Fatal("a step waiting for nothing ended without an error")
	}
	if el := time.Since(start); el > 30*time.Second {
		t.Errorf("a step of 2 s ended after %v", el)
	}
	if n := eval[int](t, ctx, `1 + 1`); n != 2 {
		t.Errorf("after a step's deadline the browser evaluates 1 + 1 = %d", n)
	}
}
