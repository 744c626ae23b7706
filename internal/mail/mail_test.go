package mail

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// fakeSMTP accepts one message on loopback and returns what it received.
func fakeSMTP(t *testing.T) (addr string, got chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	got = make(chan string, 1)
	go func() {
		defer ln.Close()
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { c.Write([]byte(s + "\r\n")) }
		say("220 fake ESMTP")
		var data strings.Builder
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
					got <- data.String()
					continue
				}
				data.WriteString(line)
				continue
			}
			switch cmd := strings.ToUpper(strings.Fields(line + " x")[0]); cmd {
			case "EHLO":
				say("250-fake")
				say("250 AUTH PLAIN")
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
	return ln.Addr().String(), got
}

func TestSMTP(t *testing.T) {
	addr, got := fakeSMTP(t)
	s, err := NewSMTP("smtp://hub:secret@"+addr, "maillage <ne-pas-repondre@hub.fr>", func() time.Time { return time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), "ada@hub.fr", "Votre lien de connexion à maillage", "Bonjour,\nhttp://x/lien\n"); err != nil {
		t.Fatal(err)
	}
	msg := <-got
	for _, want := range []string{"To: ada@hub.fr", "Subject: =?utf-8?q?Votre_lien_de_connexion_=C3=A0_maillage?=", "charset=utf-8", "http://x/lien", "Date: Tue, 01 Dec 2026 10:00:00 +0000"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if _, err := NewSMTP("http://x", "a@b.fr", time.Now); err == nil {
		t.Errorf("bad URL accepted")
	}
	if _, err := NewSMTP("smtp://h:25", "", time.Now); err == nil {
		t.Errorf("missing sender accepted")
	}
}

// A server that accepts the connection and never answers cannot hold a
// sending past its context: the deadline, or a cancellation (shutdown).
func TestSMTPSilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	s, err := NewSMTP("smtp://"+ln.Addr().String(), "maillage <ne-pas-repondre@hub.fr>", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := s.Send(ctx, "ada@hub.fr", "objet", "texte"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: got %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if err := s.Send(ctx, "ada@hub.fr", "objet", "texte"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: got %v", err)
	}
}
