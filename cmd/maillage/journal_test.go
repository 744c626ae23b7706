package main

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/audit"
	"maillage/internal/sqlite"
)

// testAuditKey is the journal's key of the tests that open a store beside
// a running serve (both must sign alike).
var testAuditKey = strings.Repeat("0123456789abcdef", 4)

// testEnv is an environment with the test's journal key, and checkpoints
// in a folder of the test (never in the repository).
func testEnv(t testing.TB) *env {
	dir := t.TempDir()
	return &env{now: time.Now, getenv: func(k string) string {
		switch k {
		case "MAILLAGE_AUDIT_KEY":
			return testAuditKey
		case "MAILLAGE_AUDIT_CHECKPOINTS":
			return dir
		case "MAILLAGE_MOISSON_ADRESSES_PRIVEES":
			return "1" // the tests' fake sources are on loopback
		}
		return ""
	}, stdout: io.Discard, stderr: io.Discard}
}

// Without a configured key, the first command makes one beside the
// database (mode 0600) and says so; import and serve write checkpoints
// there; the verifier then detects a truncated journal.
func TestAuditKeyFileAndCheckpoints(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	plain := map[string]string{"MAILLAGE_AUDIT_KEY": ""}
	r := runCmd(t, dir, plain, "utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "ada@hub.fr")
	if r.code != 0 || !strings.Contains(r.stderr, "clé du journal d'audit créée dans "+filepath.Join(dir, "audit.key")) {
		t.Fatalf("first use: %+v", r)
	}
	info, err := os.Stat(filepath.Join(dir, "audit.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info, err)
	}
	if r := runCmd(t, dir, plain, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 || strings.Contains(r.stderr, "créée") {
		t.Fatalf("import: %+v", r)
	}
	cps, err := audit.ReadCheckpoints(filepath.Join(dir, "m.db.points-de-controle"))
	if err != nil || len(cps) != 1 || cps[0].Seq != 2 {
		t.Fatalf("checkpoints after the import: %+v %v", cps, err)
	}
	if r := runCmd(t, dir, plain, "audit", "verifier", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "Journal d'audit intact : 2 entrées vérifiées, 1 point de contrôle concordant.") {
		t.Errorf("verifier: %+v", r)
	}
	// Someone who can write the database removes the import's entry.
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AuditHead(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM audit WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	if r := runCmd(t, dir, plain, "audit", "verifier", "--db", db); r.code != 1 || !strings.Contains(r.stdout, "tronqué ou vidé") {
		t.Errorf("verifier of a truncated journal: %+v", r)
	}
}
