package harvest

import (
	"context"

	"maillage/internal/store"
)

// Outcome is how a harvest started by Start ended.
type Outcome struct {
	Run store.HarvestRun
	Err error
}

// Start begins a harvest as Harvest does — under the source's lease, so
// that it never runs beside a scheduled harvest or another server's —
// and, once its run is recorded (it shows as running), runs it in the
// background until ctx ends. It returns the run's number, and a channel
// that receives how it ended. failure.Conflict: the source is being
// harvested already.
func Start(ctx context.Context, st store.Store, src store.Source, opt Options) (int64, <-chan Outcome, error) {
	h, err := begin(ctx, st, src, opt)
	if err != nil {
		return 0, nil, err
	}
	done := make(chan Outcome, 1)
	go func() {
		var o Outcome
		defer func() { done <- o }()
		defer recovered(&o.Err) // a bug fails this harvest, not the server
		o.Run, o.Err = h.complete()
	}()
	return h.id, done, nil
}
