package sqlite

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

// Two migrations of one number would apply only the first: the runner
// records versions, not files (two engineers once took 018 on the same day).
func TestMigrationNumbersUnique(t *testing.T) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("migrations: %v", err)
	}
	seen := map[string]string{}
	for _, name := range names {
		version, _, _ := strings.Cut(path.Base(name), "_")
		if other, dup := seen[version]; dup {
			t.Errorf("migration %s: %s and %s", version, other, name)
		}
		seen[version] = name
	}
}
