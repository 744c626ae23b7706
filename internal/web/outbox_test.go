package web

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"maillage/internal/account"
)

// stuckMail never finishes sending before its context ends.
type stuckMail struct{ ended chan error }

func (m stuckMail) Send(ctx context.Context, to, subject, body string) error {
	<-ctx.Done()
	m.ended <- ctx.Err()
	return ctx.Err()
}

func (stuckMail) Logs() bool { return false }

// Shutdown waits for the e-mails being sent, and past its deadline cancels
// them: a stuck mail server neither holds the process nor is abandoned
// mid-flight silently.
func TestShutdownDrainsMail(t *testing.T) {
	ts := newTestServer(t)
	m := stuckMail{ended: make(chan error, 1)}
	ts.cfg.Mail = m
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	postForm(t, ts, "/connexion", url.Values{"email": {"ada@hub.fr"}}, "")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := ts.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown: %v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 5*time.Second {
		t.Errorf("Shutdown returned after %v", d)
	}
	select {
	case err := <-m.ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the sending ended with %v", err)
		}
	default:
		t.Errorf("the sending was not cancelled")
	}
}
