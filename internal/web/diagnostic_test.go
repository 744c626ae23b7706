package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

// nnbsp is the narrow no-break space between groups of digits.
const nnbsp = "\u202f"

// The diagnostic pages run on the test server (storetest's referential:
// Toulouse and Blagnac (31), Albi and Castres (81), Bourg-en-Bresse (01);
// places in Toulouse and Albi). With the default options (E2SFCA, 10 km
// crow-fly), Bourg-en-Bresse alone has no place within 10 km: its 41 248
// inhabitants are the unserved people at risk (no indicator loaded, so
// every inhabitant counts), and the first pick of France.

func TestDiagnosticIndex(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	res := ts.get(t, "/diagnostic")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/diagnostic: %d", res.StatusCode)
	}
	for _, want := range []string{
		`<a href="/diagnostic/france">France entière</a>`,
		`<a href="/diagnostic/region/76">Occitanie</a>`,
		`<a href="/diagnostic/departement/31">Haute-Garonne (31)</a>`,
		`<a href="/diagnostic/departement/01">Ain (01)</a>`,
		`action="/diagnostic" method="get"`,
		"Ce que disent les chiffres",
		`<a href="/diagnostic" aria-current="page">Diagnostic territorial</a>`,
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("/diagnostic lacks %s", want)
		}
	}
	for _, tc := range []struct{ q, want string }{
		{"toulouse", `<a href="/diagnostic/commune/31555">Toulouse</a> (31555, Haute-Garonne)`},
		{"81004", `<a href="/diagnostic/commune/81004">Albi</a>`},
		{"Zzyzx", "Aucune commune ne correspond à « Zzyzx »."},
	} {
		if res := ts.get(t, "/diagnostic?q="+tc.q); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, tc.want) {
			t.Errorf("/diagnostic?q=%s: %d, lacks %s", tc.q, res.StatusCode, tc.want)
		}
	}
	if res := ts.get(t, "/diagnostic?q="+strings.Repeat("a", 101)); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "dépasse 100 caractères") {
		t.Errorf("a long search: %d", res.StatusCode)
	}
	// The home page's navigation leads to it.
	if !strings.Contains(ts.get(t, "/").Body, `<a href="/diagnostic">Diagnostic territorial</a>`) {
		t.Error("the main navigation has no link to the diagnostic")
	}
}

// Every kind of territory has its page with every part.
func TestDiagnosticPages(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, tc := range []struct {
		path, h1 string
		sub      []string // the sub-units in the map's table
		crumbs   []string
	}{
		{"/diagnostic/france", "France", []string{`<a href="/diagnostic/region/76">Occitanie</a>`, `<a href="/diagnostic/region/84">Auvergne-Rhône-Alpes</a>`}, nil},
		{"/diagnostic/region/76", "Occitanie", []string{`<a href="/diagnostic/departement/31">Haute-Garonne</a>`, `<a href="/diagnostic/departement/81">Tarn</a>`}, []string{"France"}},
		{"/diagnostic/departement/31", "Haute-Garonne", []string{`<a href="/diagnostic/epci/243100518">Toulouse Métropole</a>`}, []string{"France", "Occitanie"}},
		{"/diagnostic/epci/243100518", "Toulouse Métropole", []string{`<a href="/diagnostic/commune/31555">Toulouse</a>`, `<a href="/diagnostic/commune/31069">Blagnac</a>`}, []string{"France", "Occitanie", "Haute-Garonne"}},
		{"/diagnostic/commune/31069", "Blagnac", []string{`<a href="/diagnostic/commune/31069">Blagnac</a>`}, []string{"France", "Occitanie", "Haute-Garonne", "Toulouse Métropole"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res := ts.get(t, tc.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%d: %s", res.StatusCode, res.Body)
			}
			b := res.Body
			for _, want := range append([]string{
				"<h1>Diagnostic de l'inclusion numérique : " + tc.h1,
				`<h2 id="chiffres-cles">Chiffres clés</h2>`,
				`<ul class="chiffres"><li>`,
				`role="img" aria-labelledby="carte-diagnostic-titre carte-diagnostic-desc"`,
				`<caption id="carte-tableau">`,
				`<h2 id="ecarts">`,
				`<h2 id="ouvrir">Où ouvrir de nouveaux lieux</h2>`,
				"(1 − 1/e)",
				`<h2 id="lieux">Les lieux du territoire</h2>`,
				`<dt>Accessibilité</dt><dd>Méthode E2SFCA`,
				`<dt>Personnes à risque</dt>`,
				`<dt>Lieux</dt><dd>3 lieux du registre retenus sur 3 publiés.</dd>`,
				"Carte schématique : les contours ne sont pas chargés",
				`format=csv">Tableau des communes en CSV</a>`,
			}, tc.sub...) {
				if !strings.Contains(b, want) {
					t.Errorf("lacks %s", want)
				}
			}
			nav := b[strings.Index(b, `aria-label="Fil d'Ariane"`):]
			nav = nav[:strings.Index(nav, "</nav>")]
			for _, c := range tc.crumbs {
				if !strings.Contains(nav, ">"+c+"</a>") {
					t.Errorf("the breadcrumb lacks %s: %s", c, nav)
				}
			}
			if strings.Contains(b, "<script") && !strings.Contains(b, `<script src="/static/maillage.js" defer></script>`) {
				t.Error("the page has a script of its own")
			}
		})
	}
}

// The figures the page shows are the diagnostic's, against the data: the
// one unserved commune, its flags, the pick that covers it.
func TestDiagnosticFigures(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	b := ts.get(t, "/diagnostic/france").Body
	for _, want := range []string{
		"41 248 personnes à risque vivent à plus de 10 km d&#39;un lieu",
		// The gap table starts with the unserved commune, flagged.
		`<tbody>
<tr><th scope="row"><a href="/diagnostic/commune/01053">Bourg-en-Bresse</a> <span class="code">01053</span></th><td>41 248</td><td>41 248</td><td>—</td><td>0</td><td>0</td>`,
		"<td><strong>41 248</strong></td><td>à plus de 30 min, non desservie</td></tr>",
		// The recommendation: Bourg-en-Bresse covers them all.
		`<tr><td>1</td><th scope="row"><a href="/diagnostic/commune/01053">Bourg-en-Bresse</a></th><td>41 248</td><td>1</td><td>41 248</td></tr>`,
		"couvriraient 41 248 personnes à risque aujourd'hui sans lieu à moins de 10 km, soit 100\u00a0% d'entre elles.",
		"1 emplacement suffit : avec lui, toutes les personnes à risque du territoire sont à moins de 10 km d&#39;un lieu.",
		// On paper: when, and where to find it online (the configured base).
		`<p class="impression-seulement">Diagnostic établi le 23 novembre 2026, en ligne : http://maillage.test/diagnostic/france.</p>`,
		// The exports: the API's addresses of France.
		`<a href="/api/v1/diagnostic/france?format=csv">Tableau des communes en CSV</a>`,
		`<a href="/api/v1/diagnostic/france/implanter?format=csv&amp;nombre=4">`, // 5 by default, at most one per commune: France has 4 here
		"<dt>Avant</dt><dd>41 248 personnes à risque (41 248 habitants) dans 1 commune sans lieu à moins de 10 km.</dd>",
		"<dt>Après</dt><dd>Aucune personne à risque non desservie : toutes les personnes à risque du territoire sont à moins de 10 km d&#39;un lieu.</dd>",
		// The map's table: Auvergne-Rhône-Alpes is the higher class.
		`<tr><th scope="row"><a href="/diagnostic/region/84">Auvergne-Rhône-Alpes</a></th><td>2</td><td>41 248</td>`,
		`<tr><th scope="row"><a href="/diagnostic/region/76">Occitanie</a></th><td>1</td><td>0</td>`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("/diagnostic/france lacks %s", want)
		}
	}
	// Haute-Garonne is served everywhere: nothing to recommend.
	b = ts.get(t, "/diagnostic/departement/31").Body
	if !strings.Contains(b, "Toutes les communes du territoire ont un lieu à moins de 10 km") {
		t.Error("a served département does not say so")
	}
	// A service offered by no place of the Tarn (Albi's place helps with
	// procedures and tools): no place listed, the supply says why, and
	// Albi is then unserved.
	b = ts.get(t, "/diagnostic/departement/81?service=Loisirs+et+cr%C3%A9ations+num%C3%A9riques").Body
	for _, want := range []string{
		"0 lieu publié dans l'annuaire offrant « Loisirs et créations numériques »",
		"0 lieu du registre retenu sur 3 publiés (écartés : 3 n&#39;offrant pas « Loisirs et créations numériques »)",
		`<option value="Loisirs et créations numériques" selected>`,
		`/api/v1/diagnostic/departement/81?format=csv&amp;service=Loisirs&#43;et&#43;cr%C3%A9ations&#43;num%C3%A9riques`,
		`<td>aucun lieu à moins de 200 km</td><td><strong>49` + nnbsp + `236</strong></td><td>à plus de 30 min, non desservie</td>`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("the service filter: lacks %s", want)
		}
	}
	// The map can show another measure.
	b = ts.get(t, "/diagnostic/france?carte=a_risque").Body
	if !strings.Contains(b, `<title id="carte-diagnostic-titre">Personnes à risque — France par région</title>`) ||
		!strings.Contains(b, `<a href="/diagnostic/france?carte=a_risque#carte" aria-current="true">`) {
		t.Error("carte=a_risque does not draw the people at risk")
	}
}

// Bad options get a French page that names the field, the value and the
// rule, with the form kept as typed.
func TestDiagnosticBadOptions(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, tc := range []struct{ query, want string }{
		{"seuil_km=abc", "« Seuil en kilomètres » : « abc » n&#39;est pas un nombre positif"},
		{"seuil_km=-3", "« Seuil en kilomètres » : « -3 » n&#39;est pas un nombre positif"},
		{"seuil_min=NaN", "« Seuil en minutes » : « NaN » n&#39;est pas un nombre positif"},
		// The field as the page names it, the value as typed (not the
		// CLI's seuil-km: review 9, new user, 10; nor the parameter:
		// review 9N, minor 3).
		{"seuil_km=5000", "« Seuil en kilomètres » : « 5000 » invalide : au plus 100 kilomètres."},
		{"seuil_km=10&seuil_km=20", "« Seuil en kilomètres » est donné 2 fois (« 10 », « 20 ») : une seule valeur attendue."},
		{"methode=magique", "« Méthode d&#39;accessibilité » : « magique » inconnue : 2sfca, e2sfca (par défaut) ou gaussien."},
		{"cout=teleportation", "« Coût du trajet » : « teleportation » est inconnu ; choisissez « À vol d&#39;oiseau, en kilomètres » ou « Temps estimé (détour à vitesse moyenne), en minutes »."},
		{"cout=osrm", "« Coût du trajet » : aucun serveur OSRM n&#39;est configuré sur ce site ; choisissez « À vol d&#39;oiseau, en kilomètres » ou « Temps estimé (détour à vitesse moyenne), en minutes »."},
		// The costs by their labels in the list, OSRM only when configured.
		{"cout=vol-d-oiseau&seuil_min=20", "« Seuil en minutes » « 20 » : le coût « À vol d&#39;oiseau, en kilomètres » se mesure en kilomètres ; videz ce champ et donnez « Seuil en kilomètres », ou choisissez le coût « Temps estimé (détour à vitesse moyenne), en minutes »."},
		{"cout=detour&seuil_km=12", "« Seuil en kilomètres » « 12 » : le coût « Temps estimé (détour à vitesse moyenne), en minutes » se mesure en minutes ; videz ce champ et donnez « Seuil en minutes », ou choisissez le coût « À vol d&#39;oiseau, en kilomètres »."},
		{"seuil_km=10&seuil_min=20", "« Seuil en kilomètres » et « Seuil en minutes » sont remplis tous les deux : remplissez-en un seul"},
		{"service=Cuisine", "« Service offert par les lieux » : « Cuisine » inconnu"},
		{"nombre=500", "« Nombre de lieux à ouvrir » : « 500 » invalide : un entier de 1 à 200."},
		{"nombre=0", "« Nombre de lieux à ouvrir » : « 0 » invalide : un entier de 1 à 200."},
		{"nombre=1&nombre=2", "« Nombre de lieux à ouvrir » est donné 2 fois"},
		{"carte=relief", "« Valeur représentée sur la carte » : « relief » est inconnu ; valeurs acceptées : non_desservis, accessibilite, fragilite, a_risque."},
		{"tri=altitude", "« Tri du tableau des écarts » : « altitude » est inconnu"},
		{"ordre=aleatoire", "« Ordre du tableau des écarts » : « aleatoire » est inconnu ; valeurs acceptées : croissant, decroissant."},
		{"page=0", "« Page du tableau des écarts » : « 0 » n&#39;est pas un numéro de page"},
		{"ponderation=poids", "« Poids de chaque lieu » : pondération « poids » inconnue"},
	} {
		res := ts.get(t, "/diagnostic/departement/31?"+tc.query)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", tc.query, res.StatusCode)
		}
		if !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: the page lacks %q", tc.query, tc.want)
		}
		if !strings.Contains(res.Body, `<details class="diag-options" open>`) || strings.Contains(res.Body, "Chiffres clés") {
			t.Errorf("%s: the form is not open, or figures are shown", tc.query)
		}
		if m := diagParamNames.FindString(diagAlert(res.Body)); m != "" {
			t.Errorf("%s: the errors say %q, a parameter or code, not the field", tc.query, m)
		}
	}
	// Decimal commas are numbers; the value typed stays in the form.
	res := ts.get(t, "/diagnostic/departement/31?seuil_km=12,5")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="seuil_km" value="12.5"`) || !strings.Contains(res.Body, "seuil : 12,5 km") {
		t.Errorf("seuil_km=12,5: %d", res.StatusCode)
	}
	for path, status := range map[string]int{
		"/diagnostic/departement/99":  http.StatusNotFound,
		"/diagnostic/pays/fr":         http.StatusNotFound,
		"/diagnostic/commune/00000":   http.StatusNotFound,
		"/diagnostic/epci/123":        http.StatusNotFound,
		"/diagnostic/france/france":   http.StatusMovedPermanently,
		"/diagnostic/departement/31/": http.StatusNotFound,
	} {
		if res := ts.get(t, path); res.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, res.StatusCode, status)
		}
	}
}

// diagParamNames are the parameters and codes the page's errors must not
// say (they name the fields, and the costs by their labels).
var diagParamNames = regexp.MustCompile(`seuil[_-]km|seuil[_-]min|« (nombre|methode|cout|service|ponderation|carte|tri|ordre|page|impression) »|Options :|vol-d-oiseau|detour|osrm`)

// diagAlert is the box of a page's errors.
func diagAlert(body string) string {
	_, alert, _ := strings.Cut(body, `<div class="alerte" role="alert">`)
	alert, _, _ = strings.Cut(alert, "</div>")
	return alert
}

// diagServer is a test server over a referential of its own.
func diagServer(t testing.TB, ref *territory.Referential, ls ...place.Lieu) *testServer {
	t.Helper()
	ctx := context.Background()
	db := openTestStore(t)
	if err := db.ReplaceTerritories(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if len(ls) > 0 {
		im, err := db.BeginImport(ctx, "test")
		if err != nil {
			t.Fatal(err)
		}
		for i := range ls {
			if _, _, err := im.Put(ctx, &ls[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Commit(ctx, "t"); err != nil {
			t.Fatal(err)
		}
	}
	s, err := NewServer(ctx, Config{Store: db, Now: func() time.Time { return monday10h }, DownloadDir: t.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, h: s.Handler(), store: db}
}

// lineReferential is n communes of one département and EPCI, 0.2° of
// latitude apart (22 km): each commune is alone within 10 km.
func lineReferential(n int) *territory.Referential {
	ref := &territory.Referential{
		Regions:      []territory.Region{{Code: "76", Nom: "Occitanie"}},
		Departements: []territory.Departement{{Code: "31", Nom: "Haute-Garonne", Region: "76"}},
		EPCIs:        []territory.EPCI{{Code: "200000001", Nom: "CC de la Ligne", Type: "CC"}},
	}
	for i := 1; i <= n; i++ {
		ref.Communes = append(ref.Communes, territory.Commune{Code: fmt.Sprintf("31%03d", i), Nom: fmt.Sprintf("Commune %c%02d", 'Z'-rune(i%26), i),
			Departement: "31", Region: "76", EPCI: "200000001", Population: 100 * i, Centre: &territory.Point{Lat: 42 + 0.2*float64(i), Lon: 1}})
	}
	return ref.Index()
}

var gapRow = regexp.MustCompile(`<tr><th scope="row"><a href="/diagnostic/commune/(\d+)">`)

func gapCodes(body string) []string {
	i := strings.Index(body, `<h2 id="ecarts">`)
	j := strings.Index(body, `<h2 id="ouvrir">`)
	var out []string
	for _, m := range gapRow.FindAllStringSubmatch(body[i:j], -1) {
		out = append(out, m[1])
	}
	return out
}

// The gap table is sorted and paged by plain links.
func TestDiagnosticSortAndPages(t *testing.T) {
	one := lieu("l-1", 42.2, 1, func(l *place.Lieu) { l.CodeINSEE, l.Commune, l.CodePostal = "31001", "Commune Y01", "31001" })
	ts := diagServer(t, lineReferential(30), one)
	res := ts.get(t, "/diagnostic/epci/200000001")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d: %s", res.StatusCode, res.Body)
	}
	// Ranked by unserved people at risk: the most populated first
	// (31030, 3 000), the served commune 31001 last, on page 2.
	codes := gapCodes(res.Body)
	if len(codes) != 25 || codes[0] != "31030" || codes[24] != "31006" {
		t.Fatalf("page 1: %v", codes)
	}
	for _, want := range []string{
		"Communes 1 à 25 sur 30",
		"Page 1 sur 2.",
		`<a href="/diagnostic/epci/200000001?page=2#ecarts" rel="next">Page suivante</a>`,
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page 1 lacks %s", want)
		}
	}
	res = ts.get(t, "/diagnostic/epci/200000001?page=2")
	if codes := gapCodes(res.Body); fmt.Sprint(codes) != "[31005 31004 31003 31002 31001]" {
		t.Errorf("page 2: %v", codes)
	}
	if !strings.Contains(res.Body, `<a href="/diagnostic/epci/200000001#ecarts">Première page</a>`) || strings.Contains(res.Body, "Page suivante") {
		t.Error("page 2 has no link back, or one further")
	}
	// A page beyond the last shows the last.
	if codes := gapCodes(ts.get(t, "/diagnostic/epci/200000001?page=9").Body); len(codes) != 5 {
		t.Errorf("page 9: %v", codes)
	}
	// By name, increasing: Commune A.., B.. (names cycle Z..A by i mod 26).
	res = ts.get(t, "/diagnostic/epci/200000001?tri=commune&ordre=croissant")
	codes = gapCodes(res.Body)
	if codes[0] != "31025" || codes[1] != "31024" {
		t.Errorf("by name: %v", codes)
	}
	if !strings.Contains(res.Body, `<th scope="col" aria-sort="ascending"><a href="/diagnostic/epci/200000001?ordre=decroissant&amp;tri=commune">Commune`) {
		t.Error("the sorted column is not marked, or its link does not reverse the order")
	}
	if !strings.Contains(res.Body, `href="/diagnostic/epci/200000001?ordre=croissant&amp;page=2&amp;tri=commune#ecarts"`) {
		t.Error("the pages keep no order")
	}
	// By population, increasing: the served commune (100) first.
	if codes := gapCodes(ts.get(t, "/diagnostic/epci/200000001?tri=population&ordre=croissant").Body); codes[0] != "31001" || codes[1] != "31002" {
		t.Errorf("by population: %v", codes)
	}
	// The options survive the sort links, the sort survives the options form.
	res = ts.get(t, "/diagnostic/epci/200000001?tri=distance&seuil_km=30")
	if !strings.Contains(res.Body, `href="/diagnostic/epci/200000001?ordre=croissant&amp;seuil_km=30&amp;tri=distance"`) ||
		!strings.Contains(res.Body, `<input type="hidden" name="tri" value="distance">`) {
		t.Error("the options and the sort do not carry each other")
	}
}

// With the communes' contours loaded, the map draws them (EPCI dissolved
// from their communes); without, squares, and the map says so.
func TestDiagnosticMapContours(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	b := ts.get(t, "/diagnostic/epci/243100518").Body
	if strings.Contains(b, "<path d=") || !strings.Contains(b, "Carte schématique : les contours ne sont pas chargés") {
		t.Fatal("without contours: not a schematic map")
	}
	if err := ts.store.ReplaceLayer(context.Background(), storetest.ContoursLayer(monday10h)); err != nil {
		t.Fatal(err)
	}
	if err := ts.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/diagnostic/epci/243100518", "/diagnostic/departement/31"} {
		b := ts.get(t, path).Body
		if n := strings.Count(b, "<path d=\"M"); n != map[string]int{"/diagnostic/epci/243100518": 2, "/diagnostic/departement/31": 1}[path] {
			t.Errorf("%s: %d contours drawn", path, n)
		}
		if strings.Contains(b, "Carte schématique") {
			t.Errorf("%s: still schematic with the contours loaded", path)
		}
	}
}

var exportLink = regexp.MustCompile(`<li><a href="(/api/v1/diagnostic/[^"]+)">`)

// Every download link of a page answers, with the page's options: CSV
// where it says CSV, JSON elsewhere.
func TestDiagnosticExportsAnswer(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	for _, page := range []string{"/diagnostic/france", "/diagnostic/departement/81?seuil_km=25&service=Aide+aux+d%C3%A9marches+administratives&nombre=3"} {
		b := ts.get(t, page).Body
		links := exportLink.FindAllStringSubmatch(b, -1)
		if len(links) != 4 {
			t.Fatalf("%s: %d download links", page, len(links))
		}
		for _, l := range links {
			href := html.UnescapeString(l[1])
			res := ts.get(t, href)
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s → %s: %d %.200s", page, href, res.StatusCode, res.Body)
				continue
			}
			ct := res.Header.Get("Content-Type")
			if strings.Contains(href, "format=csv") != strings.HasPrefix(ct, "text/csv") {
				t.Errorf("%s: Content-Type %s", href, ct)
			}
			if strings.Contains(page, "seuil_km=25") && !strings.Contains(href, "seuil_km=25") {
				t.Errorf("%s: the page's options are lost", href)
			}
		}
	}
}

// A commune's page asks for one new place by default (its only candidate),
// with the words of one: « 1 nouveau lieu ou permanence, choisi parmi la
// commune du territoire (à son centre), couvrirait… » (review 9, new
// user, 8).
func TestDiagnosticCommuneRecoWords(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	b := ts.get(t, "/diagnostic/commune/01053").Body
	for _, want := range []string{
		"1 nouveau lieu ou permanence, choisi parmi la commune du territoire (à son centre), couvrirait 41" + nnbsp + "248 personnes à risque",
		`<a href="/api/v1/diagnostic/commune/01053/implanter?format=csv&amp;nombre=1">`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("/diagnostic/commune/01053 lacks %s:\n%s", want, b[strings.Index(b, `id="ouvrir"`):][:600])
		}
	}
	for _, bad := range []string{"les 1 commune", "5 nouveaux lieux"} {
		if strings.Contains(b, bad) {
			t.Errorf("/diagnostic/commune/01053 says %q", bad)
		}
	}
	// Asked for, the number stays.
	if b := ts.get(t, "/diagnostic/commune/01053?nombre=3").Body; !strings.Contains(b, "3 nouveaux lieux ou permanences, choisis parmi la commune du territoire") {
		t.Error("nombre=3 is not kept")
	}
}
