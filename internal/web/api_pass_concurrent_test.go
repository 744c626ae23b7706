package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/pass"
	"maillage/internal/place"
)

// 1 000 redemption attempts over HTTP on 100 passes, from 20 clients at
// once (the counters of two places), each attempt with its own key:
// exactly one succeeds per pass, every other gets 409 deja_utilise; the
// month's statements pay each place for what it was answered 201, and
// the ledger holds (pass verifier). On SQLite, and on PostgreSQL with
// MAILLAGE_TEST_ENGINE=postgres.
func TestAPIPassConcurrentRedemptions(t *testing.T) {
	f := newPassAPI(t)
	clock := f.clock
	ctx := context.Background()
	st := f.ts.store
	o, err := st.CreateOrder(ctx, pass.Order{Financeur: f.ids["finances"], Carnets: 10, PassesPerCarnet: 10, ValueCents: 1000,
		ValidUntil: "2026-12-31", Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "31"}}, Services: []string{place.ServiceDemarches}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.AssignCarnets(ctx, o.ID, 10, nil, f.ids["ccas"], "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if _, err := st.HandCarnet(ctx, c.Code, f.ids["ccas"], "", "", "test"); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := st.Passes(ctx, o.ID, 0)
	if err != nil || len(ps) != 100 {
		t.Fatalf("%d passes, %v", len(ps), err)
	}
	srv := httptest.NewServer(f.ts.h)
	defer srv.Close()

	const clients, attempts = 20, 1000
	work := make(chan int, attempts)
	for _, i := range rand.Perm(attempts) {
		work <- i
	}
	close(work)
	type answer struct {
		status int
		raison string
		id     int64
		lieu   string
	}
	answers := make([]answer, attempts)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		who, lieu := "epn", "tls-1"
		if c%2 == 1 {
			who, lieu = "carmes", "tls-2"
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}, Timeout: 2 * time.Minute}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/pass/"+ps[i%100].Code+"/utilisation", strings.NewReader(redemptionJSON(lieu, place.ServiceDemarches)))
				req.Header.Set("Authorization", "Bearer "+f.tokens[who])
				req.Header.Set("Idempotency-Key", fmt.Sprintf("tentative-%d", i))
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					t.Error(err)
					continue
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var body struct {
					Raison string `json:"raison"`
					ID     int64  `json:"id"`
					Lieu   string `json:"lieu"`
					Pass   int64  `json:"pass"`
				}
				if err := json.Unmarshal(b, &body); err != nil {
					t.Errorf("attempt %d: %d %s", i, res.StatusCode, b)
				}
				if res.StatusCode == 201 && (body.Pass != ps[i%100].ID || body.Lieu != lieu) {
					t.Errorf("attempt %d: %s", i, b)
				}
				answers[i] = answer{res.StatusCode, body.Raison, body.ID, body.Lieu}
			}
		}()
	}
	wg.Wait()
	won := map[int]int{}     // pass → successes
	paid := map[string]int{} // place → successes
	for i, a := range answers {
		switch {
		case a.status == 201:
			won[i%100]++
			paid[a.lieu]++
		case a.status == 409 && a.raison == "deja_utilise":
		default:
			t.Errorf("attempt %d: %d %s", i, a.status, a.raison)
		}
	}
	for p := 0; p < 100; p++ {
		if won[p] != 1 {
			t.Errorf("pass %d: %d successes", p, won[p])
		}
	}
	rs, err := st.Redemptions(ctx, "", o.ID)
	if err != nil || len(rs) != 100 {
		t.Fatalf("%d redemptions, %v", len(rs), err)
	}
	// November's statements pay each place what it was told it redeemed.
	clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	sts, err := st.IssueStatements(ctx, "2026-11", "test")
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, s := range sts {
		if s.TotalCents != int64(paid[s.LieuID])*1000 || s.Passes != paid[s.LieuID] {
			t.Errorf("statement of %s: %d cents for %d lines; %d redemptions answered 201", s.LieuID, s.TotalCents, s.Passes, paid[s.LieuID])
		}
		total += s.TotalCents
	}
	if total != 100*1000 {
		t.Errorf("statements: %d cents, want %d", total, 100*1000)
	}
	if bad, err := st.VerifyPass(ctx); err != nil || len(bad) > 0 {
		t.Errorf("pass verifier: %v %v", bad, err)
	}
}
