package harvest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"maillage/internal/failure"
	"maillage/internal/importer"
	"maillage/internal/printable"
	"maillage/internal/standard"
	"maillage/internal/store"
	"maillage/internal/tempfile"
)

// spoolPrefix starts the names of the harvests' temporary files.
const spoolPrefix = "maillage-moisson-"

// spool is what a harvest fetched, as a file of the standard, with the
// validators that tell next time whether it changed.
type spool struct {
	f     *os.File
	name  string // in messages: the URL or path it came from
	h     hash.Hash
	n     int64
	limit int64 // 0: none

	ETag, LastModified string
	// modTime is when the data last changed, when known (Last-Modified,
	// a file's modification time).
	modTime time.Time
	// relocate, when set, makes the importer's diagnostics name where
	// the records came from (locations.go).
	relocate func(*standard.Diagnostic)
	// kept are the keys, not the standard's, the content keeps on
	// purpose (a spreadsheet's columns its correspondence reads or keeps):
	// the importer does not call them unknown.
	kept []string
	// rejected are the records read and rejected on the way (several
	// resources combined into one file of their valid records): the
	// importer keeps them as the file's rejected records.
	rejected []importer.Rejected
}

func newSpool(name string, limit int64) (*spool, error) {
	tempfile.RemoveStale("", spoolPrefix)
	f, err := tempfile.Create("", spoolPrefix, 0o600)
	if err != nil {
		return nil, fmt.Errorf("%s : fichier temporaire impossible : %w", name, err)
	}
	return &spool{f: f, name: store.WithoutSecrets(name), h: sha256.New(), limit: limit}, nil
}

// Write keeps p, refusing to go past the size limit.
func (s *spool) Write(p []byte) (int, error) {
	if s.limit > 0 && s.n+int64(len(p)) > s.limit {
		return 0, failure.Errorf(failure.Invalid, "%s : plus de %s reçus, au-delà de la limite d'un fichier (%s) : moisson arrêtée",
			printable.String(s.name), standard.FormatSize(s.limit), standard.FormatSize(s.limit))
	}
	n, err := s.f.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	return n, err
}

// Hash is the content's SHA-256, as "sha256:HEX".
func (s *spool) Hash() string { return "sha256:" + hex.EncodeToString(s.h.Sum(nil)) }

// Rewind makes the spool readable from its start.
func (s *spool) Rewind() (io.Reader, error) {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("%s : fichier temporaire illisible : %w", s.name, err)
	}
	return s.f, nil
}

// Close removes the spool.
func (s *spool) Close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// request is one HTTP GET of a harvest.
type request struct {
	url    string
	header http.Header
	// Conditional validators of the previous harvest (the server may
	// answer 304 Not Modified).
	etag, lastModified string
}

// errNotModified: the server says the resource did not change.
var errNotModified = errors.New("non modifié")

// get sends the request and returns its answer when it is 200 (the caller
// closes the body), errNotModified on 304, a French error otherwise.
func (h *harvester) get(ctx context.Context, r request) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, failure.Errorf(failure.Invalid, "%s : adresse invalide", shown(r.url))
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "maillage (moisson des lieux de médiation numérique)")
	if r.etag != "" {
		req.Header.Set("If-None-Match", r.etag)
	}
	if r.lastModified != "" {
		req.Header.Set("If-Modified-Since", r.lastModified)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		if refused, ok := h.refusedMessage(err, r.url); ok {
			return nil, refused
		}
		var f *failure.Error
		if errors.As(err, &f) { // a redirect refused
			return nil, failure.Errorf(f.Code, "Source « %s » : %s : %s", printable.String(h.src.Name), shown(r.url), f.Message)
		}
		return nil, fmt.Errorf("%s : téléchargement impossible : %s", shown(r.url), netMessage(ctx, err))
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return resp, nil
	case http.StatusNotModified:
		resp.Body.Close()
		if r.etag == "" && r.lastModified == "" {
			// Nothing was asked to compare with: 304 cannot mean "as last time".
			return nil, failure.Errorf(failure.Unavailable, "%s : le serveur répond 304 (non modifié) à une demande sans condition (aucune moisson précédente ne donne d'ETag ni de date de modification à comparer) : réponse incohérente, rien n'est importé", shown(r.url))
		}
		return nil, errNotModified
	case http.StatusUnauthorized, http.StatusForbidden:
		resp.Body.Close()
		return nil, failure.Errorf(failure.Forbidden, "%s : le serveur refuse l'accès (%s) : vérifiez la clé ou le jeton", shown(r.url), resp.Status)
	}
	resp.Body.Close()
	return nil, failure.Errorf(failure.Unavailable, "%s : le serveur répond %s", shown(r.url), resp.Status)
}

// copyBody copies an answer's body to w, telling read errors in French.
func copyBody(ctx context.Context, url string, w io.Writer, body io.Reader) error {
	if _, err := io.Copy(w, body); err != nil {
		var f *failure.Error
		if errors.As(err, &f) {
			return err
		}
		return fmt.Errorf("%s : téléchargement interrompu : %s", shown(url), netMessage(ctx, err))
	}
	return nil
}

// netMessage tells in French why a download failed.
func netMessage(ctx context.Context, err error) string {
	// net/http's errors name the address, secrets included (a token in
	// the query): the callers name it, without them.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var dns *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "le serveur ne répond pas ou répond trop lentement : délai dépassé"
	case errors.Is(err, context.Canceled):
		return "interrompu"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "le serveur a fermé la connexion avant la fin"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connexion refusée (le serveur est-il démarré ? l'adresse est-elle la bonne ?)"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connexion coupée par le serveur"
	case errors.As(err, &dns):
		return "serveur « " + dns.Name + " » introuvable"
	}
	return "erreur réseau : " + strings.TrimSpace(err.Error())
}
