package harvest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/lease"
	"maillage/internal/store"
)

// deadPID is the id of a process that ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("no process to start: %v", err)
	}
	return cmd.Process.Pid
}

// A process's holder is its host, pid, pid namespace and a random nonce:
// two containers with the same host name and pid (1) are two holders.
func TestHolderUniquePerProcess(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	h := lease.Parse(Holder())
	if h.Host != host || h.PID != os.Getpid() || len(h.Nonce) < 16 {
		t.Errorf("holder %q read as %+v", Holder(), h)
	}
	if Holder() != Holder() {
		t.Error("the holder changes within a process")
	}
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv"})
		// Another container: same host name, same pid, same namespace
		// number even, another nonce; and one of the old form host:pid.
		for _, other := range []string{fmt.Sprintf("%s:%d:%s:autre", h.Host, h.PID, h.NS), fmt.Sprintf("%s:%d", h.Host, h.PID)} {
			if ok, err := st.AcquireLease(ctx, "moisson:hub", other, time.Hour); err != nil || !ok {
				t.Fatal(ok, err)
			}
			if _, err := Harvest(ctx, st, src, Options{}); !errors.Is(err, failure.ErrConflict) {
				t.Errorf("harvest while %q holds the lease: %v", other, err)
			}
			if _, err := Remove(ctx, st, "hub", Options{}); !errors.Is(err, failure.ErrConflict) {
				t.Errorf("removal while %q holds the lease: %v", other, err)
			}
			if err := st.ReleaseLease(ctx, "moisson:hub", other); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// A lease left by a killed process of this host (same host name and pid
// namespace, its pid gone) is taken over at once; one of another host or
// namespace, or of a running process, waits for its expiry.
func TestLeaseOfDeadProcessTakenOver(t *testing.T) {
	h := lease.Parse(Holder())
	if h.NS == "" {
		t.Skip("no pid namespace to tell processes of this host")
	}
	dead := deadPID(t)
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		src := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv"})
		tests := []struct {
			holder string
			taken  bool
		}{
			{fmt.Sprintf("%s:%d:%s:abcdef0123456789#3", h.Host, dead, h.NS), true},
			{fmt.Sprintf("%s:%d:%s:abcdef0123456789", h.Host, dead, h.NS), true},
			{fmt.Sprintf("autre-machine:%d:%s:abcdef0123456789#3", dead, h.NS), false},
			{fmt.Sprintf("%s:%d:%s0:abcdef0123456789#3", h.Host, dead, h.NS), false},
			{fmt.Sprintf("%s:%d:%s:abcdef0123456789#3", h.Host, os.Getppid(), h.NS), false},
			{fmt.Sprintf("%s:%d", h.Host, dead), false},
		}
		for _, tt := range tests {
			if ok, err := st.AcquireLease(ctx, "moisson:hub", tt.holder, time.Hour); err != nil || !ok {
				t.Fatal(ok, err)
			}
			run, err := Harvest(ctx, st, src, Options{Force: true})
			if tt.taken && (err != nil || run.Status != store.HarvestDone) {
				t.Errorf("lease of %q: %+v, %v", tt.holder, run, err)
			}
			if !tt.taken && !errors.Is(err, failure.ErrConflict) {
				t.Errorf("lease of %q taken over: %v", tt.holder, err)
			}
			if !tt.taken {
				if err := st.ReleaseLease(ctx, "moisson:hub", tt.holder); err != nil {
					t.Fatal(err)
				}
			}
			if cur, err := st.LeaseHolder(ctx, "moisson:hub"); err != nil || cur != "" {
				t.Errorf("after %q: lease held by %q, %v", tt.holder, cur, err)
			}
		}
		// A removal takes it over too.
		if ok, err := st.AcquireLease(ctx, "moisson:hub", strings.Replace(tests[0].holder, "#3", "#9", 1), time.Hour); err != nil || !ok {
			t.Fatal(ok, err)
		}
		if _, err := Remove(ctx, st, "hub", Options{}); err != nil {
			t.Errorf("removal with a dead process's lease: %v", err)
		}
	})
}
