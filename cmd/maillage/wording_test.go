package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The CLI's help and empty answers say something.
func TestCLIWording(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	r := runCmd(t, dir, nil, "audit", "-h")
	if !strings.Contains(r.stdout+r.stderr, "cle") {
		t.Errorf("audit -h does not name the cle subcommand: %q %q", r.stdout, r.stderr)
	}
	r = runCmd(t, dir, nil, "utilisateurs", "liste", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "aucun compte") {
		t.Errorf("utilisateurs liste on an empty database: %+v", r)
	}
}
