// Package mail sends the e-mails of maillage (sign-in links, invitations,
// reminders): through SMTP when it is configured, else into the server's
// log, for development.
package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
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

// SMTP sends through a server given as smtp://user:password@host:port
// (STARTTLS required) or smtps://… (TLS from the start). Sign-in links are
// credentials: they never travel in clear to a relay that does not offer
// STARTTLS (or strips it), except to a server on loopback (development)
// or when the URL says ?tls=aucun (a trusted relay, documented); and
// configured credentials are never silently skipped when the server does
// not offer AUTH.
type SMTP struct {
	URL  *url.URL
	From string
	Now  func() time.Time // the messages' date
	// Plaintext is set by ?tls=aucun: the operator accepts plaintext.
	Plaintext bool
	implicit  bool                   // smtps://
	roots     *x509.CertPool         // the trusted roots (nil: the system's); tests set them
	loopback  func(host string) bool // whether host is this machine; tests override it
}

// NewSMTP reads the server's URL; now dates the messages.
func NewSMTP(rawURL, from string, now func() time.Time) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
		return nil, fmt.Errorf("adresse SMTP invalide : attendu smtp://utilisateur:mot-de-passe@hote:port (STARTTLS) ou smtps://… (TLS direct)")
	}
	if from == "" {
		return nil, fmt.Errorf("expéditeur des courriels manquant (MAILLAGE_SMTP_FROM)")
	}
	s := &SMTP{URL: u, From: from, Now: now, implicit: u.Scheme == "smtps", loopback: isLoopback}
	switch v := u.Query().Get("tls"); v {
	case "":
	case "aucun":
		s.Plaintext = true
	default:
		return nil, fmt.Errorf("adresse SMTP : tls=%s inconnu ; seule l'option tls=aucun existe (envoi en clair accepté, pour un relais de confiance)", v)
	}
	return s, nil
}

// Describe says how messages will travel, for the server's log at start.
func (s *SMTP) Describe() string {
	host := s.URL.Hostname()
	switch {
	case s.implicit:
		return "courriels par " + host + " en TLS (smtps)"
	case s.Plaintext:
		return "courriels par " + host + " : STARTTLS si le serveur l'offre, sinon EN CLAIR (tls=aucun) : les liens de connexion peuvent être lus sur le réseau"
	case s.loopback(host):
		return "courriels par " + host + " (boucle locale) : STARTTLS si le serveur l'offre, sinon en clair"
	}
	return "courriels par " + host + " : STARTTLS exigé (sinon rien n'est envoyé)"
}

// isLoopback tells whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
		port := "587"
		if s.implicit {
			port = "465"
		}
		host = net.JoinHostPort(host, port)
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
	tlsConfig := &tls.Config{ServerName: hostname, RootCAs: s.roots, MinVersion: tls.VersionTLS12}
	if s.implicit {
		conn = tls.Client(conn, tlsConfig)
	}
	c, err := smtp.NewClient(conn, hostname)
	if err != nil {
		return fmt.Errorf("serveur SMTP : %w", err)
	}
	defer c.Close()
	switch ok, _ := c.Extension("STARTTLS"); {
	case s.implicit:
	case ok:
		if err := c.StartTLS(tlsConfig); err != nil {
			return fmt.Errorf("serveur SMTP %s, STARTTLS : %w", hostname, err)
		}
	case !s.Plaintext && !s.loopback(hostname):
		return fmt.Errorf("le serveur SMTP %s n'offre pas STARTTLS : rien n'est envoyé, un lien de connexion ne part jamais en clair "+
			"(relais mal configuré, ou STARTTLS retiré en chemin). Utilisez smtps://… (TLS direct) ou un relais qui offre STARTTLS ; "+
			"?tls=aucun dans MAILLAGE_SMTP_URL accepte l'envoi en clair, pour un relais de confiance seulement (README)", hostname)
	}
	if s.URL.User != nil {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("le serveur SMTP %s n'offre pas AUTH alors que MAILLAGE_SMTP_URL donne des identifiants : rien n'est envoyé "+
				"(relais qui n'est pas celui attendu, ou AUTH retiré en chemin) ; retirez les identifiants de l'adresse si ce relais n'en demande pas", hostname)
		}
		pw, _ := s.URL.User.Password()
		if err := c.Auth(smtp.PlainAuth("", s.URL.User.Username(), pw, hostname)); err != nil {
			return fmt.Errorf("serveur SMTP %s, authentification : %w", hostname, err)
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
