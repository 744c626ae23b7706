package web

import (
	"context"
	"iter"
	"net/http"
	"time"

	"maillage/internal/diagnostic"
	"maillage/internal/failure"
	"maillage/internal/fragility"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// indexSource is what the diagnostic reads on the server: the places and
// the referential of the directory's index (no reading of the whole
// registry again), the demand from the store.
type indexSource struct{ s *Server }

var _ diagnostic.Store = indexSource{}

func (src indexSource) FragilityIndex(ctx context.Context) (*fragility.Index, error) {
	return src.s.store.FragilityIndex(ctx)
}

func (src indexSource) FragilityIndicators(ctx context.Context) (*fragility.Table, error) {
	return src.s.store.FragilityIndicators(ctx)
}

func (src indexSource) DemandDatasets(ctx context.Context) ([]fragility.Dataset, error) {
	return src.s.store.DemandDatasets(ctx)
}

// Revision is the index's: the diagnostic is computed from its places.
func (src indexSource) Revision(ctx context.Context) (store.Revision, error) {
	ix := src.s.indexOf(ctx)
	return store.Revision{Lieux: ix.Rev, Territories: ix.RefRev}, nil
}

func (src indexSource) Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error] {
	ix := src.s.indexOf(ctx)
	return func(yield func(*place.Lieu, error) bool) {
		stop := false
		ix.Each(func(l *place.Lieu) {
			if !stop && !yield(l, nil) {
				stop = true
			}
		})
	}
}

// newDiagnosticCache returns the server's diagnostic cache, over the
// index's places and referential.
func newDiagnosticCache(s *Server) *diagnostic.Cache {
	c := diagnostic.NewLiveCache(indexSource{s}, func(ctx context.Context) *territory.Referential {
		return s.indexOf(ctx).Referential()
	})
	// The clock dates the figures a stale answer gives; revisions tell
	// the versions.
	c.SetClock(s.cfg.Now)
	c.SetLife(s.stopping)
	// The default options always answer, whatever others are asked.
	if err := c.Pin(s.diagnosticOptions(diagnostic.Options{})); err != nil {
		s.log.Error("diagnostic : options par défaut", "err", err)
	}
	return c
}

// Computations of new diagnostic options allowed per client address and
// window: each is a computation of France (seconds of a core), and a
// flood of distinct options must not starve the others.
const (
	diagnosticNewOptions       = 6
	diagnosticNewOptionsWindow = 10 * time.Minute
)

// allowDiagnosticOptions refuses (failure.TooMany) a request whose
// options would start a computation of options not kept when its client
// already started diagnosticNewOptions in the window. The default
// options, and those kept, are always allowed.
func (s *Server) allowDiagnosticOptions(r *http.Request, o diagnostic.Options) error {
	if s.diagnostics.Kept(o) || s.diagnosticLimiter.allow(clientIP(r)) {
		return nil
	}
	return failure.Errorf(failure.TooMany, "Trop de calculs du diagnostic avec d'autres options demandés depuis votre adresse (%d en %d minutes) : réessayez plus tard. Les options par défaut répondent toujours.",
		diagnosticNewOptions, int(diagnosticNewOptionsWindow.Minutes()))
}

// refreshDiagnostics starts computing the diagnostic of the index's new
// revision in the background, for every set of options kept, when the
// index took one (from before to ix): the next askers find it ready.
func (s *Server) refreshDiagnostics(ctx context.Context, before, ix *search.Index) {
	if s.diagnostics == nil || ix == nil || ix == before || (before != nil && ix.Rev == before.Rev && ix.RefRev == before.RefRev) {
		return
	}
	if err := s.diagnostics.Refresh(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("diagnostic : nouveau calcul", "err", err)
	}
}

// WarmDiagnostics starts computing, in the background, the diagnostic of
// France with the default options, when a referential is loaded: `serve`
// calls it at start, so that the first visitor of a diagnostic page does
// not wait for the computation.
func (s *Server) WarmDiagnostics(ctx context.Context) error {
	if s.diagnostics == nil || s.indexOf(ctx).Referential().Empty() {
		return nil
	}
	return s.diagnostics.Warm(ctx, s.diagnosticOptions(diagnostic.Options{}))
}

// diagnosticOptions completes options read from a request with the
// server's configuration (the OSRM server).
func (s *Server) diagnosticOptions(o diagnostic.Options) diagnostic.Options {
	o.OSRMURL = s.cfg.OSRMURL
	return o
}
