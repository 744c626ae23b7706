package harvest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"maillage/internal/sqlite"
	"maillage/internal/standard"
	"maillage/internal/store"
)

// endlessDI is a data·inclusion API whose lists never end: every page
// says there are a billion, each holds perPage structures of size bytes.
func endlessDI(t *testing.T, perPage, size int) (*httptest.Server, *atomic.Int64) {
	var pages atomic.Int64
	item := fmt.Sprintf(`{"id":"x","source":"s","nom":%q,"date_maj":"2026-01-01"}`, strings.Repeat("N", size))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := pages.Add(1)
		items := make([]string, perPage)
		for i := range items {
			items[i] = strings.Replace(item, `"x"`, fmt.Sprintf(`"x%d-%d"`, n, i), 1)
		}
		fmt.Fprintf(w, `{"items":[%s],"total":1000000000,"page":%s,"pages":1000000000}`, strings.Join(items, ","), r.URL.Query().Get("page"))
	}))
	t.Cleanup(srv.Close)
	return srv, &pages
}

// The pages of the data·inclusion API count together against the size
// limit of a file: an API that never stops paging ends the harvest with
// a French error after about that much, not after a thousand pages held
// in memory.
func TestDataInclusionTotalBounded(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		srv, pages := endlessDI(t, 100, 1000) // ~100 kB a page
		src := declare(t, st, store.Source{Name: "di", Type: store.SourceDataInclusion, URL: srv.URL + "/api/v1"})
		lim := standard.DefaultLimits
		lim.File = 1 << 20
		run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, DataInclusionURL: srv.URL,
			Getenv: func(string) string { return "jeton" }, Limits: &lim})
		if err == nil || run.Status != store.HarvestFailed || !strings.Contains(run.Error, "au-delà de la limite d'un fichier (1 Mo)") {
			t.Errorf("endless API: %+v, %v", run, err)
		}
		if n := pages.Load(); n > 12 {
			t.Errorf("%d pages read for a limit of 10 pages' size", n)
		}
	})
}

// Without a size limit, the number of pages is bounded.
func TestDataInclusionPagesBounded(t *testing.T) {
	srv, pages := endlessDI(t, 1, 10)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src := declare(t, st, store.Source{Name: "di", Type: store.SourceDataInclusion, URL: srv.URL + "/api/v1"})
	run, err := Harvest(context.Background(), st, src, Options{PrivateAddresses: true, DataInclusionURL: srv.URL,
		Getenv: func(string) string { return "jeton" }, Limits: &standard.Limits{}})
	if err == nil || !strings.Contains(run.Error, fmt.Sprintf("plus de %d pages", diMaxPages)) {
		t.Errorf("endless API without size limit: %+v, %v", run, err)
	}
	if n := pages.Load(); n > diMaxPages+1 {
		t.Errorf("%d pages read, bound %d", n, diMaxPages)
	}
}
