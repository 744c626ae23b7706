package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Read-only commands need no audit key: with MAILLAGE_AUDIT_KEY_FILE
// holding another database's key, diagnostic, demande liste and export
// answer, with a warning; a command that writes still refuses.
func TestReadOnlyCommandsWithAnotherKey(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	keyA, keyB := filepath.Join(dir, "a.key"), filepath.Join(dir, "b.key")
	for _, k := range []string{keyA, keyB} {
		if r := runCmd(t, dir, nil, "audit", "cle", k); r.code != 0 {
			t.Fatalf("audit cle: %+v", r)
		}
	}
	dbA, dbB := "sqlite:"+a+".db", "sqlite:"+b+".db"
	envA := map[string]string{"MAILLAGE_AUDIT_KEY": "", "MAILLAGE_AUDIT_KEY_FILE": keyA}
	envB := map[string]string{"MAILLAGE_AUDIT_KEY": "", "MAILLAGE_AUDIT_KEY_FILE": keyB}
	for _, args := range [][]string{
		{"territoires", "import", "--db", dbA, "--centres", "aucun", abs(t, "../../internal/territory/testdata/decoupage")},
		{"import", "--db", dbA, abs(t, fixtures+"lieux-v1.csv")},
	} {
		if r := runCmd(t, dir, envA, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	if r := runCmd(t, dir, envB, "import", "--db", dbB, abs(t, fixtures+"lieux-v1.csv")); r.code != 0 {
		t.Fatalf("import b: %+v", r)
	}
	for _, args := range [][]string{
		{"diagnostic", "--db", dbA, "--territoire", "france"},
		{"demande", "liste", "--db", dbA},
		{"export", "--db", dbA, "--format", "csv"},
	} {
		r := runCmd(t, dir, envB, args...)
		if r.code != 0 || !strings.Contains(r.stderr, "avertissement : la clé du journal d'audit donnée n'a pas signé le journal de cette base") || r.stdout == "" {
			t.Errorf("%v with another database's key: %+v", args, r)
		}
		if r := runCmd(t, dir, envA, args...); r.code != 0 || r.stderr != "" {
			t.Errorf("%v with its key: %+v", args, r)
		}
	}
	if r := runCmd(t, dir, envB, "import", "--db", dbA, abs(t, fixtures+"lieux-v1.csv")); r.code == 0 {
		t.Errorf("an import with another database's key was accepted: %+v", r)
	}
}
