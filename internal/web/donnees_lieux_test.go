package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/standard/standardtest"
	"maillage/internal/store"
)

// The files follow the registry's revision: a change gives a new ETag
// and a new body, the old ETag no longer matches, the current one does;
// the gzipped file is the plain one compressed; ranges resume.
func TestDownloadsFollowRevision(t *testing.T) {
	s, other, _ := otherInstance(t)
	h := s.Handler()
	get := func(path string, header ...string) *http.Response {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	read := func(res *http.Response) string {
		t.Helper()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	first := get("/donnees/lieux.csv")
	body := read(first)
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || etag != fmt.Sprintf(`"csv-%d"`, s.index.Load().Rev) || !strings.Contains(body, "EPN du Capitole") {
		t.Fatalf("first download: %d %q\n%s", first.StatusCode, etag, body)
	}
	if res := get("/donnees/lieux.csv", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("same revision: %d", res.StatusCode)
	}
	packed := get("/donnees/lieux.csv", "Accept-Encoding", "gzip")
	if packed.Header.Get("Content-Encoding") != "gzip" || packed.Header.Get("ETag") == etag {
		t.Errorf("gzip: %v", packed.Header)
	}
	zr, err := gzip.NewReader(packed.Body)
	if err != nil {
		t.Fatal(err)
	}
	unpacked, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(unpacked) != body {
		t.Error("the gzipped file is not the plain file compressed")
	}
	if res := get("/donnees/lieux.csv", "Range", "bytes=10-19"); res.StatusCode != http.StatusPartialContent || read(res) != body[10:20] {
		t.Errorf("range: %d", res.StatusCode)
	}

	// Another process edits a place.
	ctx := context.Background()
	l, err := other.Lieu(ctx, "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.PatchLieu(ctx, l.ID, store.Patch{Base: store.Version(&l), Set: map[string]string{"nom": "Nouveau nom du Capitole"}, Origin: "coordination", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	res := get("/donnees/lieux.csv", "If-None-Match", etag)
	if body := read(res); res.StatusCode != 200 || res.Header.Get("ETag") == etag || !strings.Contains(body, "Nouveau nom du Capitole") {
		t.Errorf("after an edit: %d %q", res.StatusCode, res.Header.Get("ETag"))
	}
	// Each format reads back as the standard.
	for _, format := range []string{"csv", "json", "geojson"} {
		res := get("/donnees/lieux." + format)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", format, res.StatusCode)
		}
		if format == "geojson" {
			continue
		}
		sc, err := standard.NewScanner(res.Body, "lieux."+format)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for sc.Scan() {
			if !sc.Entry().OK {
				t.Errorf("%s: record %d unreadable", format, n)
			}
			n++
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		if n != s.index.Load().Len() {
			t.Errorf("%s: %d records for %d places", format, n, s.index.Load().Len())
		}
	}
}

// Clients that request the downloads and never read hold no database
// connection: with 50 of them stalled, /healthz (which asks the database)
// and place pages answer. Before, four such clients held every SQLite
// reader and the site hung.
func TestSlowReadersDoNotHoldTheDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 12 000 places")
	}
	s, other, _ := otherInstance(t)
	// A registry larger than what the sockets buffer, so that the writer
	// blocks on a client that does not read.
	var buf bytes.Buffer
	if err := standardtest.WriteCSV(&buf, 12000, 3); err != nil {
		t.Fatal(err)
	}
	sc, err := standard.NewScanner(&buf, "gen.csv")
	if err != nil {
		t.Fatal(err)
	}
	var ls []place.Lieu
	for sc.Scan() {
		if e := sc.Entry(); e.OK {
			ls = append(ls, e.Lieu)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	importLieux(t, other, "gen", ls...)
	if err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Pages get a short write deadline, as serve sets one; downloads extend theirs.
	srv := httptest.NewUnstartedServer(s.Handler())
	srv.Config.WriteTimeout = 300 * time.Millisecond
	srv.Start()
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for i := 0; i < 50; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.(*net.TCPConn).SetReadBuffer(4096); err != nil {
			t.Fatal(err)
		}
		format := []string{"csv", "json", "geojson"}[i%3]
		if _, err := fmt.Fprintf(c, "GET /donnees/lieux.%s HTTP/1.1\r\nHost: x\r\n\r\n", format); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// The first one does read its headers: the download has started.
			if _, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	time.Sleep(200 * time.Millisecond)
	client := &http.Client{Timeout: 5 * time.Second}
	for _, path := range []string{"/healthz", "/lieux/tls-1", "/healthz", "/api/v1/lieux?code_insee=31555"} {
		res, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatalf("%s with 50 stalled downloads: %v", path, err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	// A download slower than the server's write deadline is not cut.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.(*net.TCPConn).SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c, "GET /donnees/lieux.csv HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil || n != res.ContentLength || n < 1<<20 {
		t.Errorf("a slow download was cut: %d of %d bytes (%v)", n, res.ContentLength, err)
	}
}
