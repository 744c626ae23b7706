package main

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// rawExec runs SQL on the database of url as someone who can write the
// database, and nothing else, would.
func rawExec(t *testing.T, url, query string) {
	t.Helper()
	if path, ok := sqlitePath(url); ok {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(query); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		return
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, query); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// An emptied journal stays detected after the next routine write: the
// writer refuses to start a journal anew where checkpoints of this
// database attest an earlier one, and the verifier never sets aside the
// checkpoints of this database (the reviewer's launder_audit.sh).
func TestEmptiedJournalNotLaundered(t *testing.T) {
	for name, url := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := url(t)
			dir := t.TempDir()
			env := map[string]string{}
			if name == "postgres" {
				env["MAILLAGE_AUDIT_CHECKPOINTS"] = t.TempDir()
			}
			steps := [][]string{
				{"import", "--db", db, "--source", "s1", abs(t, fixtures+"lieux-v1.csv")},
				{"utilisateurs", "ajouter", "--db", db, "--role", "administrateur", "chef@hub.fr"},
				{"import", "--db", db, "--source", "s2", abs(t, fixtures+"lieux-v0.csv")},
			}
			for _, args := range steps {
				if r := runCmd(t, dir, env, args...); r.code != 0 {
					t.Fatalf("%v: %+v", args, r)
				}
			}
			if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "intact : 3 entrées") {
				t.Fatalf("verifier before: %+v", r)
			}
			rawExec(t, db, "DELETE FROM audit")
			if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 1 || !strings.Contains(r.stdout, "vidé") {
				t.Errorf("verifier, emptied: %+v", r)
			}
			for _, args := range [][]string{
				{"import", "--db", db, "--source", "s3", abs(t, fixtures+"lieux-v0.csv")},
				{"utilisateurs", "ajouter", "--db", db, "--role", "contributeur", "autre@hub.fr"},
			} {
				if r := runCmd(t, dir, env, args...); r.code == 0 || !strings.Contains(r.stderr, "journal vidé, tronqué ou remplacé") || !strings.Contains(r.stderr, "Rien n'est écrit") {
					t.Errorf("%v on an emptied journal: %+v", args[0], r)
				}
			}
			r := runCmd(t, dir, env, "audit", "verifier", "--db", db)
			if r.code != 1 || strings.Contains(r.stdout, "intact") || !strings.Contains(r.stdout, "vidé") {
				t.Errorf("verifier after a refused write: %+v", r)
			}
		})
	}
}

// A's journal replaced by B's (two databases of one folder, one key) is
// not laundered either: A's checkpoints name A's database.
func TestReplacedJournalNotLaundered(t *testing.T) {
	dir := t.TempDir()
	a, b := "sqlite:"+filepath.Join(dir, "a.db"), "sqlite:"+filepath.Join(dir, "b.db")
	env := map[string]string{"MAILLAGE_AUDIT_KEY": ""}
	for _, args := range [][]string{
		{"import", "--db", a, abs(t, fixtures+"lieux-v1.csv")},
		{"utilisateurs", "ajouter", "--db", a, "--role", "administrateur", "chef@hub.fr"},
		{"import", "--db", b, abs(t, fixtures+"lieux-v0.csv")},
	} {
		if r := runCmd(t, dir, env, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	rawExec(t, a, "ATTACH DATABASE '"+filepath.Join(dir, "b.db")+"' AS b; DELETE FROM audit; INSERT INTO audit SELECT * FROM b.audit")
	if r := runCmd(t, dir, env, "import", "--db", a, abs(t, fixtures+"lieux-v0.csv")); r.code == 0 || !strings.Contains(r.stderr, "Rien n'est écrit") {
		t.Errorf("import on a replaced journal: %+v", r)
	}
	if r := runCmd(t, dir, env, "audit", "verifier", "--db", a); r.code != 1 || strings.Contains(r.stdout, "intact") {
		t.Errorf("verifier of a replaced journal: %+v", r)
	}
	if r := runCmd(t, dir, env, "audit", "verifier", "--db", b); r.code != 0 || !strings.Contains(r.stdout, "intact") {
		t.Errorf("verifier of b: %+v", r)
	}
}

// Emptying the journal and deleting the checkpoint folder beside the file
// is not "intact" while the database holds places; the verifier warns that
// a folder beside the database does not protect against that.
func TestEmptiedJournalAndCheckpointFolder(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	env := map[string]string{"MAILLAGE_AUDIT_KEY": ""}
	if r := runCmd(t, dir, env, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "à côté de la base") {
		t.Errorf("verifier: no warning about the folder beside the database: %+v", r)
	}
	rawExec(t, db, "DELETE FROM audit")
	if err := os.RemoveAll(filepath.Join(dir, "m.db.points-de-controle")); err != nil {
		t.Fatal(err)
	}
	if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 1 || !strings.Contains(r.stdout, "Journal d'audit vide alors que la base contient") {
		t.Errorf("verifier, emptied with its folder: %+v", r)
	}
	// A writer does not start a new journal in a database that holds
	// places: the next import would make the verifier say "intact".
	if r := runCmd(t, dir, env, "import", "--db", db, "--source", "b", abs(t, fixtures+"lieux-v1.csv")); r.code == 0 || !strings.Contains(r.stderr, "Rien n'est écrit") {
		t.Errorf("import after the journal and its folder were emptied: %+v", r)
	}
	if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 1 {
		t.Errorf("verifier after a refused import: %+v", r)
	}
}

// A signed journal whose key file is missing is refused before any key is
// made: the message says the key is missing and where it was expected.
func TestMissingKeyOfASignedJournal(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	env := map[string]string{"MAILLAGE_AUDIT_KEY": ""}
	if r := runCmd(t, dir, env, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	key := filepath.Join(dir, "audit.key")
	if err := os.Rename(key, key+".ailleurs"); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, dir, env, "import", "--db", db, abs(t, fixtures+"lieux-v1.csv"))
	if r.code == 0 || !strings.Contains(r.stderr, "clé du journal d'audit absente") || !strings.Contains(r.stderr, key) || strings.Contains(r.stderr, "clé du journal d'audit créée") {
		t.Errorf("import without the key: %+v", r)
	}
	if _, err := os.Stat(key); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a key was made: %v", err)
	}
}

// A checkpoint file whose last line lost its end does not make the next
// checkpoint land on the same line; a line cut in the middle is reported
// as such by the verifier.
func TestCheckpointFileWithoutFinalNewline(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	env := map[string]string{"MAILLAGE_AUDIT_KEY": ""}
	if r := runCmd(t, dir, env, "import", "--db", db, "--source", "a", abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	files, err := filepath.Glob(filepath.Join(dir, "m.db.points-de-controle", "journal-*.txt"))
	if err != nil || len(files) != 1 {
		t.Fatalf("checkpoint files: %v %v", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], []byte(strings.TrimSuffix(string(b), "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCmd(t, dir, env, "import", "--db", db, "--source", "b", abs(t, fixtures+"lieux-v0.csv")); r.code != 0 {
		t.Fatalf("second import: %+v", r)
	}
	if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "intact : 2 entrées vérifiées, 2 points de contrôle") {
		t.Errorf("verifier after a file without its last newline: %+v", r)
	}
	b, err = os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], append(b, []byte("2026-12-01T10:00:00Z 3 hmac-sha2")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCmd(t, dir, env, "audit", "verifier", "--db", db); r.code != 1 || !strings.Contains(r.stdout, "ligne 3 : dernière ligne coupée") {
		t.Errorf("verifier with a cut last line: %+v", r)
	}
}
