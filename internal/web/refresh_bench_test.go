package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/standard"
	"maillage/internal/standard/standardtest"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// generatedLieux returns n generated places.
func generatedLieux(tb testing.TB, n int) []place.Lieu {
	tb.Helper()
	var buf bytes.Buffer
	if err := standardtest.WriteCSV(&buf, n, 7); err != nil {
		tb.Fatal(err)
	}
	sc, err := standard.NewScanner(&buf, "gen.csv")
	if err != nil {
		tb.Fatal(err)
	}
	var ls []place.Lieu
	for sc.Scan() {
		if e := sc.Entry(); e.OK {
			ls = append(ls, e.Lieu)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return ls
}

// benchDatabase loads places into a new database of an engine and returns
// how to open a handle on it (each one its own connections, as another
// process would have), closed when the benchmark ends.
func benchDatabase(b *testing.B, engine string, ls []place.Lieu) func() store.Store {
	b.Helper()
	var open func() (store.Store, error)
	switch engine {
	case "sqlite":
		path := filepath.Join(b.TempDir(), "bench.db")
		open = func() (store.Store, error) { return sqlite.Open(context.Background(), path) }
	default:
		url := pgtest.URL(b)
		open = func() (store.Store, error) { return postgres.Open(context.Background(), url) }
	}
	handle := func() store.Store {
		st, err := open()
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			if err := st.Close(); err != nil {
				b.Error(err)
			}
		})
		return st
	}
	st := handle()
	ctx := context.Background()
	if err := st.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
		b.Fatal(err)
	}
	im, err := st.BeginImport(ctx, "hub")
	if err != nil {
		b.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "gen.csv"); err != nil {
		b.Fatal(err)
	}
	return handle
}

// BenchmarkChangeReachesInstances: 100 000 places, two servers (two
// instances: their own connections, their own watch every 250 ms) and a
// third handle that writes. Each iteration edits one place (or imports
// one place) and waits until both instances' indexes serve it. Reported:
// the time from the write's commit to the slower instance serving it
// (p50, max), and the index work of one change on an instance (Sync: read
// the change log, read and decode the changed row, apply it), p50 and max.
func BenchmarkChangeReachesInstances(b *testing.B) {
	ls := generatedLieux(b, 100000)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			open := benchDatabase(b, engine, ls)
			writer := open()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var servers []*Server
			for i := 0; i < 2; i++ {
				s, err := NewServer(ctx, Config{Store: open(), DownloadDir: b.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
				if err != nil {
					b.Fatal(err)
				}
				go s.Watch(ctx, 250*time.Millisecond)
				servers = append(servers, s)
			}
			// The index work of one change, on a third server synced by hand.
			probe, err := NewServer(ctx, Config{Store: open(), DownloadDir: b.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				b.Fatal(err)
			}
			var reach, work []time.Duration
			ids := ls[:50]
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				name := fmt.Sprintf("Édition %d", i)
				id := ids[i%len(ids)].ID
				if i%2 == 0 {
					if _, err := writer.PatchLieu(ctx, id, store.Patch{Set: map[string]string{"nom": name}, Origin: "coordination", Actor: "bench"}); err != nil {
						b.Fatal(err)
					}
				} else {
					l := ids[i%len(ids)]
					l.ID, l.Nom = fmt.Sprintf("import-%d", i), name
					im, err := writer.BeginImport(ctx, "un-lieu")
					if err != nil {
						b.Fatal(err)
					}
					if _, _, err := im.Put(ctx, &l); err != nil {
						b.Fatal(err)
					}
					if _, err := im.Commit(ctx, "un-lieu.csv"); err != nil {
						b.Fatal(err)
					}
					id = l.ID
				}
				committed := time.Now()
				for _, s := range servers {
					for {
						if l, ok := s.index.Load().Lieu(id); ok && l.Nom == name {
							break
						}
						if time.Since(committed) > 10*time.Second {
							b.Fatalf("change %d not served after 10 s", i)
						}
						time.Sleep(time.Millisecond)
					}
				}
				reach = append(reach, time.Since(committed))
				start := time.Now()
				if err := probe.Sync(ctx); err != nil {
					b.Fatal(err)
				}
				work = append(work, time.Since(start))
				if l, ok := probe.index.Load().Lieu(id); !ok || l.Nom != name {
					b.Fatal("the probe did not apply the change")
				}
			}
			b.StopTimer()
			slices.Sort(reach)
			slices.Sort(work)
			b.ReportMetric(float64(reach[len(reach)/2].Milliseconds()), "reach-p50-ms")
			b.ReportMetric(float64(reach[len(reach)-1].Milliseconds()), "reach-max-ms")
			b.ReportMetric(float64(work[len(work)/2].Microseconds())/1000, "sync-p50-ms")
			b.ReportMetric(float64(work[len(work)-1].Microseconds())/1000, "sync-max-ms")
		})
	}
}
