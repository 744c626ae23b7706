package harvest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/importer"
	"maillage/internal/place"
	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/standard"
	"maillage/internal/store"
)

// engines runs fn on a fresh store of each engine (PostgreSQL when
// configured, mandatory in CI).
func engines(t *testing.T, fn func(t *testing.T, st store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, st)
	})
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeFile serves one file with an ETag, answering 304 to a request that
// names it; content can be changed, requests are recorded.
type fakeFile struct {
	mu       sync.Mutex
	body     []byte
	etag     string
	noValid  bool // serve without validators
	requests []*http.Request
}

func (f *fakeFile) set(body []byte, etag string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.body, f.etag = body, etag
}

func (f *fakeFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Clone(context.Background()))
	if !f.noValid {
		if r.Header.Get("If-None-Match") == f.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", f.etag)
		w.Header().Set("Last-Modified", "Tue, 01 Dec 2026 08:00:00 GMT")
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Write(f.body)
}

func declare(t *testing.T, st store.Store, src store.Source) store.Source {
	t.Helper()
	if err := st.DeclareSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	return src
}

func ids(t *testing.T, st store.Store) []string {
	t.Helper()
	var out []string
	for l, err := range st.Lieux(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l.ID)
	}
	slices.Sort(out)
	return out
}

// dropLines returns the CSV without the lines holding any of the ids.
func dropLines(csv []byte, ids ...string) []byte {
	var keep []string
	for _, line := range strings.SplitAfter(string(csv), "\n") {
		if !slices.ContainsFunc(ids, func(id string) bool { return strings.HasPrefix(line, id+",") }) {
			keep = append(keep, line)
		}
	}
	return []byte(strings.Join(keep, ""))
}

func TestHarvestStandardURL(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		csv := readFile(t, "testdata/standard/hub-v1.csv")
		fake := &fakeFile{body: csv, etag: `"v1"`}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		src := declare(t, st, store.Source{Name: "hub-tarn", Type: store.SourceStandard, URL: srv.URL + "/lieux.csv"})

		run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != store.HarvestDone || run.Created != 4 || run.ETag != `"v1"` || !strings.HasPrefix(run.ContentHash, "sha256:") || run.Ended.IsZero() {
			t.Errorf("first harvest: %+v", run)
		}
		if !strings.Contains(run.Report, "4 créés") || !strings.Contains(run.Report, "Doublons : ") {
			t.Errorf("report without the counts:\n%s", run.Report)
		}
		want := []string{"hub-001", "hub-002", "hub-003", "hub-004"}
		if got := ids(t, st); !slices.Equal(got, want) {
			t.Errorf("places %v, want %v", got, want)
		}

		// Unchanged: the server answers 304 to the validators it gave.
		run, err = Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := fake.requests[len(fake.requests)-1].Header.Get("If-None-Match"); got != `"v1"` {
			t.Errorf("second request's If-None-Match %q, want the ETag given", got)
		}
		if run.Status != store.HarvestUnchanged || run.ETag != `"v1"` || run.Created+run.Updated != 0 {
			t.Errorf("unchanged harvest: %+v", run)
		}

		// One place changed, one gone (a quarter: under the 30 % bound).
		changed := strings.Replace(string(dropLines(csv, "hub-004")), "Tiers-lieu La Grange", "Tiers-lieu La Grange (Gaillac)", 1)
		fake.set([]byte(changed), `"v2"`)
		run, err = Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != store.HarvestDone || run.Updated != 1 || run.Unchanged != 2 || run.Withdrawn != 1 || run.ETag != `"v2"` {
			t.Errorf("changed harvest: %+v", run)
		}
		if !strings.Contains(run.Report, "1 retiré") {
			t.Errorf("report without the withdrawn record:\n%s", run.Report)
		}
		// The record gone from its source is withdrawn: its place is no
		// longer published.
		if got := ids(t, st); !slices.Equal(got, []string{"hub-001", "hub-002", "hub-003"}) {
			t.Errorf("places after a record disappeared %v", got)
		}
		l, err := st.Lieu(ctx, "hub-003")
		if err != nil {
			t.Fatal(err)
		}
		if l.Nom != "Tiers-lieu La Grange (Gaillac)" {
			t.Errorf("updated place's name %q", l.Nom)
		}
		// It comes back with its source's record.
		fake.set(csv, `"v3"`)
		if run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); err != nil || run.Created+run.Updated == 0 {
			t.Errorf("harvest with the record back: %+v, %v", run, err)
		}
		if got := ids(t, st); !slices.Equal(got, want) {
			t.Errorf("places after the record came back %v, want %v", got, want)
		}
	})
}

func TestHarvestMassLossRefused(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		csv := readFile(t, "testdata/standard/hub-v1.csv")
		fake := &fakeFile{body: csv, etag: `"v1"`}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		src := declare(t, st, store.Source{Name: "hub-tarn", Type: store.SourceStandard, URL: srv.URL + "/lieux.csv"})
		if _, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); err != nil {
			t.Fatal(err)
		}
		before := ids(t, st)
		// A truncated export: two of four places left, and one changed.
		truncated := strings.Replace(string(dropLines(csv, "hub-003", "hub-004")), "Carmaux,", "Carmaux-Changé,", 1)
		fake.set([]byte(truncated), `"v2"`)
		run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true})
		var loss *importer.LossError
		if !errors.As(err, &loss) {
			t.Fatalf("harvest of a truncated export: %v, want a *importer.LossError", err)
		}
		if run.Status != store.HarvestFailed || !strings.Contains(run.Error, "perdrait 2 enregistrements sur 4") ||
			!strings.Contains(run.Error, "relancez avec « maillage moissonner "+src.Name+" --perte-max 50% »") {
			t.Errorf("recorded failure: %+v", run)
		}
		if got := ids(t, st); !slices.Equal(got, before) {
			t.Errorf("places after a refused harvest %v, want %v", got, before)
		}
		l, err := st.Lieu(ctx, "hub-002")
		if err != nil {
			t.Fatal(err)
		}
		if l.Commune != "Carmaux" {
			t.Errorf("a refused harvest changed a place: commune %q", l.Commune)
		}
		// A larger bound, for this source, lets it through.
		src.MaxLoss = 0.6
		if run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); err != nil || run.Status != store.HarvestDone {
			t.Errorf("with 60 %% allowed: %+v, %v", run, err)
		}
	})
}

func TestHarvestUnchangedByContentHash(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		fake := &fakeFile{body: readFile(t, "testdata/standard/hub-v1.csv"), noValid: true}
		srv := httptest.NewServer(fake)
		defer srv.Close()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: srv.URL + "/lieux.csv"})
		first, err := Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatal(err)
		}
		run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != store.HarvestUnchanged || run.ContentHash != first.ContentHash || !strings.Contains(run.Report, "même empreinte") {
			t.Errorf("same content without validators: %+v", run)
		}
		// Forced, it is imported again (every record unchanged).
		run, err = Harvest(ctx, st, src, Options{PrivateAddresses: true, Force: true})
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != store.HarvestDone || run.Unchanged != 4 {
			t.Errorf("forced harvest: %+v", run)
		}
	})
}

func TestHarvestLocalFile(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		src := declare(t, st, store.Source{Name: "fichier", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv"})
		run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true})
		if err != nil || run.Created != 4 {
			t.Fatalf("local file: %+v, %v", run, err)
		}
		src.URL = "testdata/absent.csv"
		run, err = Harvest(context.Background(), st, src, Options{PrivateAddresses: true})
		if !errors.Is(err, failure.ErrNotFound) || !strings.Contains(run.Error, "testdata/absent.csv : fichier introuvable") {
			t.Errorf("missing file: %+v, %v", run, err)
		}
	})
}

// A remote answer that never ends, or is too large, stops the harvest
// with a French error; the registry is as it was and the failure recorded.
func TestHarvestSlowAndLarge(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		stop := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/csv")
			w.Write([]byte("id,pivot,nom,commune,code_postal,adresse,date_maj\n"))
			for {
				select {
				case <-stop:
					return
				case <-r.Context().Done():
					return
				case <-time.After(20 * time.Millisecond):
					w.Write([]byte("x"))
					w.(http.Flusher).Flush()
				}
			}
		}))
		defer srv.Close()
		defer close(stop)
		src := declare(t, st, store.Source{Name: "lent", Type: store.SourceStandard, URL: srv.URL + "/sans-fin.csv"})
		run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true, Timeout: 300 * time.Millisecond})
		if err == nil || !strings.Contains(run.Error, "délai dépassé") || !strings.Contains(run.Error, "sans-fin.csv") || run.Status != store.HarvestFailed {
			t.Errorf("endless answer: %+v, %v", run, err)
		}
		big := &fakeFile{body: []byte(strings.Repeat("a", 4096)), etag: `"x"`}
		srv2 := httptest.NewServer(big)
		defer srv2.Close()
		src = declare(t, st, store.Source{Name: "gros", Type: store.SourceStandard, URL: srv2.URL + "/gros.csv"})
		run, err = Harvest(ctx, st, src, Options{PrivateAddresses: true, Limits: &standard.Limits{File: 1024, Record: 1024, Field: 1024}})
		if err == nil || !strings.Contains(run.Error, "au-delà de la limite d'un fichier (1 Ko)") {
			t.Errorf("answer over the limit: %+v, %v", run, err)
		}
		if got := ids(t, st); len(got) != 0 {
			t.Errorf("places after failed harvests: %v", got)
		}
	})
}

// Another process harvesting the source holds its lease: a second harvest
// is refused, not run beside it.
func TestHarvestLeaseHeld(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv"})
		if ok, err := st.AcquireLease(ctx, "moisson:hub", "autre-serveur:42", time.Minute); err != nil || !ok {
			t.Fatal(ok, err)
		}
		_, err := Harvest(ctx, st, src, Options{PrivateAddresses: true, Holder: "moi:1"})
		if !errors.Is(err, failure.ErrConflict) || !strings.Contains(failure.MessageOf(err), "déjà en cours de moisson") {
			t.Errorf("harvest while another holds the lease: %v", err)
		}
		if runs, err := st.HarvestRuns(ctx, "hub", 10); err != nil || len(runs) != 0 {
			t.Errorf("runs recorded without the lease: %v, %v", runs, err)
		}
		if err := st.ReleaseLease(ctx, "moisson:hub", "autre-serveur:42"); err != nil {
			t.Fatal(err)
		}
		if _, err := Harvest(ctx, st, src, Options{PrivateAddresses: true, Holder: "moi:1"}); err != nil {
			t.Errorf("after the lease was given back: %v", err)
		}
		// The harvest gave its lease back.
		if ok, err := st.AcquireLease(ctx, "moisson:hub", "autre-serveur:42", time.Minute); err != nil || !ok {
			t.Errorf("lease kept after the harvest: %v, %v", ok, err)
		}
	})
}

// fakeAPIs serves the recorded answers of data.gouv.fr, the Coop and
// data·inclusion.
func fakeAPIs(t *testing.T) (*httptest.Server, *[]*http.Request) {
	var mu sync.Mutex
	var seen []*http.Request
	mux := http.NewServeMux()
	var srv *httptest.Server
	serve := func(path, contentType string, bearer string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen = append(seen, r.Clone(context.Background()))
			mu.Unlock()
			if bearer != "" && r.Header.Get("Authorization") != "Bearer "+bearer {
				http.Error(w, `{"detail":"Not authenticated"}`, http.StatusUnauthorized)
				return
			}
			b := readFile(t, path)
			b = []byte(strings.ReplaceAll(string(b), "{{BASE}}", srv.URL))
			w.Header().Set("Content-Type", contentType)
			w.Write(b)
		}
	}
	mux.HandleFunc("GET /api/1/datasets/lieux-de-mediation-numerique-du-tarn/", serve("testdata/datagouv/dataset.json", "application/json", ""))
	mux.HandleFunc("GET /fichiers/hub-v1.csv", serve("testdata/standard/hub-v1.csv", "text/csv", ""))
	mux.HandleFunc("GET /fichiers/hub-v1.json", serve("testdata/datagouv/hub-v1.json", "application/json", ""))
	mux.HandleFunc("GET /api/v1/lieux-activite", serve("testdata/coop/lieux-activite.json", "application/json", "client-1:secret"))
	mux.HandleFunc("GET /di/api/v1/structures", func(w http.ResponseWriter, r *http.Request) {
		serve("testdata/data-inclusion/structures-"+r.URL.Query().Get("page")+".json", "application/json", "jeton-di")(w, r)
	})
	mux.HandleFunc("GET /di/api/v1/services", serve("testdata/data-inclusion/services-1.json", "application/json", "jeton-di"))
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &seen
}

func TestHarvestDataGouv(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		srv, seen := fakeAPIs(t)
		src := declare(t, st, store.Source{Name: "tarn-datagouv", Type: store.SourceDataGouv,
			URL: "https://www.data.gouv.fr/fr/datasets/lieux-de-mediation-numerique-du-tarn/"})
		run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, DataGouvURL: srv.URL + "/api/1"})
		if err != nil {
			t.Fatal(err)
		}
		// The CSV and the JSON hold the same four places: kept once each;
		// the PDF, without the schema, is not fetched.
		if run.Status != store.HarvestDone || run.Created != 4 || run.Rejected != 0 {
			t.Errorf("data.gouv.fr harvest: %+v\n%s", run, run.Report)
		}
		for _, r := range *seen {
			if strings.HasSuffix(r.URL.Path, ".pdf") {
				t.Errorf("a resource without the schema was fetched: %s", r.URL)
			}
		}
		if !strings.Contains(run.Report, "4 lieux déjà donnés par une ressource précédente") {
			t.Errorf("report does not say the JSON repeated the CSV:\n%s", run.Report)
		}
		if got := ids(t, st); len(got) != 4 {
			t.Errorf("places %v", got)
		}
		src.URL = "jeu-absent"
		run, err = Harvest(context.Background(), st, src, Options{PrivateAddresses: true, DataGouvURL: srv.URL + "/api/1"})
		if err == nil || !strings.Contains(run.Error, "le serveur répond 404") {
			t.Errorf("unknown dataset: %+v, %v", run, err)
		}
	})
}

func TestHarvestCoop(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		srv, seen := fakeAPIs(t)
		src := declare(t, st, store.Source{Name: "coop", Type: store.SourceCoop, URL: srv.URL + "/api/v1/lieux-activite"})
		env := map[string]string{}
		opt := Options{PrivateAddresses: true, Getenv: func(k string) string { return env[k] }, CoopURL: srv.URL + "/api/v1/lieux-activite"}
		run, err := Harvest(context.Background(), st, src, opt)
		if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(run.Error, EnvCoopKey) {
			t.Errorf("without its key: %+v, %v", run, err)
		}
		env[EnvCoopKey] = "client-1:faux"
		if run, err = Harvest(context.Background(), st, src, opt); !errors.Is(err, failure.ErrForbidden) || !strings.Contains(run.Error, "refuse l'accès") {
			t.Errorf("with a wrong key: %+v, %v", run, err)
		}
		env[EnvCoopKey] = "client-1:secret"
		run, err = Harvest(context.Background(), st, src, opt)
		if err != nil {
			t.Fatal(err)
		}
		if run.Created != 2 {
			t.Errorf("coop harvest: %+v\n%s", run, run.Report)
		}
		// One of the two places lists its aidants: counted in the singular.
		if !strings.Contains(run.Report, "(aidants) d'un lieu n'est pas reprise") {
			t.Errorf("coop harvest's report does not say the aidants of one place were left out:\n%s", run.Report)
		}
		if got := (*seen)[len(*seen)-1].Header.Get("Authorization"); got != "Bearer client-1:secret" {
			t.Errorf("Authorization %q", got)
		}
		l, err := st.Lieu(context.Background(), "6f0c2b1e-8a47-4d3c-9b5e-1a2b3c4d5e6f")
		if err != nil {
			t.Fatal(err)
		}
		if l.Nom != "Maison de quartier Bagatelle" || !slices.Contains(l.DispositifProgrammesNationaux, place.DispositifCNFS) {
			t.Errorf("coop place: %+v", l)
		}
	})
}

func TestHarvestDataInclusion(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		srv, seen := fakeAPIs(t)
		src := declare(t, st, store.Source{Name: "data-inclusion", Type: store.SourceDataInclusion, URL: srv.URL + "/di/api/v1"})
		opt := Options{PrivateAddresses: true, Getenv: func(k string) string { return map[string]string{EnvDataInclusionToken: "jeton-di"}[k] }}
		// Without a size limit (--limite-fichier 0) too.
		run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, Getenv: opt.Getenv, Limits: &standard.Limits{}, DataInclusionURL: srv.URL + "/di/api/v1"})
		if err != nil {
			t.Fatal(err)
		}
		// Two of the three structures offer digital help; the mission
		// locale does not.
		if run.Created != 2 {
			t.Errorf("data·inclusion harvest: %+v\n%s", run, run.Report)
		}
		pages := 0
		for _, r := range *seen {
			if r.URL.Path == "/di/api/v1/structures" {
				pages++
			}
		}
		if pages != 2 {
			t.Errorf("%d pages of structures read, want 2", pages)
		}
		if got := ids(t, st); !slices.Equal(got, []string{"dora--3f1c", "soliguide--51234"}) {
			t.Errorf("places %v", got)
		}
		l, err := st.Lieu(context.Background(), "dora--3f1c")
		if err != nil {
			t.Fatal(err)
		}
		wantServices := []string{place.ServiceDemarches, place.ServiceOutils}
		if !slices.Equal(l.Services, wantServices) || l.Pivot != "77554433200018" || l.DateMaj.Format("2006-01-02") != "2026-10-11" ||
			!slices.Equal(l.PublicsSpecifiquementAdresses, []string{place.PublicSeniors, place.PublicFamilles}) || !slices.Equal(l.FraisACharge, []string{place.FraisGratuit}) {
			t.Errorf("centre social mapped as %+v", l)
		}
		l, err = st.Lieu(context.Background(), "soliguide--51234")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(l.Services, []string{place.ServiceAcces, place.ServiceOutils}) || l.PriseRDV != "https://rdv.blagnac.fr/numerique" ||
			!slices.Contains(l.ModalitesAccompagnement, place.AccompagnementDistance) || l.FicheAccesLibre == "" {
			t.Errorf("EPN mapped as %+v", l)
		}
	})
}

func TestHarvestTableur(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		// The France Services list's layout, with the built-in
		// correspondence; its places are dated by the file's date.
		file := filepath.Join(t.TempDir(), "france-services.csv")
		if err := os.WriteFile(file, readFile(t, "testdata/tableur/france-services.csv"), 0o644); err != nil {
			t.Fatal(err)
		}
		listDate := time.Date(2023, 7, 15, 9, 0, 0, 0, time.UTC)
		if err := os.Chtimes(file, listDate, listDate); err != nil {
			t.Fatal(err)
		}
		src := declare(t, st, store.Source{Name: "france-services", Type: store.SourceTableur, URL: file, Correspondence: "france-services"})
		run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatalf("%v\n%s", err, run.Report)
		}
		if run.Status != store.HarvestDone || run.Created != 3 || !strings.Contains(run.Report, "correspondance « france-services »") {
			t.Errorf("France Services harvest: %+v\n%s", run, run.Report)
		}
		bus, err := st.Lieu(ctx, "2102")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(bus.Itinerance, []string{place.ItineranceItinerant}) {
			t.Errorf("mobile France services: itinérance %v, want Itinérant", bus.Itinerance)
		}
		if got := bus.DateMaj.Format("2006-01-02"); got != "2023-07-15" {
			t.Errorf("date_maj %s, want the file's date 2023-07-15", got)
		}
		// Harvested again unchanged: skipped.
		if run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); err != nil || run.Status != store.HarvestUnchanged {
			t.Errorf("second harvest: %+v, %v", run, err)
		}
		src.Correspondence = ""
		if _, err := Harvest(ctx, st, src, Options{PrivateAddresses: true}); !errors.Is(err, failure.ErrInvalid) {
			t.Errorf("tableur without correspondence: %v", err)
		}
		// A converter given in the options is the one used.
		src = declare(t, st, store.Source{Name: "hub", Type: store.SourceTableur, URL: "testdata/standard/hub-v1.csv", Correspondence: "hub.yaml"})
		var gotCorr string
		conv := func(ctx context.Context, in io.Reader, file, corr string, _ time.Time, out io.Writer) ([]standard.Diagnostic, error) {
			gotCorr = corr
			_, err := io.Copy(out, in) // this spreadsheet is already in the standard
			return []standard.Diagnostic{{File: file, Line: 3, Index: -1, Problem: place.Problem{Severity: place.Warning, Field: "h_lundi", Value: "9h-12h", Rule: "horaires", Message: "horaires illisibles"}}}, err
		}
		run, err = Harvest(ctx, st, src, Options{PrivateAddresses: true, Tableur: conv})
		if err != nil {
			t.Fatal(err)
		}
		if gotCorr != "hub.yaml" || run.Created != 4 || !strings.Contains(run.Report, "horaires illisibles") {
			t.Errorf("tableur harvest (correspondence %q): %+v\n%s", gotCorr, run, run.Report)
		}
	})
}

// lostLease is a store whose lease is lost once the harvest has started
// (another process took it over): renewals before that succeed, so that
// a slow start (a loaded machine) does not end the test another way.
type lostLease struct {
	store.Store
	mu      sync.Mutex
	started bool
}

func (l *lostLease) StartHarvest(ctx context.Context, source string) (int64, error) {
	id, err := l.Store.StartHarvest(ctx, source)
	l.mu.Lock()
	l.started = true
	l.mu.Unlock()
	return id, err
}

func (l *lostLease) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.started, nil
}

// A harvest whose lease cannot be renewed stops (another process may
// take the source over), records why, and leaves the registry as it was.
func TestHarvestLeaseLost(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		stop := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("id,pivot,nom,commune,code_postal,adresse,date_maj\n"))
			w.(http.Flusher).Flush()
			select { // a slow answer: the lease's renewal comes first
			case <-stop:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(stop)
		src := declare(t, st, store.Source{Name: "lente", Type: store.SourceStandard, URL: srv.URL + "/l.csv"})
		run, err := Harvest(context.Background(), &lostLease{Store: st}, src, Options{PrivateAddresses: true, LeaseTTL: 150 * time.Millisecond, Timeout: 10 * time.Second})
		if !errors.Is(err, failure.ErrConflict) || !strings.Contains(run.Error, "le bail de la source a été perdu") || run.Status != store.HarvestFailed {
			t.Errorf("lease lost: %+v, %v", run, err)
		}
		if got := ids(t, st); len(got) != 0 {
			t.Errorf("places: %v", got)
		}
	})
}

// busyLease is a store whose lease renewals fail with an error (the
// database busy) a given number of times in a row, then succeed.
type busyLease struct {
	store.Store
	mu       sync.Mutex
	calls    int
	failures int
	// renewed is closed at the first renewal that succeeds after the
	// failures.
	renewed chan struct{}
}

func (l *busyLease) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.calls > 1 && l.calls <= 1+l.failures {
		return false, errors.New("database is locked")
	}
	if l.calls == 2+l.failures {
		close(l.renewed)
	}
	return true, nil
}

// A renewal that fails once because the database is busy (a long write
// holds it) does not stop the harvest; failing twice in a row, before the
// lease can expire, does.
func TestHarvestLeaseRenewalBusy(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		for _, tt := range []struct {
			failures int
			lost     bool
		}{{1, false}, {2, true}} {
			stop := make(chan struct{})
			bl := &busyLease{Store: st, failures: tt.failures, renewed: make(chan struct{})}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Write([]byte("id,pivot,nom,commune,code_postal,adresse,date_maj\n"))
				w.(http.Flusher).Flush()
				// The answer ends once the renewals failed and one
				// succeeded after them, or when the harvest gives up: not
				// after a while, which a loaded machine may fill with
				// fewer renewals than the test needs.
				select {
				case <-bl.renewed:
				case <-r.Context().Done():
				case <-stop:
				case <-time.After(30 * time.Second):
					t.Error("no renewal succeeded after the failures, and the harvest went on")
				}
				w.Write([]byte("a,,EPN A,Albi,81000,1 rue,2026-01-01\n"))
			}))
			src := declare(t, st, store.Source{Name: fmt.Sprintf("occupee-%d", tt.failures), Type: store.SourceStandard, URL: srv.URL + "/l.csv"})
			run, err := Harvest(context.Background(), bl, src, Options{PrivateAddresses: true, LeaseTTL: 150 * time.Millisecond, Timeout: 10 * time.Second})
			close(stop)
			srv.Close()
			lost := errors.Is(err, failure.ErrConflict) && strings.Contains(run.Error, "le bail de la source a été perdu")
			if lost != tt.lost || !tt.lost && (err != nil || run.Status != store.HarvestDone) {
				t.Errorf("%d busy renewals: %+v, %v (calls %d)", tt.failures, run, err, bl.calls)
			}
		}
	})
}
