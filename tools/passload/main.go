// Command passload measures the Pass numérique's redemptions through the
// HTTP API of a real « maillage serve »: it writes an order of handed
// passes and qualified places in the database (through the store, as the
// CLI would), starts the server, has clients redeem every pass once over
// HTTP (POST /api/v1/pass/{code}/utilisation, each with its own
// Idempotency-Key), prints redemptions per second and the latencies, then
// stops the server and checks the ledger (pass verifier, one redemption
// per 201, their sum). scripts/bench-pass.sh runs it; by hand:
//
//	MAILLAGE_AUDIT_KEY=$(openssl rand -hex 32) go run ./tools/passload \
//	    -maillage bin/maillage -db sqlite:/tmp/p.db -pass 20000 -clients 32
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/postgres"
	"maillage/internal/sqlite"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "passload :", err)
		os.Exit(1)
	}
}

func run() error {
	db := flag.String("db", "", "base : sqlite:CHEMIN (nouveau fichier) ou postgres://… (base vide)")
	bin := flag.String("maillage", "bin/maillage", "le programme maillage à lancer (serve)")
	n := flag.Int("pass", 20000, "nombre de pass utilisés (multiple de 100)")
	clients := flag.Int("clients", 32, "clients HTTP simultanés")
	lieux := flag.Int("lieux", 10, "lieux qualifiés (un compte et un jeton chacun) entre lesquels les utilisations se répartissent")
	flag.Parse()
	if *db == "" || *n < 100 || *n%100 != 0 || *clients < 1 || *lieux < 1 {
		flag.Usage()
		return errors.New("-db obligatoire, -pass multiple de 100")
	}
	keys, _, _, err := audit.LoadKeys(os.Getenv, "", false)
	if err != nil {
		return fmt.Errorf("MAILLAGE_AUDIT_KEY : %w", err)
	}
	ctx := context.Background()
	t0 := time.Now()
	codes, tokens, lieuIDs, err := prepare(ctx, *db, keys, *n, *lieux)
	if err != nil {
		return err
	}
	fmt.Printf("préparation : %d pass remis, %d lieux qualifiés, en %s\n", *n, *lieux, time.Since(t0).Round(time.Millisecond))

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	srv := exec.Command(*bin, "serve", "--db", *db, "--addr", addr, "--geocodeur", "aucun", "--moissons", "0", "--npm", "/nonexistent")
	srv.Stdout, srv.Stderr = io.Discard, os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	if err := waitHealthy(base); err != nil {
		return err
	}

	body := func(i int) string {
		return fmt.Sprintf(`{"lieu":%q,"service":%q}`, lieuIDs[i%len(lieuIDs)], place.ServiceDemarches)
	}
	latencies := make([]time.Duration, *n)
	statuses := make([]int, *n)
	var next atomic.Int64
	transport := &http.Transport{MaxIdleConns: *clients, MaxIdleConnsPerHost: *clients}
	client := &http.Client{Transport: transport, Timeout: time.Minute}
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= *n {
					return
				}
				req, _ := http.NewRequest("POST", base+"/api/v1/pass/"+codes[i]+"/utilisation", strings.NewReader(body(i)))
				req.Header.Set("Authorization", "Bearer "+tokens[i%len(tokens)])
				req.Header.Set("Idempotency-Key", fmt.Sprintf("charge-%d", i))
				req.Header.Set("Content-Type", "application/json")
				t := time.Now()
				res, err := client.Do(req)
				if err != nil {
					statuses[i] = -1
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				latencies[i], statuses[i] = time.Since(t), res.StatusCode
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	srv.Process.Signal(syscall.SIGTERM)
	srv.Wait()
	// The server's CPU time per redemption (with SQLite, all the work of
	// the database too): what a shared machine's load does not change.
	cpu := srv.ProcessState.UserTime() + srv.ProcessState.SystemTime()

	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	slices.Sort(latencies)
	q := func(p float64) string {
		return fmt.Sprintf("%.1f ms", float64(latencies[int(p*float64(len(latencies)-1))].Microseconds())/1000)
	}
	fmt.Printf("%d utilisations en %s par %d clients : %.0f utilisations/s ; latence p50 %s, p90 %s, p99 %s, max %s ; réponses %v\n",
		*n, elapsed.Round(time.Millisecond), *clients, float64(*n)/elapsed.Seconds(), q(0.5), q(0.9), q(0.99), q(1), count)
	perOp := cpu / time.Duration(*n)
	fmt.Printf("CPU du serveur maillage : %s en tout, %d µs par utilisation (un cœur entier en ferait %.0f/s)\n",
		cpu.Round(time.Millisecond), perOp.Microseconds(), float64(time.Second)/float64(perOp))
	if count[201] != *n {
		return fmt.Errorf("%d réponses 201 sur %d", count[201], *n)
	}
	return check(ctx, *db, keys, *n)
}

// open opens the store of a database URL.
func open(ctx context.Context, url string, keys audit.Keyring) (store.Store, error) {
	opts := []store.Option{store.WithAuditKeys(keys)}
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		return sqlite.Open(ctx, path, opts...)
	}
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return postgres.Open(ctx, url, opts...)
	}
	return nil, fmt.Errorf("base « %s » : sqlite:CHEMIN ou postgres://…", url)
}

// prepare writes the places, their qualifications, accounts and tokens,
// and an order of n passes, all handed; it returns the passes' codes, the
// places' tokens and ids (token i acts for place i).
func prepare(ctx context.Context, url string, keys audit.Keyring, n, lieux int) (codes, tokens, ids []string, err error) {
	st, err := open(ctx, url, keys)
	if err != nil {
		return nil, nil, nil, err
	}
	defer st.Close()
	im, err := st.BeginImport(ctx, "charge")
	if err != nil {
		return nil, nil, nil, err
	}
	for i := 0; i < lieux; i++ {
		l := storetest.Sample(fmt.Sprintf("charge-%d", i))
		if _, _, err := im.Put(ctx, &l); err != nil {
			return nil, nil, nil, err
		}
		ids = append(ids, l.ID)
	}
	if _, err := im.Commit(ctx, "passload"); err != nil {
		return nil, nil, nil, err
	}
	user := func(mail string, role account.Role) (int64, error) {
		return st.CreateUser(ctx, account.User{Email: mail, Role: role}, "passload")
	}
	fin, err := user("finances@charge.fr", account.Financeur)
	if err != nil {
		return nil, nil, nil, err
	}
	dist, err := user("ccas@charge.fr", account.Distributeur)
	if err != nil {
		return nil, nil, nil, err
	}
	now := time.Now()
	for i, id := range ids {
		acc, err := user(fmt.Sprintf("lieu-%d@charge.fr", i), account.Contributeur)
		if err != nil {
			return nil, nil, nil, err
		}
		if _, err := st.RequestQualification(ctx, pass.Qualification{LieuID: id, SIRET: storetest.SIRET(fmt.Sprintf("9%08d0000", i)), AccountID: acc,
			IBAN: storetest.IBAN, Status: pass.QualificationApproved}, "passload"); err != nil {
			return nil, nil, nil, err
		}
		tok, _, err := st.CreateAPIToken(ctx, acc, "passload", now, "passload")
		if err != nil {
			return nil, nil, nil, err
		}
		tokens = append(tokens, tok)
	}
	sample := storetest.Sample("x")
	o, err := st.CreateOrder(ctx, pass.Order{Financeur: fin, Carnets: n / 100, PassesPerCarnet: 100, ValueCents: 1000, ValidUntil: now.AddDate(1, 0, 0).Format(pass.DateLayout),
		Perimeter: []pass.Zone{{Kind: pass.ZoneCommune, Code: sample.CodeINSEE}}, Services: []string{place.ServiceDemarches}}, "passload")
	if err != nil {
		return nil, nil, nil, err
	}
	cs, err := st.AssignCarnets(ctx, o.ID, n/100, nil, dist, "passload")
	if err != nil {
		return nil, nil, nil, err
	}
	for _, c := range cs {
		if _, err := st.HandCarnet(ctx, c.Code, dist, "", "", "passload"); err != nil {
			return nil, nil, nil, err
		}
	}
	ps, err := st.Passes(ctx, o.ID, 0)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, p := range ps {
		codes = append(codes, p.Code)
	}
	return codes, tokens, ids, nil
}

// check verifies the ledger after the run.
func check(ctx context.Context, url string, keys audit.Keyring, n int) error {
	st, err := open(ctx, url, keys)
	if err != nil {
		return err
	}
	defer st.Close()
	bad, err := st.VerifyPass(ctx)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("pass verifier :\n%s", strings.Join(bad, "\n"))
	}
	rs, err := st.Redemptions(ctx, "", 0)
	if err != nil {
		return err
	}
	var sum int64
	seen := map[int64]bool{}
	for _, u := range rs {
		sum += u.ValueCents
		seen[u.PassID] = true
	}
	if len(rs) != n || len(seen) != n || sum != int64(n)*1000 {
		return fmt.Errorf("%d utilisations de %d pass pour %d centimes ; attendu %d, %d, %d", len(rs), len(seen), sum, n, n, n*1000)
	}
	fmt.Printf("invariants : pass verifier sans écart, %d utilisations (une par pass), %d centimes\n", n, sum)
	return nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitHealthy(base string) error {
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
	}
	return errors.New("le serveur ne répond pas sur " + base)
}
