package account

import "time"

// Sign-in is limited by what it costs, never so that a stranger can lock a
// person out (see README, "Limites de connexion"):
//   - e-mails: each address receives its sign-in links spaced out (1, 2, 4,
//     8 minutes, then 15 at most, reset after an hour of quiet) and at most
//     MailsPerDay a day. Since a link lives 15 minutes, the owner always has
//     a valid link or gets a new one; requests for other addresses, from
//     wherever, change nothing for them.
//   - passwords: attempts on one account are slowed down after a few
//     failures (a doubling wait up to 15 minutes), whatever addresses they
//     come from; a browser where the account signed in before counts its
//     own attempts apart, so that the owner there is not slowed down by
//     others, and a sign-in link is always possible.
//
// A Throttle is the state of one such limit; the store keeps it in the
// database, so that every instance serving one database shares it.
type Throttle struct {
	N     int       // attempts in a row (passwords), or e-mails today
	Since time.Time // start of the day counted (e-mails)
	Last  time.Time // last attempt or e-mail
	Until time.Time // nothing before this time
}

// MailThrottleKey is the key of the limit on the sign-in e-mails sent to
// an address (normalised), PasswordThrottleKey that of the password
// attempts on its account from browsers it did not sign in on: an
// account's deletion forgets both.
func MailThrottleKey(email string) string     { return "courriel:" + email }
func PasswordThrottleKey(email string) string { return "mot-de-passe:" + email }

// Zero reports whether the throttle holds nothing (the store deletes it).
func (t Throttle) Zero() bool { return t == Throttle{} }

// Wait is how long before the next attempt (0: now).
func (t Throttle) Wait(now time.Time) time.Duration {
	return max(t.Until.Sub(now), 0)
}

// Spacing and ceiling of the sign-in e-mails to one address.
const (
	MailsPerDay  = 20
	firstMailGap = time.Minute
	maxMailGap   = 15 * time.Minute
	mailQuiet    = time.Hour
)

// NextMail decides whether a sign-in e-mail may go now to the address whose
// throttle is t, and returns the throttle counting it.
func NextMail(t Throttle, now time.Time) (Throttle, bool) {
	if now.Before(t.Until) {
		return t, false
	}
	if now.Sub(t.Since) >= 24*time.Hour {
		t.Since, t.N = now, 0
	}
	if t.N >= MailsPerDay {
		return t, false
	}
	gap := firstMailGap
	if !t.Last.IsZero() && now.Sub(t.Last) < mailQuiet {
		gap = min(max(t.Until.Sub(t.Last), firstMailGap)*2, maxMailGap)
	}
	t.N++
	t.Last, t.Until = now, now.Add(gap)
	return t, true
}

// Password attempts allowed in a row before each waits, and the longest
// wait.
const (
	FreeAttempts   = 5
	maxAttemptWait = 15 * time.Minute
)

// NextAttempt decides whether a password attempt may be judged now, and
// returns the throttle counting it as a failure: the wait it sets applies
// unless the attempt succeeds (then the throttle is reset). Counting before
// judging means parallel attempts cannot pass together. An hour without
// attempt forgets.
func NextAttempt(t Throttle, now time.Time) (Throttle, bool) {
	if now.Before(t.Until) {
		return t, false
	}
	if now.Sub(t.Last) >= time.Hour {
		t = Throttle{}
	}
	t.N++
	t.Last = now
	if t.N >= FreeAttempts {
		t.Until = now.Add(min(time.Second<<min(t.N-FreeAttempts, 20), maxAttemptWait))
	}
	return t, true
}
