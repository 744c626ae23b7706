package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/postgres/pgtest"
)

// writeCoopExport writes a Coop export of n individual accompaniments
// (each with two thematics, equipment, a public and a commune of
// residence: four child rows), ids from base.
func writeCoopExport(t *testing.T, path string, n, base int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("Date;Type;Participants;Canaux d’accompagnement;Code Insee;Durée (min);Matériel numérique utilisé;Thématique(s) d’accompagnement;Code Insee du bénéficiaire;Genre du bénéficiaire;Tranche d’âge du bénéficiaire;Statut du bénéficiaire;ID CRA\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%02d/11/2026;Accompagnement individuel;1;À distance;;30;Ordinateur;\"E-mail\nNavigation sur internet\";81004;Féminin;60 - 69 ans;Retraité;0b4c1e9e-5f0a-4c1e-9b7d-%012x\n", 1+i%28, base+i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestActivitesImportLoad times the import of a generated Coop export of
// MAILLAGE_BENCH_COOP_LINES lines (450 without it) on the engine of
// MAILLAGE_TEST_ENGINE (sqlite by default), while another process-like
// writer (its own store) imports one line every 200 ms: how long that
// writer waits, and whether it is refused. BENCHMARKS.md records it.
func TestActivitesImportLoad(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MAILLAGE_BENCH_COOP_LINES"))
	if n <= 0 {
		n = 450 // three statements of rows (200, 200, 50): the multi-row inserts' chunks
	}
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	if os.Getenv("MAILLAGE_TEST_ENGINE") == "postgres" {
		db = pgtest.URL(t)
	}
	at := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	big := filepath.Join(dir, "big.csv")
	writeCoopExport(t, big, n, 0)
	small := func(i int) string {
		p := filepath.Join(dir, fmt.Sprintf("small%d.csv", i))
		writeCoopExport(t, p, 1, 1<<40+i)
		return p
	}
	// The small writer alone, for reference.
	start := time.Now()
	if r := runCmdAt(t, at, "", nil, "activites", "importer", "--db", db, small(0)); r.code != 0 {
		t.Fatalf("small import: %+v", r)
	}
	alone := time.Since(start)
	done := make(chan struct{})
	var wg sync.WaitGroup
	var waits []time.Duration
	var refused []string
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-done:
				return
			case <-time.After(200 * time.Millisecond):
			}
			s := time.Now()
			r := runCmdAt(t, at, "", nil, "activites", "importer", "--db", db, small(i))
			waits = append(waits, time.Since(s))
			if r.code != 0 {
				refused = append(refused, strings.TrimSpace(r.stderr))
			}
		}
	}()
	start = time.Now()
	r := runCmdAt(t, at, "", nil, "activites", "importer", "--db", db, big)
	took := time.Since(start)
	close(done)
	wg.Wait()
	if r.code != 0 || !strings.Contains(r.stdout, "— 0 ligne refusée") {
		t.Fatalf("import: %+v", r)
	}
	if n == 450 {
		exp := runCmdAt(t, at, "", nil, "activites", "exporter", "--db", db, "--territoire", "france", "--du", "2026-11-01", "--au", "2026-11-30", "-o", "-")
		if exp.code != 0 || strings.Count(exp.stdout, "\n") != 1+n+1+len(waits) || strings.Count(exp.stdout, "navigation_sur_internet|email,,ordinateur,") != 1+n+len(waits) ||
			strings.Count(exp.stdout, ",81004:1,") != 1+n+len(waits) {
			t.Errorf("export of %d + %d activities: %+v", n, 1+len(waits), exp)
		}
	}
	var worst time.Duration
	for _, w := range waits {
		worst = max(worst, w)
	}
	t.Logf("%d lines: %.1f s, %.0f lines/s; concurrent one-line imports: %d, worst %.2f s (alone %.2f s), %d refused %q",
		n, took.Seconds(), float64(n)/took.Seconds(), len(waits), worst.Seconds(), alone.Seconds(), len(refused), refused)
}
