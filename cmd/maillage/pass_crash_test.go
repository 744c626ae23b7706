package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"maillage/internal/place"
)

// buildMaillage builds maillage for a test that runs it as a process.
func buildMaillage(t *testing.T) string {
	t.Helper()
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		goCmd = "go"
	}
	bin := filepath.Join(t.TempDir(), "maillage")
	cmd := exec.Command(goCmd, "build", "-o", bin, ".")
	cmd.Dir = packageDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashServer is a « maillage serve » process that the test kills
// (SIGKILL) and starts again on the same address.
type crashServer struct {
	t        *testing.T
	bin, db  string
	addr     string
	env      []string
	cmd      *exec.Cmd
	log      bytes.Buffer
	mu       sync.Mutex
	restarts int
}

func (s *crashServer) start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "serve", "--db", s.db, "--addr", s.addr, "--geocodeur", "aucun", "--moissons", "0", "--npm", filepath.Join(s.t.TempDir(), "sans-npm"))
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = io.Discard, &lockedWriter{mu: &s.mu, w: &s.log}
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		res, err := http.Get("http://" + s.addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t.Fatalf("serve did not start:\n%s", s.log.String())
}

func (s *crashServer) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// freeAddr is a loopback address with a port free now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Redemptions keep running while the real server process is killed
// (SIGKILL) at random moments and started again, several times; each
// client sends each of its requests again, with its key, until it gets an
// answer. Then: every request was answered 201 (no retry got deja_utilise
// nor another refusal), a request sent again after its answer gets the
// same bytes, the ledger holds exactly one redemption per acknowledged
// request (none lost, none duplicated), and « maillage pass verifier »
// exits 0. On a SQLite file and on PostgreSQL.
func TestPassCrashRedemptions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server: not with -short")
	}
	bin := buildMaillage(t)
	for name, db := range engines(t) {
		t.Run(name, func(t *testing.T) { testPassCrash(t, bin, db(t)) })
	}
}

func testPassCrash(t *testing.T, bin, db string) {
	dir := t.TempDir()
	cmd := func(args ...string) result {
		t.Helper()
		r := runCmd(t, dir, nil, append(args, "--db", db)...)
		if r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		return r
	}
	for _, a := range [][]string{{"administrateur", "admin@hub.fr"}, {"financeur", "finances@tarn.fr"}, {"distributeur", "ccas@albi.fr"}, {"contributeur", "epn@albi.fr"}} {
		cmd("utilisateurs", "ajouter", "--role", a[0], a[1])
	}
	cmd("import", "--source", "hub", abs(t, fixtures+"lieux-v1.csv"))
	const carnets, perCarnet = 10, 100
	cmd("pass", "commander", "--financeur", "finances@tarn.fr", "--carnets", fmt.Sprint(carnets), "--passes-par-carnet", fmt.Sprint(perCarnet),
		"--valeur", "10", "--fin", time.Now().AddDate(1, 0, 0).Format("2006-01-02"), "--perimetre", "departement:81", "--services", place.ServiceDemarches, "-o", "codes.csv")
	cmd("pass", "qualifier", "--lieu", "epn-albi-1", "--compte", "epn@albi.fr", "--iban", "FR7630006000011234567890189", "--titulaire", "EPN")
	for _, c := range strings.Fields(cmd("pass", "attribuer", "--commande", "1", "--distributeur", "ccas@albi.fr", "--carnets", fmt.Sprint(carnets)).stdout) {
		cmd("pass", "remettre", "--distributeur", "ccas@albi.fr", c)
	}
	token := strings.TrimSpace(cmd("jetons", "creer", "--compte", "epn@albi.fr", "--nom", "caisse").stdout)
	f, err := os.Open(filepath.Join(dir, "codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != carnets*perCarnet+1 {
		t.Fatalf("codes.csv: %d rows, %v", len(rows), err)
	}
	var codes []string
	for _, row := range rows[1:] {
		codes = append(codes, row[2])
	}

	srv := &crashServer{t: t, bin: bin, db: db, addr: freeAddr(t),
		env: append(os.Environ(), "MAILLAGE_AUDIT_KEY="+testAuditKey, "MAILLAGE_AUDIT_CHECKPOINTS="+t.TempDir(), "MAILLAGE_GEOCODER_URL=aucun")}
	srv.start()
	defer func() { srv.kill() }()

	type answer struct {
		status   int
		body     string
		replayed bool
		tries    int
	}
	answers := make([]answer, len(codes))
	body := fmt.Sprintf(`{"lieu":"epn-albi-1","service":%q}`, place.ServiceDemarches)
	send := func(client *http.Client, i int) (int, string, bool, error) {
		req, _ := http.NewRequest("POST", "http://"+srv.addr+"/api/v1/pass/"+codes[i]+"/utilisation", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Idempotency-Key", fmt.Sprintf("caisse-%d", i))
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return 0, "", false, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header.Get("Idempotent-Replayed") == "true", err
	}
	// retry sends a request until an answer comes (≤ 60 s).
	retry := func(client *http.Client, i int) answer {
		var a answer
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(time.Duration(5+rand.IntN(20)) * time.Millisecond) {
			a.tries++
			status, b, replayed, err := send(client, i)
			if err == nil {
				a.status, a.body, a.replayed = status, b, replayed
				return a
			}
		}
		t.Errorf("request %d: no answer in 60 s", i)
		return a
	}
	work := make(chan int, len(codes))
	for i := range codes {
		work <- i
	}
	close(work)
	var done, stop atomic.Bool
	var wg sync.WaitGroup
	var mismatch atomic.Int32
	for c := 0; c < 8; c++ {
		client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if stop.Load() {
					return
				}
				answers[i] = retry(client, i)
				// One answer in four is asked again, later: the same bytes.
				if rand.IntN(4) == 0 {
					time.Sleep(time.Duration(rand.IntN(30)) * time.Millisecond)
					if again := retry(client, i); again.status != answers[i].status || again.body != answers[i].body {
						mismatch.Add(1)
						t.Errorf("request %d asked again: %d %s; first %d %s", i, again.status, again.body, answers[i].status, answers[i].body)
					}
				}
				// About 100 requests a second in all: the requests outlast the kills.
				time.Sleep(time.Duration(40+rand.IntN(80)) * time.Millisecond)
			}
		}()
	}
	// The killer: 6 kills at random moments, 0.1–0.8 s after the server
	// answers again; then the clients finish the requests they hold.
	kills := 0
	go func() { wg.Wait(); done.Store(true) }()
	start := time.Now()
	var down time.Duration
	for !done.Load() && kills < 6 {
		time.Sleep(time.Duration(100+rand.IntN(700)) * time.Millisecond)
		if done.Load() {
			break
		}
		t0 := time.Now()
		srv.kill()
		kills++
		srv.start()
		down += time.Since(t0)
	}
	time.Sleep(200 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	elapsed := time.Since(start)
	srv.kill()

	var replayed, retried, sent int
	ids := map[string]bool{}
	acked := map[string]string{} // code → answer
	for i, a := range answers {
		if a.tries == 0 {
			continue // not sent: the test stopped first
		}
		sent++
		if a.status != 201 {
			t.Errorf("request %d (%s): %d %s", i, codes[i], a.status, a.body)
			continue
		}
		if a.replayed {
			replayed++
		}
		if a.tries > 1 {
			retried++
		}
		acked[codes[i]] = a.body
	}
	t.Logf("%d requests, %d kills in %s (%s down); %d sent again after a failure, %d of which were answered by the replay of a redemption made before the kill",
		sent, kills, elapsed.Round(time.Millisecond), down.Round(time.Millisecond), retried, replayed)
	if kills < 6 || sent == len(codes) {
		t.Errorf("%d kills, %d requests of %d: the requests did not outlast the kills", kills, sent, len(codes))
	}
	// The ledger: one redemption per acknowledged request, the one the
	// answer named.
	st, err := openStore(context.Background(), testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := st.Redemptions(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(acked) {
		t.Errorf("%d redemptions in the ledger, %d acknowledged", len(rs), len(acked))
	}
	for _, u := range rs {
		if ids[u.Code] {
			t.Errorf("pass %s redeemed twice", u.Code)
		}
		ids[u.Code] = true
		if !strings.Contains(acked[u.Code], fmt.Sprintf(`"id":%d,`, u.ID)) {
			t.Errorf("redemption %d of %s: the answer was %s", u.ID, u.Code, acked[u.Code])
		}
	}
	verify := exec.Command(bin, "pass", "verifier", "--db", db)
	verify.Env = srv.env
	if out, err := verify.CombinedOutput(); err != nil {
		t.Errorf("maillage pass verifier: %v\n%s", err, out)
	}
}
