package harvest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"maillage/internal/store"
)

// A lease names its holder "HOST:PID:NS:NONCE": the host name, the
// process id, the number of its pid namespace ("" when unknown) and a
// random nonce drawn at the start of the process. The nonce tells apart
// two processes with the same host name and pid (two containers, each
// its pid 1); host, namespace and pid tell a lease left by a process of
// this machine that was killed (its pid no longer runs), which is taken
// over at once instead of blocking the source until the lease expires.
// Each harvest or removal adds "#N" (see operationHolder).

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

// holder is a lease holder's name, read.
type holder struct {
	host      string
	pid       int
	ns, nonce string
}

// parseHolder reads a holder's name (zero fields when it is not one of
// this form).
func parseHolder(s string) holder {
	s, _, _ = strings.Cut(s, "#")
	f := strings.Split(s, ":")
	if len(f) != 4 && len(f) != 2 {
		return holder{}
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || pid <= 0 {
		return holder{}
	}
	h := holder{host: f[0], pid: pid}
	if len(f) == 4 {
		h.ns, h.nonce = f[2], f[3]
	}
	return h
}

// deadHere tells whether the holder named s was a process of this
// machine's pid namespace, other than this one, that no longer runs.
func deadHere(s string) bool {
	h, me := parseHolder(s), parseHolder(Holder())
	return h.ns != "" && h.host == me.host && h.ns == me.ns && h.pid != me.pid && !running(h.pid)
}

// acquireLease takes the lease name for holder as the store does, or from
// a dead process of this machine (deadHere).
func acquireLease(ctx context.Context, st store.Store, name, holder string, ttl time.Duration) (bool, error) {
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
		if !deadHere(cur) {
			return false, nil
		}
		return st.TakeOverLease(ctx, name, cur, holder, ttl)
	}
	return false, nil
}
