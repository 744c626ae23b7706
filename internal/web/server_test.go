package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/sqlite"
	"maillage/internal/store/storetest"
)

func newTestServer(t *testing.T, ls ...place.Lieu) http.Handler {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if len(ls) > 0 {
		im, _ := db.BeginImport(ctx, "test")
		for i := range ls {
			if _, _, err := im.Put(ctx, &ls[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Commit(ctx, "t"); err != nil {
			t.Fatal(err)
		}
	}
	h, err := NewServer(Config{Store: db})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(t *testing.T, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestHome(t *testing.T) {
	h := newTestServer(t, storetest.Sample("a"), storetest.Sample("b"))
	resp := get(t, h, "/")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{`<html lang="fr">`, `href="#contenu"`, `id="contenu"`, "<h1>", "2 lieux", "/donnees/lieux.csv"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if resp := get(t, h, "/nulle-part"); resp.StatusCode != 404 {
		t.Errorf("unknown page: %d", resp.StatusCode)
	}
}

func TestDownloads(t *testing.T) {
	h := newTestServer(t, storetest.Sample("a"))
	for path, ctype := range map[string]string{
		"/donnees/lieux.csv": "text/csv; charset=utf-8", "/donnees/lieux.json": "application/json",
		"/donnees/lieux.geojson": "application/geo+json",
	} {
		resp := get(t, h, path)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctype || !strings.Contains(string(body), "Médiathèque") {
			t.Errorf("%s: %d %q %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		last := resp.Header.Get("Last-Modified")
		if resp := get(t, h, path, "If-Modified-Since", last); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s If-Modified-Since: %d", path, resp.StatusCode)
		}
		if resp := get(t, h, path, "If-None-Match", `"autre"`); resp.StatusCode != 200 {
			t.Errorf("%s stale ETag: %d", path, resp.StatusCode)
		}
	}
	// An empty registry is still a valid document.
	empty := newTestServer(t)
	body, _ := io.ReadAll(get(t, empty, "/donnees/lieux.json").Body)
	if strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("empty JSON: %q", body)
	}
}

func TestHealthz(t *testing.T) {
	resp := get(t, newTestServer(t), "/healthz")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "ok") {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
}
