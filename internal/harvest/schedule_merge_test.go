package harvest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// failingMerges is a store whose merge runs fail at their last step.
type failingMerges struct{ store.Store }

func (failingMerges) MergeRecords(context.Context, []store.RecordMerge, []store.PendingRecord) ([]store.Merged, error) {
	return nil, errors.New("panne simulée")
}

// duplicateSources serves two sources that share one place.
func duplicateSources(t *testing.T) *httptest.Server {
	files := map[string]string{
		"/national.csv": "id,pivot,nom,commune,code_postal,adresse,date_maj\nn1,,Médiathèque Jean Moulin,Albi,81000,12 rue Pasteur,2026-01-01\n",
		"/hub.csv":      "id,pivot,nom,commune,code_postal,adresse,date_maj\nh1,,Mediatheque Jean-Moulin,Albi,81000,12 rue Pasteur,2026-02-01\n",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestScheduleMergeFailedWarns: a scheduled harvest whose import
// committed but whose merge run failed is recorded with the merge's error
// and logged as a warning, not as a plain success.
func TestScheduleMergeFailedWarns(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := duplicateSources(t)
	declare(t, db, store.Source{Name: "national", Type: store.SourceStandard, URL: srv.URL + "/national.csv", Interval: 24 * time.Hour})
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ScheduleOnce(ctx, db, time.Now, Options{PrivateAddresses: true}, log)
	declare(t, db, store.Source{Name: "hub", Type: store.SourceStandard, URL: srv.URL + "/hub.csv", Interval: 24 * time.Hour})
	logs.Reset()
	ScheduleOnce(ctx, failingMerges{db}, time.Now, Options{PrivateAddresses: true}, log)
	runs, err := db.HarvestRuns(ctx, "hub", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || !MergeFailed(runs[0]) || !strings.Contains(runs[0].Error, "panne simulée") {
		t.Fatalf("harvest whose merge failed: %+v", runs)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "recherche des doublons a échoué") {
		t.Errorf("logs of a harvest whose merge failed:\n%s", logs.String())
	}
}
