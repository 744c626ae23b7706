package sqlite

import (
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// migrationNumbers reads the numbers of the migration files of a folder.
func migrationNumbers(t *testing.T, fsys fs.FS, dir string) map[int]string {
	t.Helper()
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	numbers := map[int]string{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			t.Errorf("%s/%s: no number", dir, e.Name())
			continue
		}
		if other, dup := numbers[n]; dup {
			t.Errorf("%s: %s and %s share the number %d (one of them would never run)", dir, other, e.Name(), n)
		}
		numbers[n] = e.Name()
	}
	return numbers
}

// TestMigrationNumbers: each migration has its own number, the numbers
// follow each other from 1, and both engines have the same ones (a
// migration written for one engine only is a schema that drifts).
func TestMigrationNumbers(t *testing.T) {
	lite := migrationNumbers(t, migrations, "migrations")
	pg := migrationNumbers(t, os.DirFS("../postgres"), "migrations")
	for name, set := range map[string]map[int]string{"sqlite": lite, "postgres": pg} {
		var ns []int
		for n := range set {
			ns = append(ns, n)
		}
		slices.Sort(ns)
		for i, n := range ns {
			if n != i+1 {
				t.Errorf("%s: migration number %d where %d was expected (a gap)", name, n, i+1)
				break
			}
		}
	}
	for n, f := range lite {
		if _, ok := pg[n]; !ok {
			t.Errorf("migration %d (%s) exists for SQLite only", n, f)
		}
	}
	for n, f := range pg {
		if _, ok := lite[n]; !ok {
			t.Errorf("migration %d (%s) exists for PostgreSQL only", n, f)
		}
	}
}
