package main

import (
	"context"
	"fmt"
	"io"
	"maillage/internal/harvest"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"maillage/internal/importer"
)

// input is an opened file, URL or standard input.
type input struct {
	name string
	r    io.ReadCloser
	size int64 // -1 when unknown
	// modified is when the file last changed (its Last-Modified for a
	// URL); zero when unknown.
	modified time.Time
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// openInput opens a path, an http(s) URL, or "-" for standard input.
func openInput(ctx context.Context, e *env, arg string, private bool) (*input, error) {
	switch {
	case arg == "-":
		return &input{name: "entrée standard", r: io.NopCloser(e.stdin), size: -1}, nil
	case isURL(arg):
		// A URL given to import or validate is read as a harvest's: never
		// the machine's own network unless private (SSRF).
		resp, err := fetchWith(ctx, harvest.GuardedClient(httpClient.Timeout, private, "lire une URL"), arg)
		if err != nil {
			return nil, err
		}
		modified, _ := http.ParseTime(resp.Header.Get("Last-Modified"))
		return &input{name: arg, r: frenchBody{resp.Body}, size: resp.ContentLength, modified: modified}, nil
	}
	f, err := os.Open(arg)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s : fichier introuvable", arg)
		}
		return nil, fmt.Errorf("%s : lecture impossible : %w", arg, err)
	}
	fi, err := f.Stat()
	if err != nil || fi.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s : ce n'est pas un fichier lisible", arg)
	}
	return &input{name: arg, r: f, size: fi.Size(), modified: fi.ModTime()}, nil
}

// sourceName derives a source name from a file name or URL:
// "data/2024-07-01_hub-lieux.csv" → "2024-07-01_hub-lieux".
func sourceName(arg string) string {
	base := filepath.Base(arg)
	if isURL(arg) {
		u := strings.SplitN(strings.SplitN(arg, "?", 2)[0], "#", 2)[0]
		base = path.Base(u)
	}
	if arg == "-" {
		return "stdin"
	}
	for _, ext := range []string{".csv", ".json", ".geojson", ".txt", ".xlsx"} {
		if strings.HasSuffix(strings.ToLower(base), ext) {
			base = base[:len(base)-len(ext)]
			break
		}
	}
	// A file's name may hold anything; a source name may not.
	if base = importer.CleanSource(base); base == "" {
		return "import"
	}
	return base
}

// httpClient downloads files: large ones may take minutes, never forever.
var httpClient = &http.Client{Timeout: 10 * time.Minute}

// fetch GETs a URL, answering an error that names it unless the server says 200.
func fetch(ctx context.Context, url string) (*http.Response, error) {
	return fetchWith(ctx, httpClient, url)
}

// fetchWith is fetch with a client.
func fetchWith(ctx context.Context, client *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("%s : adresse invalide : %w", url, err)
	}
	req.Header.Set("User-Agent", "maillage (lieux de médiation numérique)")
	resp, err := client.Do(req)
	if msg, refused := harvest.Refusal(err); refused {
		return nil, fmt.Errorf("%s : téléchargement impossible : %s", url, msg)
	}
	if err != nil {
		return nil, fmt.Errorf("%s : téléchargement impossible : %w", url, frenchNet(err))
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("%s : le serveur répond %s", url, resp.Status)
	}
	return resp, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
