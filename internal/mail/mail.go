// Package mail sends the e-mails of maillage (sign-in links, invitations,
// reminders): through SMTP when it is configured, else into the server's
// log, for development.
package mail

import (
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Sender sends one message.
type Sender interface {
	Send(to, subject, body string) error
	// Logs reports that messages go to the log instead of a mailbox.
	Logs() bool
}

// Log writes messages to the log (no SMTP configured).
type Log struct{ Logger *slog.Logger }

func (l Log) Send(to, subject, body string) error {
	l.Logger.Warn("courriel non envoyé (pas de SMTP configuré) : le voici dans le journal", "à", to, "objet", subject, "texte", body)
	return nil
}

func (Log) Logs() bool { return true }

// SMTP sends through a server given as smtp://user:password@host:port.
type SMTP struct {
	URL  *url.URL
	From string
}

// NewSMTP reads the server's URL.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return nil, fmt.Errorf("adresse SMTP invalide : attendu smtp://utilisateur:mot-de-passe@hote:port")
	}
	if from == "" {
		return nil, fmt.Errorf("expéditeur des courriels manquant (MAILLAGE_SMTP_FROM)")
	}
	return &SMTP{URL: u, From: from}, nil
}

func (s *SMTP) Logs() bool { return false }

// Send sends a plain-text message in UTF-8.
func (s *SMTP) Send(to, subject, body string) error {
	host := s.URL.Host
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(host, "587")
	}
	var auth smtp.Auth
	if s.URL.User != nil {
		pw, _ := s.URL.User.Password()
		h, _, _ := net.SplitHostPort(host)
		auth = smtp.PlainAuth("", s.URL.User.Username(), pw, h)
	}
	msg := strings.Join([]string{
		"From: " + s.From,
		"To: " + to,
		"Subject: " + mime.QEncoding.Encode("utf-8", subject),
		"Date: " + time.Now().Format(time.RFC1123Z),
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: 8bit",
		"",
		body,
	}, "\r\n")
	return smtp.SendMail(host, auth, s.From, []string{to}, []byte(msg))
}
