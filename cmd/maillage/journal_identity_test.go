package main

import (
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/postgres/pgtest"
)

// Two databases whose checkpoints land in one folder (two SQLite files of
// one folder by default; two PostgreSQL bases given one
// MAILLAGE_AUDIT_CHECKPOINTS) do not make each other's journal look
// rewritten: a checkpoint names its journal, and the verifier sets aside
// those of another journal.
func TestTwoDatabasesOneFolder(t *testing.T) {
	for name, pair := range map[string]func(t *testing.T) (a, b string, env map[string]string){
		"sqlite": func(t *testing.T) (string, string, map[string]string) {
			dir := t.TempDir()
			return "sqlite:" + filepath.Join(dir, "a.db"), "sqlite:" + filepath.Join(dir, "b.db"), map[string]string{"MAILLAGE_AUDIT_KEY": ""}
		},
		"postgres": func(t *testing.T) (string, string, map[string]string) {
			return pgtest.URL(t), pgtest.URL(t), map[string]string{"MAILLAGE_AUDIT_CHECKPOINTS": t.TempDir()}
		},
	} {
		t.Run(name, func(t *testing.T) {
			a, b, env := pair(t)
			dir := t.TempDir()
			if r := runCmd(t, dir, env, "import", "--db", a, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
				t.Fatalf("import a: %+v", r)
			}
			if r := runCmd(t, dir, env, "import", "--db", b, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
				t.Fatalf("import b: %+v", r)
			}
			for _, db := range []string{a, b} {
				r := runCmd(t, dir, env, "audit", "verifier", "--db", db)
				if r.code != 0 || !strings.Contains(r.stdout, "Journal d'audit intact : 1 entrée vérifiée, 1 point de contrôle concordant") {
					t.Errorf("verifier %s: %+v", db, r)
				}
			}
		})
	}
}
