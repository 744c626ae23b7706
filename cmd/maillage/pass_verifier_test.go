package main

import (
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPassVerifierOrders: `maillage pass verifier` checks each order's
// passes against it (review fix10p 5): their number (carnets × passes per
// carnet), their value (the order's face value) and their codes' check
// character. The database refuses such rows, so the test drops the
// triggers (and runs without foreign keys) to write them, as a person at
// the database's prompt could: verifier exits 1 naming each discrepancy.
func TestPassVerifierOrders(t *testing.T) {
	lieux, err := filepath.Abs(fixtures + "lieux-v1.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "m.db")
	db := "sqlite:" + dbPath
	dec := func() time.Time { return time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC) }
	cmd := func(want int, args ...string) result {
		t.Helper()
		r := runCmdAt(t, dec, dir, nil, append(args, "--db", db)...)
		if r.code != want {
			t.Fatalf("%v: status %d, want %d: %+v", args, r.code, want, r)
		}
		return r
	}
	cmd(0, "utilisateurs", "ajouter", "--role", "financeur", "finances@tarn.fr")
	cmd(0, "import", "--source", "hub", lieux)
	cmd(0, "pass", "commander", "--financeur", "finances@tarn.fr", "--carnets", "2", "--passes-par-carnet", "3", "--valeur", "10",
		"--fin", "2026-12-31", "--perimetre", "departement:81", "--services", "Aide aux démarches administratives", "-o", "codes.csv")
	f, err := os.Open(filepath.Join(dir, "codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 7 {
		t.Fatalf("codes.csv: %v %v", rows, err)
	}
	cmd(0, "pass", "verifier")
	valued, typo, extra := rows[1][2], rows[2][2], rows[3][2]
	wrongCheck := typo[:len(typo)-1] + "0"
	if strings.HasSuffix(typo, "0") {
		wrongCheck = typo[:len(typo)-1] + "1"
	}
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1) // the PRAGMA holds for this connection
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`DROP TRIGGER pass_circuit`,
		`UPDATE pass SET valeur_centimes = 500 WHERE code = '` + valued + `'`,
		`UPDATE pass SET code = '` + wrongCheck + `' WHERE code = '` + typo + `'`,
		`INSERT INTO pass (commande, carnet, code, valeur_centimes, etat) SELECT commande, carnet, 'PN-0000-0000-0000-0000-0', valeur_centimes, 'emis' FROM pass WHERE code = '` + extra + `'`,
		`INSERT INTO pass_evenements (pass, type, actor, at) SELECT id, 'emis', 'main', 'x' FROM pass WHERE code = 'PN-0000-0000-0000-0000-0'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	r := cmd(1, "pass", "verifier")
	for _, want := range []string{
		"pass " + valued + " : 500 centimes, sa commande 1 en vaut 1000",
		"pass " + wrongCheck + " : code invalide (préfixe, longueur ou caractère de contrôle)",
		"commande 1 : 7 pass, 2 carnet(s) de 3 en demandent 6",
		" : 4 pass, sa commande en met 3",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("verifier: %q; want %q", r.stdout, want)
		}
	}
	if !strings.Contains(r.stderr, "4 écarts") {
		t.Errorf("verifier's count: %q", r.stderr)
	}
}
