package geocode

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// recordingTimers stands for time.AfterFunc: it keeps the delays asked
// and the refills, run when the test says.
type recordingTimers struct {
	mu      sync.Mutex
	delays  []time.Duration
	pending []func()
}

func (r *recordingTimers) after(d time.Duration, f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.delays = append(r.delays, d)
	r.pending = append(r.pending, f)
}

func (r *recordingTimers) fire() {
	r.mu.Lock()
	fs := r.pending
	r.pending = nil
	r.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// TestPacer: at 40 requests a second, a request waits until 25 ms after
// the one before; a waiting request gives up with its context.
func TestPacer(t *testing.T) {
	p := NewPacer(40)
	timers := &recordingTimers{}
	p.after = timers.after
	ctx := context.Background()
	if err := p.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := p.Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second request before its time: %v, want to wait", err)
	}
	timers.fire()
	if err := p.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if len(timers.delays) != 2 || timers.delays[0] != 25*time.Millisecond {
		t.Errorf("delays %v, want 25ms after each request", timers.delays)
	}
	var none *Pacer // no pacing (a self-hosted addok)
	if err := none.Wait(ctx); err != nil || NewPacer(0) != nil {
		t.Errorf("no pacing: %v", err)
	}
	if b := NewBatch("http://geocodeur.test"); b.Pace == nil || b.Pace.every != time.Second/DefaultRate || DefaultRate > 40 {
		t.Errorf("a batch geocoder is paced by default at %d a second at most (the Géoplateforme allows 50)", DefaultRate)
	}
}
