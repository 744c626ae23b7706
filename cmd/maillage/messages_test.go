package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Messages printed on the terminal never carry raw control characters, and
// English errors of the runtime are told in French.
func TestExitMessagesEscapedAndFrench(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"escape in a file name", fmt.Errorf("a\x1b[31mRED\x1b[0m.csv : fichier introuvable"), `maillage : a\x1b[31mRED\x1b[0m.csv : fichier introuvable` + "\n"},
		{"canceled alone", context.Canceled, "maillage : interrompu (Ctrl+C)\n"},
		{"canceled wrapped", fmt.Errorf("export : %w", context.Canceled), "maillage : export : interrompu (Ctrl+C)\n"},
		{"signal cause", fmt.Errorf("x.csv : lecture interrompue : %w", errors.Join(errors.New("interrupt signal received"), context.Canceled)), "maillage : x.csv : lecture interrompue : interrompu (Ctrl+C)\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			exitCode(tt.err, &b)
			if b.String() != tt.want {
				t.Errorf("exitCode(%v) printed %q, want %q", tt.err, b.String(), tt.want)
			}
		})
	}
}

func TestNetworkMessages(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"EOF", &urlErr{io.EOF}, "le serveur a fermé la connexion avant la fin"},
		{"unexpected EOF", io.ErrUnexpectedEOF, "le serveur a fermé la connexion avant la fin"},
		{"refused", &net.OpError{Op: "dial", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}, "connexion refusée"},
		{"reset", &net.OpError{Op: "read", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}, "connexion coupée par le serveur"},
		{"unknown host", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, "serveur « x.invalid » introuvable"},
		{"deadline", context.DeadlineExceeded, "délai dépassé"},
		{"canceled", context.Canceled, "interrompu (Ctrl+C)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := netMessage(tt.err)
			if !strings.Contains(got, tt.want) {
				t.Errorf("netMessage(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

// urlErr stands for the *url.Error http.Client wraps its errors in.
type urlErr struct{ err error }

func (e *urlErr) Error() string { return "Get \"http://x\": " + e.err.Error() }
func (e *urlErr) Unwrap() error { return e.err }

// A server closing the connection, before answering or half-way through
// the body, is said in French.
func TestDownloadCutInFrench(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/coupe.csv" {
			w.Header().Set("Content-Length", "100000")
			w.Write([]byte("id,nom\n1,a\n"))
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}))
	defer srv.Close()
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	for _, args := range [][]string{
		{"import", srv.URL + "/ferme.csv"},
		{"validate", srv.URL + "/ferme.csv"},
		{"validate", srv.URL + "/coupe.csv"},
	} {
		r := runCmd(t, dir, env, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "le serveur a fermé la connexion avant la fin") {
			t.Errorf("%q: %+v", args, r)
		}
		for _, english := range []string{"EOF", "Get \"", "unexpected"} {
			if strings.Contains(r.stderr, english) {
				t.Errorf("%q: English %q in %q", args, english, r.stderr)
			}
		}
	}
}

// validate's diagnostics on the terminal escape the data's control
// characters (the review's ansi.csv).
func TestValidateEscapesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a\x1b[2Jb.csv")
	writeFile(t, f, "id,nom,commune,code_postal,adresse,date_maj\n1,\x1b[1A\x1b[2Kfake,Lyon,69001,1 rue,2026-01-01\n")
	r := runCmd(t, "", nil, "validate", f)
	if strings.Contains(r.stdout+r.stderr, "\x1b") {
		t.Errorf("raw escape printed: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}
