// Package lease names the holders of the database's leases (one
// harvester of a source, one merge run at a time across processes) and
// takes over a lease left by a killed process of this machine.
package lease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A lease names its holder "HOST:PID:NS:NONCE": the host name, the
// process id, the number of its pid namespace ("" when unknown) and a
// random nonce drawn at the start of the process. The nonce tells apart
// two processes with the same host name and pid (two containers, each
// its pid 1); host, namespace and pid tell a lease left by a process of
// this machine that was killed (its pid no longer runs), which is taken
// over at once instead of blocking the source until the lease expires.
// Each harvest, removal or merge run adds "#N" (see Operation).

// Holder names this process in leases.
func Holder() string { return processHolder() }

var processHolder = sync.OnceValue(func() string {
	host, _ := os.Hostname()
	b := make([]byte, 12)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%s:%s", strings.ReplaceAll(host, ":", "-"), os.Getpid(), pidNamespace(), hex.EncodeToString(b))
})

// pidNamespace is the number of this process's pid namespace ("" when
// unknown): a pid means the same process only within one namespace.
func pidNamespace() string {
	link, err := os.Readlink("/proc/self/ns/pid") // "pid:[4026531836]"
	if err != nil {
		return ""
	}
	n := strings.TrimSuffix(strings.TrimPrefix(link, "pid:["), "]")
	if _, err := strconv.ParseUint(n, 10, 64); err != nil {
		return ""
	}
	return n
}

// Name is a lease holder's name, read.
type Name struct {
	Host      string
	PID       int
	NS, Nonce string
}

// Parse reads a holder's name (zero fields when it is not one of this
// form).
func Parse(s string) Name {
	s, _, _ = strings.Cut(s, "#")
	f := strings.Split(s, ":")
	if len(f) != 4 && len(f) != 2 {
		return Name{}
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || pid <= 0 {
		return Name{}
	}
	h := Name{Host: f[0], PID: pid}
	if len(f) == 4 {
		h.NS, h.Nonce = f[2], f[3]
	}
	return h
}

// DeadHere tells whether the holder named s was a process of this
// machine's pid namespace, other than this one, that no longer runs.
func DeadHere(s string) bool {
	h, me := Parse(s), Parse(Holder())
	return h.NS != "" && h.Host == me.Host && h.NS == me.NS && h.PID != me.PID && !running(h.PID)
}

// operations numbers the lease operations of this process.
var operations atomic.Uint64

// Operation names one operation (a harvest, a removal, a merge run) in a
// lease: the process (base, or Holder()) and the operation's number. Two
// operations of one process (the schedule and the web page of serve) are
// two holders, so that they never hold a lease together.
func Operation(base string) string {
	if base == "" {
		base = Holder()
	}
	return base + "#" + strconv.FormatUint(operations.Add(1), 10)
}

// Store is what leases need of the storage (store.Sources).
type Store interface {
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	LeaseHolder(ctx context.Context, name string) (string, error)
	TakeOverLease(ctx context.Context, name, from, holder string, ttl time.Duration) (bool, error)
}

// Acquire takes the lease name for holder as the store does, or from a
// dead process of this machine (DeadHere).
func Acquire(ctx context.Context, st Store, name, holder string, ttl time.Duration) (bool, error) {
	for range 2 {
		ok, err := st.AcquireLease(ctx, name, holder, ttl)
		if err != nil || ok {
			return ok, err
		}
		cur, err := st.LeaseHolder(ctx, name)
		if err != nil {
			return false, err
		}
		if cur == "" {
			continue // expired meanwhile: try again
		}
		if !DeadHere(cur) {
			return false, nil
		}
		return st.TakeOverLease(ctx, name, cur, holder, ttl)
	}
	return false, nil
}
