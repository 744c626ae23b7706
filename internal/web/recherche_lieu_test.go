package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/geocode"
	"maillage/internal/place"
	"maillage/internal/sqlite"
	"maillage/internal/territory"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newWhereServer serves places in Lyon 3e and Albigny-sur-Saône with the
// referential of real communes, and a geocoder at geocoderURL ("" none).
func newWhereServer(t *testing.T, geocoderURL string) (*testServer, *lockedBuffer) {
	return newWhereServerCentres(t, geocoderURL, true)
}

// newWhereServerCentres is newWhereServer, with the communes' centres or
// without them.
func newWhereServerCentres(t *testing.T, geocoderURL string, centres bool) (*testServer, *lockedBuffer) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	ref, err := territory.LoadDecoupage(func(name string) (io.ReadCloser, error) {
		return os.Open(filepath.Join("../territory/testdata/france", name))
	})
	if err != nil {
		t.Fatal(err)
	}
	if centres {
		ref.SetDefaultCentres()
	}
	if err := db.ReplaceTerritories(ctx, ref); err != nil {
		t.Fatal(err)
	}
	im, err := db.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []place.Lieu{
		lieu("lyon-3", 45.7600, 4.8500, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Médiathèque de la Part-Dieu", "Lyon", "69383", "69003"
		}),
		lieu("lyon-7", 0, 0, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal, l.Coordinates = "Centre social de Gerland", "Lyon", "69387", "69007", nil
		}),
		lieu("albigny", 45.8660, 4.8330, func(l *place.Lieu) {
			l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Bibliothèque d'Albigny", "Albigny-sur-Saône", "69003", "69250"
		}),
	} {
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	cfg := Config{Store: db, Now: func() time.Time { return monday10h }, Logger: slog.New(slog.NewTextHandler(logs, nil))}
	if geocoderURL != "" {
		cfg.Geocoder = geocode.NewClient(geocoderURL, cfg.Now)
	}
	s, err := NewServer(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{Server: s, h: s.Handler(), store: db}, logs
}

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return u
}

// 69003 is a postcode (Lyon 3e) before it is Albigny-sur-Saône's INSEE
// code, which is offered as "vous pensiez peut-être à".
func TestRecherchePostcodeBeforeINSEE(t *testing.T) {
	ts, _ := newWhereServer(t, "")
	res := ts.get(t, "/recherche?ou=69003&rayon_km=2")
	for _, want := range []string{"<h1>Lieux près de Lyon 3e Arrondissement (69003)</h1>", "Médiathèque de la Part-Dieu",
		"Vous pensiez peut-être à", "Albigny-sur-Saône (code INSEE 69003)</a>"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "Bibliothèque d&#39;Albigny") {
		t.Errorf("Albigny listed around Lyon 3e within 2 km")
	}
}

// The address service down: said on the page and in the log, and no list
// of the whole registry.
func TestRechercheGeocoderUnreachable(t *testing.T) {
	ts, logs := newWhereServer(t, closedPort(t))
	res := ts.get(t, "/recherche?ou="+strings.ReplaceAll("12 rue Garibaldi Lyon", " ", "+"))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Service d'adresses injoignable") {
		t.Errorf("page: %d %s", res.StatusCode, res.Body)
	}
	if strings.Contains(res.Body, "Médiathèque de la Part-Dieu") || !strings.Contains(res.Body, "0 lieu trouvé") {
		t.Errorf("places listed while the address is unknown")
	}
	if !strings.Contains(logs.String(), "géocodeur injoignable") {
		t.Errorf("not logged: %s", logs.String())
	}
	// Commune names still work.
	if res := ts.get(t, "/recherche?ou=Lyon"); !strings.Contains(res.Body, "Médiathèque de la Part-Dieu") {
		t.Errorf("Lyon not found with the geocoder down")
	}
	// Nothing found without a geocoder: no list either.
	ts, _ = newWhereServer(t, "")
	if res := ts.get(t, "/recherche?ou=Nullepart"); !strings.Contains(res.Body, "Nous n'avons pas trouvé") || strings.Contains(res.Body, "Médiathèque") {
		t.Errorf("unresolved: %s", res.Body)
	}
}

// Searches that need the address service are limited per client.
func TestRechercheGeocoderRateLimit(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	ban := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		io.WriteString(w, `{"features":[{"geometry":{"coordinates":[4.85,45.76]},"properties":{"label":"1 rue X 69003 Lyon","type":"housenumber","citycode":"69383","score":0.9}}]}`)
	}))
	defer ban.Close()
	ts, _ := newWhereServer(t, ban.URL)
	search := func(addr string, i int) response {
		req := httptest.NewRequest("GET", fmt.Sprintf("/recherche?ou=%d+rue+Garibaldi", i), nil)
		req.RemoteAddr = addr
		return ts.do(t, req)
	}
	for i := 0; i < geocodePerMinute; i++ {
		if res := search("192.0.2.1:1000", i); !strings.Contains(res.Body, "Médiathèque de la Part-Dieu") {
			t.Fatalf("search %d refused", i)
		}
	}
	res := search("192.0.2.1:1000", 999)
	if !strings.Contains(res.Body, "Trop de recherches d'adresses") || strings.Contains(res.Body, "Médiathèque") {
		t.Errorf("search over the limit: %s", res.Body)
	}
	if res := search("192.0.2.2:1000", 999); !strings.Contains(res.Body, "Médiathèque de la Part-Dieu") {
		t.Errorf("another client refused")
	}
	// Names of communes do not count.
	req := httptest.NewRequest("GET", "/recherche?ou=Lyon", nil)
	req.RemoteAddr = "192.0.2.1:1000"
	if res := ts.do(t, req); !strings.Contains(res.Body, "Médiathèque de la Part-Dieu") {
		t.Errorf("a commune name was limited")
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != geocodePerMinute+1 {
		t.Errorf("%d calls to the geocoder", calls)
	}
}

// Without commune centres, "Lyon" finds the places of its arrondissements.
func TestRechercheCommuneWithoutCentre(t *testing.T) {
	ts, _ := newWhereServerCentres(t, "", false)
	res := ts.get(t, "/recherche?ou=Lyon")
	for _, want := range []string{"Médiathèque de la Part-Dieu", "Centre social de Gerland", "2 lieux trouvés"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "Bibliothèque d&#39;Albigny") {
		t.Errorf("a place outside Lyon listed")
	}
}

// The places of Lyon are those of its arrondissements, in the API too.
func TestCodeINSEEOfArrondissements(t *testing.T) {
	ts, _ := newWhereServer(t, "")
	res := ts.get(t, "/api/v1/lieux?code_insee=69123")
	for _, want := range []string{`"lyon-3"`, `"lyon-7"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("code_insee=69123 lacks %s: %s", want, res.Body)
		}
	}
	if strings.Contains(res.Body, `"albigny"`) {
		t.Errorf("code_insee=69123 lists Albigny")
	}
	if res := ts.get(t, "/api/v1/lieux?code_insee=69387"); !strings.Contains(res.Body, `"lyon-7"`) || strings.Contains(res.Body, `"lyon-3"`) {
		t.Errorf("code_insee=69387: %s", res.Body)
	}
}

// Lyon has no single postcode: the title names it alone, and the
// suggestions are its arrondissements, from the 1er, in a compact list.
func TestRechercheLyonArrondissements(t *testing.T) {
	ts, _ := newWhereServer(t, "")
	res := ts.get(t, "/recherche?ou=Lyon")
	for _, want := range []string{"<h1>Lieux près de Lyon</h1>", `class="precision compacte"`, ">Lyon 1er</a>", ">Lyon 2e</a>"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if i, j := strings.Index(res.Body, "Lyon 1er"), strings.Index(res.Body, "Lyon 9e"); i < 0 || j < i {
		t.Errorf("arrondissements out of order")
	}
}
