package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

const harvestNowCSV = `id,nom,commune,code_postal,adresse,date_maj,services
h-1,EPN de la Madeleine,Albi,81000,1 rue Croix-Verte,2026-01-01,Maîtrise des outils numériques du quotidien
h-2,Médiathèque de Carmaux,Carmaux,81400,Place Gambetta,2026-01-01,Accès internet et matériel informatique
`

// TestSourceHarvestNow: an administrator harvests a source from its page,
// without JavaScript (a form, then 303 to the page): the page shows the
// harvest running, then its report. It runs under the source's lease:
// neither a second click nor another server's harvest runs beside it.
func TestSourceHarvestNow(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	release := make(chan struct{})
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	defer open()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release // the harvest stays running until the test lets it go
		w.Write([]byte(harvestNowCSV))
	}))
	defer srv.Close()
	src := store.Source{Name: "hub-tarn", Type: store.SourceStandard, URL: srv.URL + "/l.csv", Interval: 24 * time.Hour}
	if err := ts.store.DeclareSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	uid := mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	coord := session(t, ts, uid, monday10h)
	// A source has no territory: a coordinator sees no button, and is
	// refused (the authorization matrix has the route).
	other := session(t, ts, mustUser(t, ts, account.User{Email: "coord@tarn.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)

	// A server that does not harvest offers no button.
	if res := getAs(t, ts, "/sources/hub-tarn", coord); strings.Contains(res.Body, "/moissonner") {
		t.Error("a button without harvests on this server")
	}
	if res := postForm(t, ts, "/sources/hub-tarn/moissonner", nil, coord); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "maillage moissonner hub-tarn") {
		t.Errorf("harvest asked of a server that does not harvest: %d", res.StatusCode)
	}

	ts.cfg.Harvest = &harvest.Options{PrivateAddresses: true}
	if res := getAs(t, ts, "/sources/hub-tarn", other); strings.Contains(res.Body, "/moissonner") || !strings.Contains(res.Body, "seuls les administrateurs") {
		t.Error("a coordinator is offered to harvest a source")
	}
	if res := postForm(t, ts, "/sources/hub-tarn/moissonner", nil, other); res.StatusCode != http.StatusForbidden {
		t.Errorf("a coordinator harvested: %d", res.StatusCode)
	}
	res := getAs(t, ts, "/sources/hub-tarn", coord)
	if !strings.Contains(res.Body, `<form action="/sources/hub-tarn/moissonner" method="post">`) || !strings.Contains(res.Body, "Moissonner la source hub-tarn maintenant") {
		t.Fatalf("no button on the source's page:\n%s", res.Body)
	}
	if !strings.Contains(res.Body, "Prochaine moisson programmée") {
		t.Error("the page does not say when the source is harvested next")
	}
	res = postForm(t, ts, "/sources/hub-tarn/moissonner", nil, coord)
	loc, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || err != nil || loc.Path != "/sources/hub-tarn" || loc.Query().Get("message") != "moisson-lancee" {
		t.Fatalf("harvest now: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	id, err := strconv.ParseInt(loc.Query().Get("moisson"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	res = getAs(t, ts, loc.RequestURI(), coord)
	for _, want := range []string{"Moisson lancée", "Moisson en cours depuis", "en cours"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the page after the click lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "Moissonner la source hub-tarn maintenant") {
		t.Error("the button is offered while the harvest runs")
	}
	// Under the source's lease: a second click, a scheduled harvest or
	// another server's wait.
	if res := postForm(t, ts, "/sources/hub-tarn/moissonner", nil, coord); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "moisson-deja-en-cours") {
		t.Errorf("second click: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, err := harvest.Harvest(ctx, ts.store, src, harvest.Options{Holder: "autre-serveur:1", PrivateAddresses: true}); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("another server harvested beside it: %v", err)
	}
	open()
	var run store.HarvestRun
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if run, err = ts.store.HarvestRun(ctx, id); err != nil {
			t.Fatal(err)
		}
		if run.Status != store.HarvestRunning || time.Now().After(deadline) {
			break
		}
	}
	if run.Status != store.HarvestDone || run.Created != 2 {
		t.Fatalf("the harvest asked: %+v", run)
	}
	res = getAs(t, ts, "/sources/hub-tarn", coord)
	if !strings.Contains(res.Body, "réussie") || !strings.Contains(res.Body, "2 créés") || strings.Contains(res.Body, "Moisson en cours") ||
		!strings.Contains(res.Body, "Moissonner la source hub-tarn maintenant") {
		t.Errorf("the page once the harvest ended:\n%s", res.Body)
	}
	es, err := ts.store.Audit(ctx, "source", "hub-tarn")
	if err != nil {
		t.Fatal(err)
	}
	asked := false
	for _, e := range es {
		asked = asked || e.Action == store.ActionSourceHarvestAsked && e.Actor == "compte:"+strconv.FormatInt(uid, 10)
	}
	if !asked {
		t.Errorf("the journal does not say who asked: %+v", es)
	}
	// A removed source is not harvested.
	if err := ts.store.RemoveSource(ctx, "hub-tarn", "test"); err != nil {
		t.Fatal(err)
	}
	if res := postForm(t, ts, "/sources/hub-tarn/moissonner", nil, coord); res.StatusCode != http.StatusNotFound {
		t.Errorf("harvest of a removed source: %d", res.StatusCode)
	}
}
