package harvest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"maillage/internal/standard"
	"maillage/internal/store"
)

// panicking is a spreadsheet converter with a bug.
func panicking(context.Context, io.Reader, string, string, time.Time, io.Writer) ([]standard.Diagnostic, error) {
	var m map[string]int
	m["boum"]++ // assignment to entry in nil map
	return nil, nil
}

// A harvest that panics is recorded as failed with an internal error and
// the schedule logs it and goes on with the other sources: one source's
// bug never stops a server.
func TestSchedulePanicRecovered(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		declare(t, st, store.Source{Name: "a-boum", Type: store.SourceTableur, URL: "testdata/standard/hub-v1.csv", Correspondence: "x", Interval: time.Hour})
		declare(t, st, store.Source{Name: "b-hub", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv", Interval: time.Hour})
		var logs bytes.Buffer
		ScheduleOnce(ctx, st, time.Now, Options{PrivateAddresses: true, Tableur: panicking}, slog.New(slog.NewTextHandler(&logs, nil)))
		runs, err := st.HarvestRuns(ctx, "a-boum", 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Status != store.HarvestFailed || !strings.Contains(runs[0].Error, "erreur interne") {
			t.Errorf("runs of the panicking source: %+v", runs)
		}
		runs, err = st.HarvestRuns(ctx, "b-hub", 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Status != store.HarvestDone {
			t.Errorf("the next source was not harvested: %+v", runs)
		}
		if !strings.Contains(logs.String(), "a-boum") || !strings.Contains(logs.String(), "nil map") || !strings.Contains(logs.String(), "goroutine") {
			t.Errorf("the panic is not logged with its stack:\n%s", logs.String())
		}
		// The lease was given back: the source can be harvested again.
		if ok, err := st.AcquireLease(ctx, "moisson:a-boum", "autre", time.Minute); err != nil || !ok {
			t.Errorf("lease kept after the panic: %v, %v", ok, err)
		}
	})
}
