package tempfile

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestCreateNamesThePidAndKeepsThePermissions(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(dir, ".x-", 0o640)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	base := filepath.Base(f.Name())
	if !strings.HasPrefix(base, ".x-"+strconv.Itoa(os.Getpid())+"-") {
		t.Errorf("name %q does not carry the pid", base)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	// The umask may only take bits away.
	if perm := fi.Mode().Perm(); perm&^0o640 != 0 || perm&0o600 != 0o600 {
		t.Errorf("mode %v, want 0640 less the umask", perm)
	}
	g, err := Create(dir, ".x-", 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if g.Name() == f.Name() {
		t.Error("two temporary files share a name")
	}
}

// Files of a process that is gone are removed; a live process's, and
// other files, stay.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	dead := filepath.Join(dir, ".x-999999999-abc") // above any pid_max
	alive := filepath.Join(dir, ".x-"+strconv.Itoa(os.Getpid())+"-abc")
	other := filepath.Join(dir, ".x-notapid-abc")
	unrelated := filepath.Join(dir, "lieux.csv")
	for _, p := range []string{dead, alive, other, unrelated} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if n := RemoveStale(dir, ".x-"); n != 1 {
		t.Errorf("RemoveStale removed %d files, want 1", n)
	}
	for p, want := range map[string]bool{dead: false, alive: true, other: true, unrelated: true} {
		_, err := os.Stat(p)
		if exists := err == nil; exists != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(p), exists, want)
		}
	}
}
