package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// cancelOnWrite cancels a context at its first write, as Ctrl+C would in
// the middle of an export.
type cancelOnWrite struct {
	cancel context.CancelFunc
	n      int
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.cancel()
	w.n += len(p)
	return len(p), nil
}

func exportStore(t *testing.T, url string, n int) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, testEnv(t), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	im, err := st.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		l := storetest.Sample(fmt.Sprintf("l%05d", i))
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "test.csv"); err != nil {
		t.Fatal(err)
	}
	return st
}

// An export interrupted halfway is an error, not a short file with exit 0.
func TestExportInterrupted(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			st := exportStore(t, url(t), 3000)
			for _, format := range []string{"csv", "json", "geojson"} {
				ctx, cancel := context.WithCancel(context.Background())
				w := &cancelOnWrite{cancel: cancel}
				err := export(ctx, st, format, w, nil, time.Time{})
				cancel()
				if !errors.Is(err, context.Canceled) {
					t.Errorf("%s: export interrupted after %d bytes: %v, want context.Canceled", format, w.n, err)
				}
			}
			// With -o, the target keeps its content and no temporary file remains.
			dir := t.TempDir()
			target := filepath.Join(dir, "lieux.csv")
			if err := os.WriteFile(target, []byte("ancien\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := exportFile(ctx, st, "csv", target, nil, time.Time{})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("exportFile interrupted: %v", err)
			}
			if code := exitCode(err, io.Discard); code == 0 {
				t.Errorf("exit status %d for an interrupted export", code)
			}
			if b, err := os.ReadFile(target); err != nil || string(b) != "ancien\n" {
				t.Errorf("target after an interrupted export: %q %v", b, err)
			}
			if es, err := os.ReadDir(dir); err != nil || len(es) != 1 {
				t.Errorf("files left beside the target: %v %v", es, err)
			}
		})
	}
}
