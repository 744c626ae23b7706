package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// interrupted is what a person reads when Ctrl+C (or SIGTERM) stopped the
// command.
const interrupted = "interrompu (Ctrl+C)"

// netError is a network failure told in French; the original error stays
// reachable through errors.Is/As.
type netError struct {
	msg string
	err error
}

func (e *netError) Error() string { return e.msg }
func (e *netError) Unwrap() error { return e.err }

// frenchNet wraps a network error in its French message.
func frenchNet(err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	return &netError{msg: netMessage(err), err: err}
}

// netMessage tells in French why a download failed: the runtime's English
// ("Get \"…\": EOF") says little to the person running an import.
func netMessage(err error) string {
	var dns *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return interrupted
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "le serveur a fermé la connexion avant la fin"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connexion refusée (le serveur est-il démarré ? le port est-il le bon ?)"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connexion coupée par le serveur"
	case errors.As(err, &dns) && dns.IsNotFound:
		return "serveur « " + dns.Name + " » introuvable (adresse mal écrite ?)"
	case errors.As(err, &dns):
		return "serveur « " + dns.Name + " » introuvable (pas de réseau ?)"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "le serveur ne répond pas : délai dépassé"
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr):
		return "certificat du serveur non valable (connexion non sûre refusée)"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "réseau injoignable (pas de connexion ?)"
	}
	// Anything else keeps its detail, for the person to report it.
	return "erreur réseau : " + err.Error()
}

// frenchBody reads a response body, telling its read errors in French.
type frenchBody struct{ io.ReadCloser }

func (b frenchBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	return n, frenchNet(err)
}

// frenchCauses rewrites, in an error message, the English of the runtime
// that reaches it through wrapping (a cancelled context, a signal).
func frenchCauses(msg string) string {
	for _, english := range []string{"interrupt signal received", "terminated signal received", "context canceled"} {
		msg = strings.ReplaceAll(msg, english, interrupted)
	}
	msg = strings.ReplaceAll(msg, interrupted+"\n"+interrupted, interrupted)
	return strings.ReplaceAll(msg, "context deadline exceeded", "délai dépassé")
}
