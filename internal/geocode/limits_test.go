package geocode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/territory"
)

// clock is a settable clock for the tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const oneResult = `{"features":[{"geometry":{"coordinates":[1.44,43.6]},"properties":{"label":"1 rue","type":"housenumber","citycode":"31555","score":0.9}}]}`

// At most MaxConcurrent requests are in flight at once.
func TestClientBoundsConcurrency(t *testing.T) {
	var inFlight, most atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-release
		inFlight.Add(-1)
		io.WriteString(w, oneResult)
	}))
	defer srv.Close()
	c := NewClient(srv.URL, time.Now)
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := c.Search(context.Background(), fmt.Sprintf("%d rue", i), 5)
			errs <- err
		}(i)
	}
	// Let every request reach the server or its slot, then release them.
	for deadline := time.Now().Add(5 * time.Second); inFlight.Load() < MaxConcurrent && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if m := most.Load(); m != MaxConcurrent {
		t.Errorf("%d requests in flight at most, want %d", m, MaxConcurrent)
	}
}

// A request waiting for a slot gives up with its context.
func TestClientWaitsWithinContext(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		io.WriteString(w, oneResult)
	}))
	defer srv.Close()
	defer close(release)
	c := NewClient(srv.URL, time.Now)
	for i := 0; i < MaxConcurrent; i++ {
		go c.Search(context.Background(), fmt.Sprintf("occupe %d", i), 5)
	}
	for deadline := time.Now().Add(5 * time.Second); len(c.slots) < MaxConcurrent && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Search(ctx, "encore", 5); err == nil || !strings.Contains(err.Error(), "occupé") {
		t.Errorf("no slot: %v", err)
	}
}

// After a failure the service is left alone for a while; the cache
// expires with the client's clock.
func TestClientPauseAndCacheClock(t *testing.T) {
	var calls atomic.Int32
	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if down.Load() {
			http.Error(w, "panne", http.StatusBadGateway)
			return
		}
		io.WriteString(w, oneResult)
	}))
	defer srv.Close()
	clk := &clock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	c := NewClient(srv.URL, clk.now)
	ctx := context.Background()
	if _, err := c.Search(ctx, "1 rue", 5); err != nil {
		t.Fatal(err)
	}
	clk.add(cacheTTL - time.Minute)
	if _, err := c.Search(ctx, "1 rue", 5); err != nil || calls.Load() != 1 {
		t.Fatalf("cached answer: %v, %d calls", err, calls.Load())
	}
	clk.add(2 * time.Minute)
	if _, err := c.Search(ctx, "1 rue", 5); err != nil || calls.Load() != 2 {
		t.Fatalf("expired answer: %v, %d calls", err, calls.Load())
	}
	down.Store(true)
	for i := 0; i < 3; i++ {
		if _, err := c.Search(ctx, "2 rue", 5); !errors.Is(err, ErrUnreachable) {
			t.Fatalf("service down: %v", err)
		}
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d calls: a service down is asked again before its pause ends", n)
	}
	down.Store(false)
	clk.add(pauseAfterFailure + time.Second)
	if _, err := c.Search(ctx, "2 rue", 5); err != nil || calls.Load() != 4 {
		t.Errorf("after the pause: %v, %d calls", err, calls.Load())
	}
}

// A postcode is read as a postcode; the INSEE reading comes after, said.
// The permit is asked only when the geocoder would be.
func TestResolveCodesAndPermit(t *testing.T) {
	ref, err := territory.LoadDecoupage(func(name string) (io.ReadCloser, error) {
		return os.Open(filepath.Join("../territory/testdata/france", name))
	})
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	r := &Resolver{Geocoder: NewClient(fakeBAN(t, &calls).URL, time.Now)}
	asked := 0
	ctx := WithPermit(context.Background(), func() bool { asked++; return false })
	for q, want := range map[string]string{
		"69003":       "Lyon 3e Arrondissement (69003)|Albigny-sur-Saône (code INSEE 69003)",
		"13001":       "Marseille 1er Arrondissement (13001)|Aix-en-Provence (code INSEE 13001)",
		"73000":       "Chambéry (73000)|Barberaz (73000)|Bassens (73000)|Jacob-Bellecombette (73000)|Sonnaz (73000)|Montagnole (73000)",
		"chambery":    "Chambéry (73000)",
		"Paris 15ème": "Paris 15e Arrondissement (75015)",
		"LYON 03":     "Lyon 3e Arrondissement (69003)",
	} {
		ps, err := r.Resolve(ctx, ref, q)
		var got []string
		for _, p := range ps {
			got = append(got, p.Label)
		}
		if err != nil || strings.Join(got, "|") != want {
			t.Errorf("Resolve(%q) = %q %v, want %q", q, got, err, want)
		}
	}
	if asked != 0 || calls.Load() != 0 {
		t.Errorf("codes and names asked the permit %d times, the geocoder %d times", asked, calls.Load())
	}
	if ps, err := r.Resolve(ctx, ref, "12 rue de la Paix Toulouse"); len(ps) != 0 || !errors.Is(err, ErrTooMany) || asked != 1 || calls.Load() != 0 {
		t.Errorf("refused permit: %+v %v (asked %d, %d calls)", ps, err, asked, calls.Load())
	}
}

// A query the service refuses (4xx) finds nothing without pausing the
// client; a query too long is not sent.
func TestClientRefusedQuery(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if len(r.URL.Query().Get("q")) < 3 {
			http.Error(w, "q must contain between 3 and 200 chars", http.StatusBadRequest)
			return
		}
		io.WriteString(w, oneResult)
	}))
	defer srv.Close()
	c := NewClient(srv.URL, time.Now)
	ctx := context.Background()
	if ps, err := c.Search(ctx, "ab", 5); err != nil || len(ps) != 0 {
		t.Errorf("refused query: %+v %v", ps, err)
	}
	if ps, err := c.Search(ctx, "1 rue", 5); err != nil || len(ps) != 1 {
		t.Errorf("after a refused query: %+v %v", ps, err)
	}
	r := &Resolver{Geocoder: c}
	if ps, err := r.Resolve(ctx, &territory.Referential{}, strings.Repeat("rue ", 60)); err != nil || len(ps) != 0 || calls.Load() != 2 {
		t.Errorf("long query: %+v %v, %d calls", ps, err, calls.Load())
	}
}
