package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// harvested records a finished harvest of a source.
func harvested(t *testing.T, ts *testServer, run store.HarvestRun) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := ts.store.StartHarvest(ctx, run.Source)
	if err != nil {
		t.Fatal(err)
	}
	run.ID = id
	if err := ts.store.FinishHarvest(ctx, run); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSourcesPages(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	coord := session(t, ts, mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	for _, src := range []store.Source{
		{Name: "hub-tarn", Type: store.SourceStandard, URL: "https://exemple.fr/lieux.csv", Interval: 24 * 3600e9, Priority: 2},
		{Name: "jamais", Type: store.SourceCoop},
	} {
		if err := ts.store.DeclareSource(ctx, src); err != nil {
			t.Fatal(err)
		}
	}
	first := harvested(t, ts, store.HarvestRun{Source: "hub-tarn", Status: store.HarvestDone, Created: 12, Updated: 3, Report: "Premier rapport : 12 créés"})
	harvested(t, ts, store.HarvestRun{Source: "hub-tarn", Status: store.HarvestFailed, Error: "la source « hub-tarn » perdrait 8 enregistrements sur 15",
		Report: "Deuxième rapport <script>alert(1)</script>"})

	res := getAs(t, ts, "/sources", coord)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/sources: %d", res.StatusCode)
	}
	for _, want := range []string{"<h1>Sources moissonnées</h1>", `<a href="/sources/hub-tarn">hub-tarn</a>`, "Fichier ou URL au standard", "1j, priorité 2",
		"échouée", "perdrait 8 enregistrements sur 15", `<a href="/sources/jamais">jamais</a>`, "jamais moissonnée", "2 sources déclarées"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("/sources lacks %q", want)
		}
	}
	if strings.Contains(res.Body, `action="/sources"`) || strings.Contains(res.Body, "/supprimer") {
		t.Error("a coordinator is offered to declare or remove sources")
	}

	res = getAs(t, ts, "/sources/hub-tarn", coord)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/sources/hub-tarn: %d", res.StatusCode)
	}
	for _, want := range []string{"Source « hub-tarn »", "Deuxième rapport &lt;script&gt;alert(1)&lt;/script&gt;", "2 moissons",
		`href="/sources/hub-tarn?moisson=` + strconv.FormatInt(first, 10) + `"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("/sources/hub-tarn lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "<script>alert") {
		t.Error("the report is not escaped")
	}
	res = getAs(t, ts, "/sources/hub-tarn?moisson="+strconv.FormatInt(first, 10), coord)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Premier rapport : 12 créés") {
		t.Errorf("an older report: %d", res.StatusCode)
	}
	other := harvested(t, ts, store.HarvestRun{Source: "jamais", Status: store.HarvestDone, Report: "rapport de jamais"})
	for _, path := range []string{"/sources/hub-tarn?moisson=" + strconv.FormatInt(other, 10), "/sources/inconnue"} {
		if res := getAs(t, ts, path, coord); res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "introuvable") {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	if res := getAs(t, ts, "/sources/hub-tarn?moisson=x", coord); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unreadable harvest number: %d", res.StatusCode)
	}
}

func TestSourcesDeclareAndRemove(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur}), monday10h)
	res := getAs(t, ts, "/sources", admin)
	if !strings.Contains(res.Body, `<form action="/sources" method="post">`) || !strings.Contains(res.Body, "Aucune source déclarée") {
		t.Fatalf("the administrator's form is missing:\n%s", res.Body)
	}
	for _, tt := range []struct {
		form   url.Values
		status int
		want   string
	}{
		{url.Values{"nom": {"hub"}, "url": {"https://exemple.fr/l.csv"}}, http.StatusUnprocessableEntity, "le type de la source est obligatoire"},
		{url.Values{"nom": {"hub/x"}, "type": {"standard"}, "url": {"https://exemple.fr/l.csv"}}, http.StatusUnprocessableEntity, "nom-source"},
		{url.Values{"nom": {"fs"}, "type": {"tableur"}, "url": {"https://exemple.fr/fs.csv"}}, http.StatusUnprocessableEntity, "un tableur demande une correspondance"},
		{url.Values{"nom": {"fs"}, "type": {"tableur"}, "url": {"https://exemple.fr/fs.csv"}, "correspondance": {"inconnue"}}, http.StatusUnprocessableEntity, "choisissez une correspondance intégrée"},
		{url.Values{"nom": {"fs"}, "type": {"tableur"}, "url": {"https://exemple.fr/fs.csv"}, "correspondance": {"/etc/maillage/fs.yaml"}}, http.StatusUnprocessableEntity, "choisissez une correspondance intégrée"},
		// A file of the server would show in the report to every coordinator.
		{url.Values{"nom": {"secret"}, "type": {"standard"}, "url": {"/etc/passwd"}}, http.StatusUnprocessableEntity, "un fichier du serveur se déclare en ligne de commande"},
		{url.Values{"nom": {"hub"}, "type": {"standard"}, "url": {"https://exemple.fr/l.csv"}, "tous_les": {"souvent"}}, http.StatusUnprocessableEntity, "durée « souvent » illisible"},
		{url.Values{"nom": {"hub"}, "type": {"standard"}, "url": {"https://exemple.fr/l.csv"}, "priorite": {"haute"}}, http.StatusUnprocessableEntity, "un nombre entier"},
		{url.Values{"nom": {"hub"}, "type": {"standard"}, "url": {"https://exemple.fr/l.csv"}, "perte_max": {"150 %"}}, http.StatusUnprocessableEntity, "part « 150 % » hors des bornes"},
	} {
		res := postForm(t, ts, "/sources", tt.form, admin)
		if res.StatusCode != tt.status || !strings.Contains(res.Body, tt.want) || !strings.Contains(res.Body, `value="`+tt.form.Get("url")+`"`) {
			t.Errorf("declare %v: %d, want %d with %q and the form as typed", tt.form, res.StatusCode, tt.status, tt.want)
		}
	}
	ok := url.Values{"nom": {"france-services"}, "type": {"tableur"}, "url": {"https://www.data.gouv.fr/fr/datasets/r/france-services.csv"}, "correspondance": {"france-services"}, "tous_les": {"7j"}, "priorite": {"1"}, "perte_max": {"40 %"}}
	res = postForm(t, ts, "/sources", ok, admin)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/sources?message=source-declaree" {
		t.Fatalf("declare: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	src, err := ts.store.Source(context.Background(), "france-services")
	if err != nil {
		t.Fatal(err)
	}
	if src.Type != store.SourceTableur || src.Correspondence != "france-services" || src.Interval != 7*24*3600e9 || src.Priority != 1 || src.MaxLoss != 0.4 || !strings.HasPrefix(src.DeclaredBy, "compte:") {
		t.Errorf("declared: %+v", src)
	}
	if page := getAs(t, ts, "/sources/france-services", admin); !strings.Contains(page.Body, "<dt>Correspondance</dt><dd><code>france-services</code></dd>") ||
		!strings.Contains(page.Body, "<dt>Perte maximale acceptée</dt><dd>40 % des enregistrements par moisson</dd>") {
		t.Errorf("the source's page lacks its correspondence or its largest loss:\n%s", page.Body)
	}
	if res := postForm(t, ts, "/sources", ok, admin); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "déjà déclarée") {
		t.Errorf("declared twice: %d", res.StatusCode)
	}
	res = getAs(t, ts, "/sources?message=source-declaree", admin)
	if !strings.Contains(res.Body, "La source est déclarée") || !strings.Contains(res.Body, "Supprimer la source france-services") {
		t.Errorf("list after declaring:\n%s", res.Body)
	}
	res = postForm(t, ts, "/sources/france-services/supprimer", url.Values{"confirmer": {"oui"}}, admin)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/sources?message=source-supprimee" {
		t.Fatalf("remove: %d %s", res.StatusCode, res.Body)
	}
	if res := getAs(t, ts, "/sources", admin); strings.Contains(res.Body, `href="/sources/france-services"`) {
		t.Error("a removed source is listed")
	}
	runs, err := ts.store.HarvestRuns(context.Background(), "france-services", 5)
	if err != nil || len(runs) != 1 || !strings.Contains(runs[0].Report, "supprimée") {
		t.Errorf("the removal is not recorded: %+v, %v", runs, err)
	}
	if res := postForm(t, ts, "/sources/france-services/supprimer", url.Values{"confirmer": {"oui"}}, admin); res.StatusCode != http.StatusNotFound {
		t.Errorf("removed twice: %d", res.StatusCode)
	}
}
