// Package mail sends the e-mails of maillage (sign-in links, invitations,
// reminders): through SMTP when it is configured, else into the server's
// log, for development.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"os"
	"strings"
	"time"
)

// Sender sends one message. The context bounds the whole exchange.
type Sender interface {
	Send(ctx context.Context, to, subject, body string) error
	// Logs reports that messages go to the log instead of a mailbox.
	Logs() bool
}

// Log writes messages to the log (no SMTP configured).
type Log struct{ Logger *slog.Logger }

func (l Log) Send(_ context.Context, to, subject, body string) error {
	l.Logger.Warn("courriel non envoyé (pas de SMTP configuré) : le voici dans le journal", "à", to, "objet", subject, "texte", body)
	return nil
}

func (Log) Logs() bool { return true }

// SMTP sends through a server given as smtp://user:password@host:port.
type SMTP struct {
	URL  *url.URL
	From string
	Now  func() time.Time // the messages' date
}

// NewSMTP reads the server's URL; now dates the messages.
func NewSMTP(rawURL, from string, now func() time.Time) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return nil, fmt.Errorf("adresse SMTP invalide : attendu smtp://utilisateur:mot-de-passe@hote:port")
	}
	if from == "" {
		return nil, fmt.Errorf("expéditeur des courriels manquant (MAILLAGE_SMTP_FROM)")
	}
	return &SMTP{URL: u, From: from, Now: now}, nil
}

func (s *SMTP) Logs() bool { return false }

// DefaultTimeout bounds a sending whose context has no deadline.
const DefaultTimeout = 30 * time.Second

// Send sends a plain-text message in UTF-8 (STARTTLS when the server
// offers it). A slow or silent server cannot hold it past ctx's end.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	host := s.URL.Host
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(host, "587")
	}
	hostname, _, _ := net.SplitHostPort(host)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return fmt.Errorf("serveur SMTP %s injoignable : %w", host, err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// A cancellation unblocks the exchange at once.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	err = s.exchange(conn, hostname, to, subject, body)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		// The connection's deadline is the context's: the context ends
		// with it (or has ended, when cancelled), and says why.
		<-ctx.Done()
	}
	if ctx.Err() != nil {
		return fmt.Errorf("envoi par %s interrompu : %w", host, ctx.Err())
	}
	return err
}

func (s *SMTP) exchange(conn net.Conn, hostname, to, subject, body string) error {
	c, err := smtp.NewClient(conn, hostname)
	if err != nil {
		return fmt.Errorf("serveur SMTP : %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: hostname}); err != nil {
			return fmt.Errorf("serveur SMTP, STARTTLS : %w", err)
		}
	}
	if s.URL.User != nil {
		if ok, _ := c.Extension("AUTH"); ok {
			pw, _ := s.URL.User.Password()
			if err := c.Auth(smtp.PlainAuth("", s.URL.User.Username(), pw, hostname)); err != nil {
				return fmt.Errorf("serveur SMTP, authentification : %w", err)
			}
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("serveur SMTP, expéditeur : %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("serveur SMTP, destinataire : %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("serveur SMTP : %w", err)
	}
	msg := strings.Join([]string{
		"From: " + s.From,
		"To: " + to,
		"Subject: " + mime.QEncoding.Encode("utf-8", subject),
		"Date: " + s.Now().Format(time.RFC1123Z),
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: 8bit",
		"",
		body,
	}, "\r\n")
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("serveur SMTP, message : %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("serveur SMTP, message refusé : %w", err)
	}
	return c.Quit()
}
