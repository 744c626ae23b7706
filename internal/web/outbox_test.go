package web

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"maillage/internal/account"
)

// stuckMail never finishes sending before its context ends; started
// says a sending began.
type stuckMail struct{ started, ended chan error }

func (m stuckMail) Send(ctx context.Context, to, subject, body string) error {
	m.started <- nil
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
	m := stuckMail{started: make(chan error, 1), ended: make(chan error, 1)}
	ts.cfg.Mail = m
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	postForm(t, ts, "/connexion", url.Values{"email": {"ada@hub.fr"}}, "")
	// The e-mail is sent after the account is looked up and the link
	// stored, in the background: on a loaded machine that takes longer
	// than Shutdown's deadline, and the sending would never begin.
	select {
	case <-m.started:
	case <-time.After(30 * time.Second):
		t.Fatal("the e-mail's sending never began")
	}
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
