package web

import (
	"context"
	"errors"
	"net/http"

	"maillage/internal/search"
)

// A request reads one snapshot of the index from start to end: the index
// can be replaced while it runs (another instance's edit), and two reads
// of s.index could see two registries.

type snapshotKey struct{}

// withSnapshot gives each request the index as it is when it arrives.
func (s *Server) withSnapshot(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), snapshotKey{}, s.index.Load())))
	})
}

// indexOf is the request's snapshot of the index (the current index for
// a context that has none: a call from outside a request).
func (s *Server) indexOf(ctx context.Context) *search.Index {
	if ix, ok := ctx.Value(snapshotKey{}).(*search.Index); ok {
		return ix
	}
	return s.index.Load()
}

// freshSnapshot brings the index up to the registry (Sync) and gives the
// request the index as it now is: for a handler that must see places
// written since the request arrived (the review of duplicates looks up the
// places that imports and merges just made).
func (s *Server) freshSnapshot(r *http.Request) (*http.Request, error) {
	if err := s.syncNoWait(r.Context()); err != nil {
		return r, err
	}
	return r.WithContext(context.WithValue(r.Context(), snapshotKey{}, s.index.Load())), nil
}

// syncNoWait brings the index up to the registry when that is cheap: when
// a rebuild is running or would be needed (a large import), it leaves the
// index as it is rather than wait; the watch catches up.
func (s *Server) syncNoWait(ctx context.Context) error {
	if !s.refreshMu.TryLock() {
		return nil
	}
	defer s.refreshMu.Unlock()
	if err := s.sync(ctx, false); err != nil && !errors.Is(err, errRebuildNeeded) {
		return err
	}
	return nil
}
