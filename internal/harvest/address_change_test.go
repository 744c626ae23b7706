package harvest

import (
	"context"
	"net/http/httptest"
	"testing"

	"maillage/internal/store"
)

// A source given a new address (sources modifier --url, or removed and
// declared again) forgets the old address's validators: the new address
// is asked without If-None-Match / If-Modified-Since, and its content is
// imported even if its ETag or date happen to match.
func TestHarvestNewAddressForgetsValidators(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		csv := readFile(t, "testdata/standard/hub-v1.csv")
		// Same validators on every server: only the address changes.
		old := &fakeFile{body: dropLines(csv, "hub-003", "hub-004"), etag: `"v1"`}
		moved := &fakeFile{body: csv, etag: `"v1"`}
		again := &fakeFile{body: dropLines(csv, "hub-001"), etag: `"v1"`}
		srvOld, srvMoved, srvAgain := httptest.NewServer(old), httptest.NewServer(moved), httptest.NewServer(again)
		defer srvOld.Close()
		defer srvMoved.Close()
		defer srvAgain.Close()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: srvOld.URL + "/lieux.csv"})
		opt := Options{PrivateAddresses: true}
		if run, err := Harvest(ctx, st, src, opt); err != nil || run.Created != 2 {
			t.Fatalf("first harvest: %+v, %v", run, err)
		}
		addr := srvMoved.URL + "/lieux.csv"
		src, _, err := st.ChangeSource(ctx, "hub", store.SourceChange{URL: &addr}, "test")
		if err != nil {
			t.Fatal(err)
		}
		run, err := Harvest(ctx, st, src, opt)
		if err != nil || run.Status != store.HarvestDone || run.Created != 2 {
			t.Errorf("harvest of the new address: %s, %d created, %v; want 2 created\n%s", run.Status, run.Created, err, run.Report)
		}
		for _, r := range moved.requests {
			if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
				t.Errorf("the new address was asked with the old one's validators: %v", r.Header)
			}
		}
		// Removed, then declared again elsewhere.
		if _, err := Remove(ctx, st, "hub", opt); err != nil {
			t.Fatal(err)
		}
		src = declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: srvAgain.URL + "/lieux.csv"})
		run, err = Harvest(ctx, st, src, opt)
		if err != nil || run.Status != store.HarvestDone || len(ids(t, st)) != 3 {
			t.Errorf("harvest of the source declared again: %s, %v, places %v; want 3\n%s", run.Status, err, ids(t, st), run.Report)
		}
	})
}
