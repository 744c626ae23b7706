package mail

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"
)

// testCert is a self-signed certificate for 127.0.0.1 and the pool that
// trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relais de test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"relais.test"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// relay is a fake SMTP server on loopback offering STARTTLS and AUTH or
// not (as a hostile relay that strips them), or speaking TLS at once
// (smtps); it records the commands it receives and whether they came
// over TLS.
type relay struct {
	startTLS, auth, implicit bool
	cert                     tls.Certificate
	log                      chan string // one transcript per connection
}

func (rl *relay) serve(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	rl.log = make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		var tr strings.Builder
		defer func() { rl.log <- tr.String() }()
		defer func() { c.Close() }()
		secure := false
		if rl.implicit {
			c = tls.Server(c, &tls.Config{Certificates: []tls.Certificate{rl.cert}})
			secure = true
		}
		r := bufio.NewReader(c)
		say := func(s string) { c.Write([]byte(s + "\r\n")) }
		say("220 relais ESMTP")
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if inData {
				if line == ".\r\n" {
					inData = false
					say("250 OK")
				}
				continue
			}
			cmd := strings.ToUpper(strings.Fields(line + " x")[0])
			if secure {
				tr.WriteString("[tls] ")
			}
			tr.WriteString(cmd + "\n")
			switch cmd {
			case "EHLO":
				say("250-relais")
				if rl.startTLS && !secure {
					say("250-STARTTLS")
				}
				if rl.auth {
					say("250-AUTH PLAIN")
				}
				say("250 8BITMIME")
			case "STARTTLS":
				say("220 go")
				c = tls.Server(c, &tls.Config{Certificates: []tls.Certificate{rl.cert}})
				r = bufio.NewReader(c)
				secure = true
			case "AUTH":
				say("235 OK")
			case "DATA":
				inData = true
				say("354 go on")
			case "QUIT":
				say("221 bye")
				return
			default:
				say("250 OK")
			}
		}
	}()
	return ln.Addr().String()
}

// A sign-in link never travels in clear to a relay that strips STARTTLS,
// and configured credentials are never silently skipped: plaintext only
// on loopback or with the explicit ?tls=aucun; smtps:// speaks TLS at once.
func TestSMTPRequiresTLSAndAuth(t *testing.T) {
	cert, pool := testCert(t)
	for _, tt := range []struct {
		name   string
		relay  relay
		url    string // with ADDR for the relay's address
		remote bool   // the relay is taken for a remote host (not loopback)
		want   string // in the error; "" for sent
		seen   string // in the relay's transcript
	}{
		{"remote relay without STARTTLS", relay{}, "smtp://hub:secret@ADDR", true, "n'offre pas STARTTLS", ""},
		{"remote relay without STARTTLS nor credentials", relay{}, "smtp://ADDR", true, "n'offre pas STARTTLS", ""},
		{"credentials but no AUTH, loopback", relay{}, "smtp://hub:secret@ADDR", false, "n'offre pas AUTH", ""},
		{"credentials but no AUTH after STARTTLS", relay{startTLS: true}, "smtp://hub:secret@ADDR", true, "n'offre pas AUTH", "[tls] EHLO"},
		{"STARTTLS and AUTH", relay{startTLS: true, auth: true}, "smtp://hub:secret@ADDR", true, "", "[tls] AUTH\n[tls] MAIL\n[tls] RCPT\n[tls] DATA"},
		{"smtps", relay{auth: true, implicit: true}, "smtps://hub:secret@ADDR", true, "", "[tls] AUTH\n[tls] MAIL"},
		{"plaintext on loopback (development)", relay{}, "smtp://ADDR", false, "", "MAIL\nRCPT\nDATA"},
		{"plaintext by explicit choice", relay{}, "smtp://ADDR?tls=aucun", true, "", "MAIL\nRCPT\nDATA"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rl := tt.relay
			rl.cert = cert
			addr := rl.serve(t)
			s, err := NewSMTP(strings.Replace(tt.url, "ADDR", addr, 1), "maillage <ne-pas-repondre@hub.fr>", time.Now)
			if err != nil {
				t.Fatal(err)
			}
			s.roots = pool
			if tt.remote {
				s.loopback = func(string) bool { return false }
			}
			err = s.Send(context.Background(), "ada@hub.fr", "Votre lien", "https://hub.fr/connexion/lien?jeton=secret")
			transcript := <-rl.log
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v\n%s", err, transcript)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", err, tt.want)
			case tt.want != "" && (strings.Contains(transcript, "DATA") || strings.Contains(transcript, "MAIL")):
				t.Errorf("the message left anyway:\n%s", transcript)
			}
			if !strings.Contains(transcript, tt.seen) {
				t.Errorf("transcript lacks %q:\n%s", tt.seen, transcript)
			}
		})
	}
	if _, err := NewSMTP("smtp://h:25?tls=peut-etre", "a@b.fr", time.Now); err == nil || !strings.Contains(err.Error(), "tls=aucun") {
		t.Errorf("unknown tls option: %v", err)
	}
}
