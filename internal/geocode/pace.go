package geocode

import (
	"context"
	"time"
)

// DefaultRate is how many requests a second a batch geocoder sends by
// default: under the Géoplateforme's limit for its geocoding service (50
// a second from one address), with room for the directory's searches.
const DefaultRate = 40

// Pacer spaces the requests to a service: one at a time through its
// token, each taken at least 1/rate after the one before, whoever asks
// (imports, harvests and the geocoder command of one process share it).
// A nil Pacer does not pace (a self-hosted addok).
type Pacer struct {
	every  time.Duration
	tokens chan struct{}
	// after runs f once d has passed (time.AfterFunc; tests replace it).
	after func(d time.Duration, f func())
}

// NewPacer returns a pacer of perSecond requests a second; nil (no
// pacing) for 0 or less.
func NewPacer(perSecond float64) *Pacer {
	if perSecond <= 0 {
		return nil
	}
	p := &Pacer{every: time.Duration(float64(time.Second) / perSecond), tokens: make(chan struct{}, 1),
		after: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
	p.tokens <- struct{}{}
	return p
}

// Wait returns when a request may be sent, or ctx's error.
func (p *Pacer) Wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	select {
	case <-p.tokens:
		p.after(p.every, func() { p.tokens <- struct{}{} })
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
