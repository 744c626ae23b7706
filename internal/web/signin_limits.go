package web

import (
	"sync"
	"time"
)

// Sign-in is limited by what it costs, never so that a stranger can lock a
// person out:
//   - e-mails: to one address, each new link waits longer after the last one
//     (1, 2, 4, 8 minutes, then 15 at most, reset after an hour of quiet).
//     Since a link lives 15 minutes, the owner of the address always has a
//     valid link in their mailbox or gets a new one: requests by others only
//     space the messages out.
//   - passwords: failures slow down one client for one account (a doubling
//     wait after a few failures); other clients, the owner among them, are
//     not slowed down.

// Spacing of the sign-in e-mails to one address.
const (
	firstMailGap = time.Minute
	maxMailGap   = 15 * time.Minute
	mailQuiet    = time.Hour
)

// mailSpacing decides whether a new sign-in e-mail may go to an address.
type mailSpacing struct {
	mu   sync.Mutex
	now  func() time.Time
	sent map[string]mailSent
}

type mailSent struct {
	at  time.Time
	gap time.Duration // before the next message
}

func newMailSpacing(now func() time.Time) *mailSpacing {
	return &mailSpacing{now: now, sent: map[string]mailSent{}}
}

// allow reports whether a message may go to the address now, and if so
// counts it.
func (m *mailSpacing) allow(email string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	last, ok := m.sent[email]
	if ok && now.Sub(last.at) < last.gap {
		return false
	}
	gap := firstMailGap
	if ok && now.Sub(last.at) < mailQuiet {
		gap = min(last.gap*2, maxMailGap)
	}
	m.sent[email] = mailSent{at: now, gap: gap}
	if len(m.sent) > 10000 {
		for k, v := range m.sent {
			if now.Sub(v.at) >= mailQuiet {
				delete(m.sent, k)
			}
		}
	}
	return true
}

// Password failures allowed before a client waits, and the longest wait.
const (
	freeFailures  = 3
	maxFailureGap = 15 * time.Minute
)

// failureBackoff slows down the password attempts of one client on one
// account.
type failureBackoff struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]failures
}

type failures struct {
	n     int
	last  time.Time
	until time.Time
}

func newFailureBackoff(now func() time.Time) *failureBackoff {
	return &failureBackoff{now: now, m: map[string]failures{}}
}

// wait is how long the key must wait before its next attempt (0: now).
func (b *failureBackoff) wait(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f, ok := b.m[key]; ok {
		if d := f.until.Sub(b.now()); d > 0 {
			return d
		}
	}
	return 0
}

// fail counts a failure: after freeFailures, each one doubles the wait
// (1 s, 2 s, 4 s… up to maxFailureGap). An hour without failure forgets.
func (b *failureBackoff) fail(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	f := b.m[key]
	if now.Sub(f.last) >= time.Hour {
		f = failures{}
	}
	f.n++
	f.last = now
	if f.n > freeFailures {
		f.until = now.Add(min(time.Second<<min(f.n-freeFailures-1, 20), maxFailureGap))
	}
	b.m[key] = f
	if len(b.m) > 10000 {
		for k, v := range b.m {
			if now.Sub(v.last) >= time.Hour {
				delete(b.m, k)
			}
		}
	}
}

// reset forgets the failures of a key (after a success).
func (b *failureBackoff) reset(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, key)
}
