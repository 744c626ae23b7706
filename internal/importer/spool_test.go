package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/sqlite"
)

// The spool of an import killed before cleaning up (SIGKILL) is removed by
// the next import; the spool of this one is gone once it ends.
func TestImportRemovesStaleSpools(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	stale := filepath.Join(tmp, "maillage-import-999999999-abc")
	if err := os.WriteFile(stale, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := csvHeader + "a,,EPN A,Albi,81000,1 rue,2026-01-01\n"
	if _, err := Import(ctx, db, strings.NewReader(in), "f.csv", Options{Source: "hub"}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in the temporary folder: %s", e.Name())
	}
}
