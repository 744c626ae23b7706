package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/tableur"
)

const coopExport = "../../internal/coopexport/testdata/accompagnements.csv"

// TestActivitesImportExport imports a Coop export (a refused line per
// problem, the good ones kept, exit status 1 after the summary), imports
// it again (nothing added), an export without a refused line (exit 0),
// and exports a territory's period as CSV (golden) and XLSX.
func TestActivitesImportExport(t *testing.T) {
	src, err := filepath.Abs(coopExport)
	if err != nil {
		t.Fatal(err)
	}
	golden, err := filepath.Abs(filepath.Join("testdata", "golden", "activites-export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	at := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	cmd := func(want int, args ...string) result {
		t.Helper()
		r := runCmdAt(t, at, dir, nil, append(args, "--db", db)...)
		if r.code != want {
			t.Fatalf("%v: status %d, want %d: %+v", args, r.code, want, r)
		}
		return r
	}
	r := cmd(1, "activites", "importer", "--format", "coop", src)
	if want := "accompagnements.csv (export de la Coop, CSV, 2 activités) : 2 ajoutées, 0 remplacée, 0 inchangée — 2 lignes refusées\n"; r.stdout != want {
		t.Errorf("first import: %q, want %q", r.stdout, want)
	}
	for _, want := range []string{
		"accompagnements.csv, ligne 12, colonne « Durée (min) » : « une heure » : une durée est un nombre entier de minutes (règle duree-nombre)",
		"accompagnements.csv, ligne 13, colonne « Thématique(s) d’accompagnement » : « logement » : une thématique administrative n'est donnée qu'avec « Aide aux démarches administratives » (règle administrative-sans-aide-aux-demarches)",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	r = cmd(1, "activites", "importer", src)
	if !strings.Contains(r.stdout, ": 0 ajoutée, 0 remplacée, 2 inchangées") {
		t.Errorf("same export again: %q", r.stdout)
	}
	clean := filepath.Join(dir, "propre.csv")
	writeFile(t, clean, "Date;Type;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;ID CRA\n2025-10-02;Accompagnement individuel;À distance;30;E-mail;0b4c1e9e-5f0a-4c1e-9b7d-2a6f3c8e1d40\n")
	if r := cmd(0, "activites", "importer", clean); !strings.HasSuffix(r.stdout, "1 ajoutée, 0 remplacée, 0 inchangée — 0 ligne refusée\n") || strings.Contains(r.stderr, "règle") {
		t.Errorf("an export without a refused line: %+v", r)
	}
	r = cmd(0, "activites", "exporter", "--territoire", "departement:31,departement:81", "--du", "2026-11-01", "--au", "2026-11-30", "--format", "csv", "-o", "activites.csv")
	got, err := os.ReadFile(filepath.Join(dir, "activites.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("export differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
	if r.stderr != "2 activités exportées (ni les agrégats mensuels ni les activités de coordination : maillage activites statistiques).\n" {
		t.Errorf("stderr: %q", r.stderr)
	}
	if r := cmd(0, "activites", "exporter", "--territoire", "commune:31555", "--du", "2026-11-01", "--au", "2026-11-30", "-o", "-"); strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("one commune: %q", r.stdout)
	}
	cmd(0, "activites", "exporter", "--territoire", "france", "--du", "2026-01-01", "--au", "2026-12-31", "--format", "xlsx", "-o", "activites.xlsx")
	f, err := os.Open(filepath.Join(dir, "activites.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh, err := tableur.ReadSheet(context.Background(), f, "activites.xlsx", []string{"id", "id_cra"}, tableur.DefaultLimits)
	if err != nil || sh.Format != "xlsx" || sh.Header[2] != "id_cra" {
		t.Fatalf("xlsx: %v %+v", err, sh)
	}
	n := 0
	for {
		if _, err := sh.Next(); err != nil {
			break
		}
		n++
	}
	if n != 2 {
		t.Errorf("xlsx rows: %d", n)
	}
}

// TestActivitesExportFormulas: free texts of a Coop file (a workshop's
// title, a place's name, a démarche) and its file name come out of the
// CSV export neutralised (a spreadsheet would run them as formulas); an
// ID CRA not shaped as the Coop's is refused on import.
func TestActivitesExportFormulas(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	at := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	hostile := filepath.Join(dir, "=x.csv")
	writeFile(t, hostile, "Date;Type;Participants;Canaux d’accompagnement;Nom du lieu;Code Insee;Durée (min);Nom de l’atelier;Thématique(s) d’accompagnement;Nom de la démarche administrative;ID CRA\n"+
		"2026-11-02;Atelier collectif;1/1;Lieu d’activité;@SUM(1+1);81004;60;\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"Cliquez\"\")\";E-mail;;0b4c1e9e-5f0a-4c1e-9b7d-2a6f3c8e1d41\n"+
		"2026-11-03;Accompagnement individuel;1;À distance;;;30;;Aide aux démarches administratives;+cmd|' /C calc'!A0;0b4c1e9e-5f0a-4c1e-9b7d-2a6f3c8e1d42\n"+
		"2026-11-03;Accompagnement individuel;1;À distance;;;30;;E-mail;;\"=HYPERLINK(\"\"x\"\")\"\n")
	r := runCmdAt(t, at, dir, nil, "activites", "importer", "--db", db, hostile)
	if r.code != 1 || !strings.Contains(r.stdout, "2 ajoutées") || !strings.Contains(r.stderr, "=x.csv, ligne 4, colonne « ID CRA » : « =HYPERLINK(\"x\") » : un ID CRA de la Coop est un UUID") {
		t.Fatalf("import: %+v", r)
	}
	if r := runCmdAt(t, at, dir, nil, "activites", "exporter", "--db", db, "--territoire", "france", "--du", "2026-11-01", "--au", "2026-11-30", "--format", "csv", "-o", "out.csv"); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows, %v:\n%s", len(rows), err, data)
	}
	want := map[string]bool{`'=HYPERLINK("http://evil.example/","Cliquez")`: false, "'@SUM(1+1)": false, "'=x.csv": false, "'+cmd|' /C calc'!A0": false}
	for _, row := range rows[1:] {
		for i, c := range row {
			if _, ok := want[c]; ok {
				want[c] = true
			}
			if c != "" && strings.ContainsRune("=+@\t\r", rune(c[0])) || strings.HasPrefix(c, "-") && c != "-" && strings.Trim(c, "-0123456789") != "" {
				t.Errorf("column %s: a formula: %q", rows[0][i], c)
			}
		}
	}
	for c, seen := range want {
		if !seen {
			t.Errorf("%q not in the export:\n%s", c, data)
		}
	}
}

func TestActivitesUsage(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"activites", "aide-moi"}, "sous-commande inconnue « aide-moi »"},
		{[]string{"activites", "compter"}, "sous-commande inconnue « compter »"},
		{[]string{"activites", "importer"}, "un fichier"},
		{[]string{"activites", "importer", "--format", "cnum", "x.csv"}, "format « cnum » inconnu"},
		{[]string{"activites", "importer", "absent.csv"}, "absent.csv"},
		{[]string{"activites", "exporter", "--du", "2026-01-01", "--au", "2026-01-31"}, "--territoire"},
		{[]string{"activites", "exporter", "--territoire", "canton:12", "--du", "2026-01-01", "--au", "2026-01-31"}, "--territoire"},
		{[]string{"activites", "exporter", "--territoire", "france", "--du", "01/01/2026", "--au", "2026-01-31"}, "--du « 01/01/2026 » : une date s'écrit AAAA-MM-JJ"},
		{[]string{"activites", "exporter", "--territoire", "france", "--du", "2026-02-01", "--au", "2026-01-31"}, "la période finit (2026-01-31) avant de commencer (2026-02-01)"},
		{[]string{"activites", "exporter", "--territoire", "france", "--du", "2026-01-01", "--au", "2026-01-31", "--format", "ods"}, "csv ou xlsx"},
	} {
		r := runCmd(t, dir, nil, append(tt.args, "--db", "sqlite:"+filepath.Join(dir, "m.db"))...)
		if r.code == 0 || !strings.Contains(r.stderr, tt.msg) {
			t.Errorf("%v: status %d, stderr %q, want %q", tt.args, r.code, r.stderr, tt.msg)
		}
	}
}
