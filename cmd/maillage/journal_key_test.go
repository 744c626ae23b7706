package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/audit"
	"maillage/internal/postgres/pgtest"
)

// On PostgreSQL no process makes its own key (two processes would sign
// with two keys): without MAILLAGE_AUDIT_KEY or MAILLAGE_AUDIT_KEY_FILE a
// command refuses, says how to make one, and writes nothing in its folder.
// The checkpoint folder must be named too.
func TestPostgresNeedsTheKeyAndTheCheckpoints(t *testing.T) {
	db := pgtest.URL(t)
	dir := t.TempDir()
	r := runCmd(t, dir, map[string]string{"MAILLAGE_AUDIT_KEY": ""}, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "ada@hub.fr")
	if r.code == 0 || !strings.Contains(r.stderr, "MAILLAGE_AUDIT_KEY_FILE") || !strings.Contains(r.stderr, "maillage audit cle") {
		t.Errorf("without a key: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a key or a folder was made in the current folder: %v", err)
	}
	r = runCmd(t, dir, map[string]string{"MAILLAGE_AUDIT_CHECKPOINTS": ""}, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv"))
	if r.code == 0 || !strings.Contains(r.stderr, "MAILLAGE_AUDIT_CHECKPOINTS") {
		t.Errorf("without a checkpoint folder: %+v", r)
	}
}

// `audit cle` makes a new key file (0600) and never overwrites one.
func TestAuditKeyCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cles", "audit.key")
	r := runCmd(t, dir, nil, "audit", "cle", path)
	if r.code != 0 || !strings.Contains(r.stdout, path) {
		t.Fatalf("audit cle: %+v", r)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := audit.ParseKeys(string(b))
	if err != nil || len(keys) != 1 || !strings.Contains(r.stdout, keys[0].ID) {
		t.Fatalf("the file's key: %v %v (%s)", keys, err, r.stdout)
	}
	if r := runCmd(t, dir, nil, "audit", "cle", path); r.code == 0 || !strings.Contains(r.stderr, "existe déjà") {
		t.Errorf("overwrite: %+v", r)
	}
	after, err := os.ReadFile(path)
	if err != nil || string(after) != string(b) {
		t.Errorf("the key file changed: %v", err)
	}
	// The key file is what PostgreSQL processes share.
	db := pgtest.URL(t)
	env := map[string]string{"MAILLAGE_AUDIT_KEY": "", "MAILLAGE_AUDIT_KEY_FILE": path}
	if r := runCmd(t, dir, env, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "ada@hub.fr"); r.code != 0 {
		t.Fatalf("with the key file: %+v", r)
	}
	if r := runCmd(t, t.TempDir(), env, "utilisateurs", "ajouter", "--db", db, "--role", "contributeur", "bob@hub.fr"); r.code != 0 {
		t.Fatalf("another process, elsewhere: %+v", r)
	}
}

// With SQLite the key and the checkpoints live beside the database file,
// whatever the current folder: processes started from two folders share
// them, and the verifier run from a third finds them.
func TestSQLiteKeyBesideTheFile(t *testing.T) {
	dbDir := t.TempDir()
	db := "sqlite:" + filepath.Join(dbDir, "m.db")
	plain := map[string]string{"MAILLAGE_AUDIT_KEY": ""}
	if r := runCmd(t, t.TempDir(), plain, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "ada@hub.fr"); r.code != 0 {
		t.Fatalf("first: %+v", r)
	}
	if r := runCmd(t, t.TempDir(), plain, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 || strings.Contains(r.stderr, "créée") {
		t.Fatalf("second, from elsewhere: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dbDir, "audit.key")); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, t.TempDir(), plain, "audit", "verifier", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "Journal d'audit intact : 2 entrées vérifiées, 1 point de contrôle concordant.") {
		t.Errorf("verifier from a third folder: %+v", r)
	}
}

// A second process with another key refuses to write after the first's
// entries (nothing written), on both engines.
func TestSecondKeyRefusedOnBothEngines(t *testing.T) {
	other := strings.Repeat("fedcba9876543210", 4)
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := url(t)
			dir := t.TempDir()
			if r := runCmd(t, dir, nil, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "ada@hub.fr"); r.code != 0 {
				t.Fatalf("first key: %+v", r)
			}
			r := runCmd(t, dir, map[string]string{"MAILLAGE_AUDIT_KEY": other}, "utilisateurs", "ajouter", "--db", db, "--role", "contributeur", "bob@hub.fr")
			if r.code == 0 || !strings.Contains(r.stderr, "absente du trousseau") {
				t.Errorf("second key: %+v", r)
			}
			if r := runCmd(t, dir, nil, "audit", "verifier", "--db", db, "--sans-points-de-controle"); r.code != 0 || !strings.Contains(r.stdout, "1 entrée vérifiée") {
				t.Errorf("verifier after the refusal: %+v", r)
			}
		})
	}
}

// The verifier never makes a key: it says which it looked for, and where.
func TestVerifierMakesNoKey(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	r := runCmd(t, dir, map[string]string{"MAILLAGE_AUDIT_KEY": ""}, "audit", "verifier", "--db", db)
	if r.code == 0 || !strings.Contains(r.stderr, filepath.Join(dir, "audit.key")) || !strings.Contains(r.stderr, "MAILLAGE_AUDIT_KEY") {
		t.Errorf("verifier without a key: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "audit.key")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the verifier made a key: %v", err)
	}
}

// A non-empty journal verified without any checkpoint is not silently
// intact: a French warning and status 1, unless the operator says so.
func TestVerifierWithoutCheckpoints(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := url(t)
			dir := t.TempDir()
			cps := t.TempDir()
			env := map[string]string{"MAILLAGE_AUDIT_CHECKPOINTS": cps}
			if r := runCmd(t, dir, env, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
				t.Fatalf("import: %+v", r)
			}
			empty := map[string]string{"MAILLAGE_AUDIT_CHECKPOINTS": t.TempDir()}
			r := runCmd(t, dir, empty, "audit", "verifier", "--db", db)
			if r.code != 1 || !strings.Contains(r.stdout, "aucun point de contrôle") {
				t.Errorf("no checkpoint: %+v", r)
			}
			r = runCmd(t, dir, empty, "audit", "verifier", "--db", db, "--sans-points-de-controle")
			if r.code != 0 || !strings.Contains(r.stdout, "aucun point de contrôle") {
				t.Errorf("no checkpoint, accepted: %+v", r)
			}
			if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "1 point de contrôle concordant") {
				t.Errorf("with the checkpoints: %+v", r)
			}
		})
	}
}
