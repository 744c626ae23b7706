package storetest

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// BenchStatements measures the monthly statements of lieux places for
// redemptions redemptions (MAILLAGE_BENCH_REDEMPTIONS and
// MAILLAGE_BENCH_LIEUX change the defaults, 1 000 000 and 1 000). The
// ledger is written with raw SQL (exec), the way no code path writes it
// but that every constraint and trigger accepts: one order, its
// carnets of 1 000 passes, all handed and redeemed in November 2026 by
// the places in turn. Only IssueStatements is timed; run it once
// (-benchtime=1x): a month's statements are issued once.
//
// settle is run after the writing, untimed, as a month of activity would
// have left the database: SQLite's checkpoint of its write-ahead log,
// PostgreSQL's autovacuum (VACUUM ANALYZE: statistics, and the visibility
// map that lets the statements' trigger read the index alone).
func BenchStatements(b *testing.B, open func(b *testing.B, opts ...store.Option) store.Store, exec func(s store.Store, query string) error, settle string) {
	n := envInt("MAILLAGE_BENCH_REDEMPTIONS", 1000000)
	lieux := envInt("MAILLAGE_BENCH_LIEUX", 1000)
	c := &Clock{}
	c.Set(time.Date(2026, 10, 30, 9, 0, 0, 0, time.UTC)) // the order before its redemptions (migration 048)
	s := open(b, store.WithClock(c.Now))
	defer s.Close()
	ctx := context.Background()
	start := time.Now()
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < lieux; i++ {
		l := Sample(fmt.Sprintf("b%d", i))
		if _, _, err := im.Put(ctx, &l); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "bench.csv"); err != nil {
		b.Fatal(err)
	}
	fin, err := s.CreateUser(ctx, account.User{Email: "finances@bench.fr", Role: account.Financeur}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	acc, err := s.CreateUser(ctx, account.User{Email: "lieux@bench.fr", Role: account.Contributeur}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	o, err := s.CreateOrder(ctx, pass.Order{Financeur: fin, Carnets: 1, PassesPerCarnet: 1, ValueCents: 1000, ValidUntil: "2026-12-31",
		Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "51"}}, Services: []string{place.ServiceDemarches}}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	seq := func(max int) string {
		return fmt.Sprintf(`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < %d - 1) `, max)
	}
	const base = 10000000 // ids far from the order's own
	svc := place.ServiceDemarches
	for _, q := range []string{
		seq(lieux) + fmt.Sprintf(`INSERT INTO pass_qualifications (id, lieu_id, siret, compte, iban, statut, created_at, decided_by, decided_at)
			SELECT %d + i, 'b' || i, substr('00000000000000' || i, length('00000000000000' || i) - 13, 14), %d, '', 'acceptee', 'x', 'bench', 'x' FROM seq`, base, acc),
		seq((n+999)/1000) + fmt.Sprintf(`INSERT INTO pass_carnets (id, commande, code, distributeur, attribue_at, remis_at) SELECT %d + i, %d, 'CN-BENCH-' || i, %d, 'x', '2026-10-31T09:00:00.000000000Z' FROM seq`, base, o.ID, fin),
		seq(n) + fmt.Sprintf(`INSERT INTO pass (id, commande, carnet, code, valeur_centimes, etat) SELECT %d + i, %d, %d + i / 1000, 'PN-BENCH-' || i, 1000, 'emis' FROM seq`, base, o.ID, base),
		fmt.Sprintf(`UPDATE pass SET etat = 'injecte' WHERE id >= %d`, base),
		seq(n) + fmt.Sprintf(`INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) SELECT %d, 'k' || i, 'h', '{}', 'x' FROM seq`, acc),
		seq(n) + fmt.Sprintf(`INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
			SELECT %d + i, %d, 1000, 'b' || (i %% %d), '%s', d, '2026-12-31', d || 'T12:00:00.000000000Z', %d, 'k' || i
			FROM (SELECT i, '2026-11-' || substr('0' || (1 + i %% 30), length('0' || (1 + i %% 30)) - 1, 2) AS d FROM seq) days`, base, o.ID, lieux, svc, acc),
		settle,
	} {
		if err := exec(s, q); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
	}
	b.Logf("ledger of %d redemptions by %d places written in %s", n, lieux, time.Since(start).Round(time.Millisecond))
	c.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	cpu := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sts, err := s.IssueStatements(ctx, "2026-11", "bench")
		if err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			var total int64
			for _, st := range sts {
				total += st.TotalCents
			}
			if len(sts) != lieux || total != int64(n)*1000 {
				b.Fatalf("%d statements, %d cents; want %d, %d", len(sts), total, lieux, n*1000)
			}
		}
	}
	b.StopTimer()
	// This process's CPU time (all of SQLite's work; none of a
	// PostgreSQL server's): what the machine's load does not change.
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchRedeem measures redemptions through the store: clients (20)
// goroutines redeem MAILLAGE_BENCH_PASSES passes (2 000), each once with
// its own key; it reports redemptions per second and the 99th percentile
// of one redemption's time, then checks the ledger (pass verifier).
func BenchRedeem(b *testing.B, open func(b *testing.B, opts ...store.Option) store.Store, exec func(s store.Store, query string) error) {
	n := envInt("MAILLAGE_BENCH_PASSES", 2000)
	const clients = 20
	// One clock for the store and the fixture's dates: the order's end is
	// judged by the store on this clock (redemptions happen now, by wall
	// time, as in production).
	clock := time.Now
	s := open(b, store.WithClock(clock))
	defer s.Close()
	ctx := context.Background()
	l := Sample("bench-lieu")
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := im.Put(ctx, &l); err != nil {
		b.Fatal(err)
	}
	if _, err := im.Commit(ctx, "bench.csv"); err != nil {
		b.Fatal(err)
	}
	fin, err := s.CreateUser(ctx, account.User{Email: "finances@bench.fr", Role: account.Financeur}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	acc, err := s.CreateUser(ctx, account.User{Email: "lieu@bench.fr", Role: account.Contributeur}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.RequestQualification(ctx, pass.Qualification{LieuID: l.ID, SIRET: l.Pivot, AccountID: acc, Status: pass.QualificationApproved}, "bench"); err != nil {
		b.Fatal(err)
	}
	o, err := s.CreateOrder(ctx, pass.Order{Financeur: fin, Carnets: (n + 99) / 100, PassesPerCarnet: 100, ValueCents: 1000, ValidUntil: clock().AddDate(1, 0, 0).Format(pass.DateLayout),
		Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "51"}}, Services: []string{place.ServiceDemarches}}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	// Handed by raw SQL, with their events and the carnets' handing, as
	// HandCarnet writes them (the verifier refuses a redemption before it).
	dist, err := s.CreateUser(ctx, account.User{Email: "distribution@bench.fr", Role: account.Distributeur}, "bench")
	if err != nil {
		b.Fatal(err)
	}
	handed := store.FormatTime(clock())
	for _, q := range []string{
		fmt.Sprintf(`UPDATE pass_carnets SET distributeur = %d, remis_at = '%s', remis_par = 'bench' WHERE commande = %d`, dist, handed, o.ID),
		fmt.Sprintf(`INSERT INTO pass_evenements (pass, type, actor, at) SELECT id, 'injecte', 'bench', '%s' FROM pass WHERE commande = %d`, handed, o.ID),
		fmt.Sprintf(`UPDATE pass SET etat = 'injecte' WHERE commande = %d`, o.ID),
	} {
		if err := exec(s, q); err != nil {
			b.Fatal(err)
		}
	}
	ps, err := s.Passes(ctx, o.ID, 0)
	if err != nil {
		b.Fatal(err)
	}
	ps = ps[:n]
	work := make(chan int)
	times := make([]time.Duration, n)
	errs := make(chan error, clients)
	b.ResetTimer()
	start := time.Now()
	done := make(chan struct{})
	for c := 0; c < clients; c++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range work {
				t0 := time.Now()
				res, err := s.Redeem(ctx, store.RedeemRequest{Code: ps[i].Code, LieuID: l.ID, Service: place.ServiceDemarches, AccountID: acc, Key: fmt.Sprint("k", i)})
				times[i] = time.Since(t0)
				if err == nil && res.Reason != "" {
					err = fmt.Errorf("refused: %s", res.Reason)
				}
				if err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for i := range ps {
		work <- i
	}
	close(work)
	for c := 0; c < clients; c++ {
		<-done
	}
	elapsed := time.Since(start)
	b.StopTimer()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	slices.Sort(times)
	b.ReportMetric(float64(n)/elapsed.Seconds(), "redemptions/s")
	b.ReportMetric(float64(times[n*99/100].Microseconds())/1000, "p99-ms")
	if bad, err := s.VerifyPass(ctx); err != nil || len(bad) > 0 {
		b.Fatalf("pass verifier: %v %v", bad, err)
	}
}
