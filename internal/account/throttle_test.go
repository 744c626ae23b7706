package account

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// E-mails to one address are spaced 1, 2, 4, 8 then 15 minutes at most:
// the owner always has a link younger than 15 minutes or gets a new one.
func TestNextMailSpacing(t *testing.T) {
	var th Throttle
	var sentAt []time.Duration
	now := t0
	for i := 0; i < 120; i++ { // two hours, a request every minute
		var ok bool
		if th, ok = NextMail(th, now); ok {
			sentAt = append(sentAt, now.Sub(t0))
		}
		now = now.Add(time.Minute)
	}
	want := []time.Duration{0, 1, 3, 7, 15, 30, 45, 60, 75, 90, 105}
	if len(sentAt) != len(want) {
		t.Fatalf("sent at %v", sentAt)
	}
	for i, w := range want {
		if sentAt[i] != w*time.Minute {
			t.Errorf("message %d at %v, want %v min", i, sentAt[i], w)
		}
	}
	// An hour of quiet resets the spacing.
	now = now.Add(time.Hour)
	th, _ = NextMail(th, now)
	if _, ok := NextMail(th, now.Add(time.Minute)); !ok {
		t.Errorf("an hour of quiet does not reset the spacing")
	}
}

// At most MailsPerDay a day, the count starting again the next day.
func TestNextMailCeiling(t *testing.T) {
	var th Throttle
	n := 0
	now := t0
	for i := 0; i < 24*4; i++ { // a day, every 15 minutes
		var ok bool
		if th, ok = NextMail(th, now); ok {
			n++
		}
		now = now.Add(15 * time.Minute)
	}
	if n != MailsPerDay {
		t.Errorf("%d e-mails in a day, want %d", n, MailsPerDay)
	}
	if _, ok := NextMail(th, now.Add(time.Hour)); !ok {
		t.Errorf("no e-mail the next day")
	}
}

func TestNextAttempt(t *testing.T) {
	var th Throttle
	now := t0
	// FreeAttempts at once, then a wait that doubles.
	for i := 0; i < FreeAttempts; i++ {
		var ok bool
		if th, ok = NextAttempt(th, now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		if got := th.Wait(now); got != want {
			t.Fatalf("wait %v, want %v", got, want)
		}
		if _, ok := NextAttempt(th, now.Add(want-time.Millisecond)); ok {
			t.Fatalf("attempt before the wait of %v accepted", want)
		}
		now = now.Add(want)
		var ok bool
		if th, ok = NextAttempt(th, now); !ok {
			t.Fatalf("attempt after the wait of %v refused", want)
		}
	}
	// The wait never passes 15 minutes.
	for i := 0; i < 40; i++ {
		now = now.Add(th.Wait(now))
		th, _ = NextAttempt(th, now)
	}
	if w := th.Wait(now); w != 15*time.Minute {
		t.Errorf("longest wait %v", w)
	}
	// An hour without attempt forgets.
	now = now.Add(time.Hour + 15*time.Minute)
	th, _ = NextAttempt(th, now)
	if th.N != 1 || th.Wait(now) != 0 {
		t.Errorf("after an hour of quiet: %+v", th)
	}
}
