package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store/storetest"
)

// maillage guide writes the booklet of a territory to a file that stands
// alone (its style sheet inline), with QR codes of the places' pages at
// --url-publique, the need's filter, and a French error for an unknown
// territory.
func TestGuideCommand(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	ctx := context.Background()
	st, err := openStore(ctx, testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ id, insee, cp, commune, service string }{
		{"albi-1", "81004", "81000", "Albi", place.ServiceDemarches},
		{"castres-1", "81065", "81100", "Castres", place.ServiceOutils},
		{"tls-1", "31555", "31000", "Toulouse", place.ServiceDemarches},
	} {
		l := storetest.Sample(p.id)
		l.Nom, l.CodeINSEE, l.CodePostal, l.Commune, l.Services = "Lieu "+p.id, p.insee, p.cp, p.commune, []string{p.service}
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(dir, "guide.html")
	r := runCmd(t, dir, nil, "guide", "--db", db, "--territoire", "departement:81", "--url-publique", "https://hub.exemple.fr", "-o", out)
	if r.code != 0 {
		t.Fatalf("guide: %+v", r)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, w := range []string{"<style>", "break-inside: avoid", "Tarn (81)", "2 lieux dans 2 communes", "Lieu albi-1", "Lieu castres-1", `aria-label="Code QR vers la page de « Lieu albi-1 »"`} {
		if !strings.Contains(html, w) {
			t.Errorf("the guide lacks %q", w)
		}
	}
	if strings.Contains(html, "tls-1") || strings.Contains(html, `href="/static/guide.css"`) {
		t.Errorf("the Tarn's guide names a place of Toulouse, or links a style sheet it cannot reach from a file")
	}
	if !strings.Contains(r.stderr, "2 lieux") {
		t.Errorf("summary: %q", r.stderr)
	}
	r = runCmd(t, dir, nil, "guide", "--db", db, "--territoire", "departement:81", "--service", place.ServiceOutils)
	if r.code != 0 || strings.Contains(r.stdout, "Lieu albi-1") || !strings.Contains(r.stdout, "Lieu castres-1") || strings.Contains(r.stdout, "<svg") {
		t.Errorf("guide of a need on stdout, without a public address (no QR code): %d %q", r.code, r.stderr)
	}
	if r := runCmd(t, dir, nil, "guide", "--db", db, "--territoire", "departement:99"); r.code == 0 || !strings.Contains(r.stderr, "Aucun territoire") {
		t.Errorf("unknown territory: %+v", r)
	}
	if r := runCmd(t, dir, nil, "guide", "--db", db); r.code != 2 {
		t.Errorf("without --territoire: %+v", r)
	}
}

// TestCountWords: French puts 0 and 1 in the singular (« Guide de Arles
// (13) : 0 lieu », review 11N2 minor 8).
func TestCountWords(t *testing.T) {
	for n, want := range map[int]string{0: "0 lieu", 1: "1 lieu", 2: "2 lieux", 13: "13 lieux"} {
		if got := countWords(n, "lieu", "lieux"); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}
