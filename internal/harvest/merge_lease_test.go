package harvest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"maillage/internal/dedup"
	"maillage/internal/lease"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// The merge run's lease left by a killed process of this machine (an
// import or a harvest killed during its merge) is taken over at once:
// the next import's merge does not wait for it to expire. A running
// process's lease is waited for.
func TestMergeLeaseOfDeadProcessTakenOver(t *testing.T) {
	h := lease.Parse(Holder())
	if h.NS == "" {
		t.Skip("no pid namespace to tell processes of this host")
	}
	dead := deadPID(t)
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		imported := func(id string) {
			t.Helper()
			im, err := st.BeginImport(ctx, "hub")
			if err != nil {
				t.Fatal(err)
			}
			l := storetest.Sample(id)
			if _, _, err := im.Put(ctx, &l); err != nil {
				t.Fatal(err)
			}
			if _, err := im.Commit(ctx, "hub.csv"); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range []struct {
			holder string
			taken  bool
		}{
			{fmt.Sprintf("%s:%d:%s:abcdef0123456789#4", h.Host, dead, h.NS), true},
			{fmt.Sprintf("%s:%d:%s:abcdef0123456789#4", h.Host, os.Getppid(), h.NS), false},
		} {
			imported("m-" + tt.holder)
			if ok, err := st.AcquireLease(ctx, dedup.MergeLease, tt.holder, time.Hour); err != nil || !ok {
				t.Fatal(ok, err)
			}
			wait := 20 * time.Second
			if !tt.taken {
				wait = time.Second
			}
			rctx, cancel := context.WithTimeout(ctx, wait)
			_, err := dedup.DefaultConfig().RunStore(rctx, st)
			cancel()
			pending, perr := st.HasPending(ctx)
			if perr != nil {
				t.Fatal(perr)
			}
			if tt.taken && (err != nil || pending) {
				t.Errorf("merge run with the lease of %q: %v (records still waiting: %v)", tt.holder, err, pending)
			}
			if !tt.taken && (!errors.Is(err, context.DeadlineExceeded) || !pending) {
				t.Errorf("merge run with the lease of %q, a running process: %v, want it waiting", tt.holder, err)
			}
			if !tt.taken {
				if err := st.ReleaseLease(ctx, dedup.MergeLease, tt.holder); err != nil {
					t.Fatal(err)
				}
			}
			if cur, err := st.LeaseHolder(ctx, dedup.MergeLease); err != nil || cur != "" {
				t.Errorf("after the run: lease held by %q, %v", cur, err)
			}
		}
	})
}
