package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// export -o keeps the target's permissions (or gives a new file the
// umask's), refuses what is not a regular file, writes to stdout with
// "-o -", and removes the temporary files of killed exports.
func TestExportFile(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db")}
	src := filepath.Join(dir, "cr.csv")
	writeFile(t, src, "id,nom,commune,code_postal,adresse,date_maj\nlieu-1,EPN A,Albi,81000,1 rue,2026-01-01\n")
	if r := runCmd(t, dir, env, "import", src); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	perm := func(p string) os.FileMode {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}

	// A new file gets what any new file of this process gets.
	ref, err := os.OpenFile(filepath.Join(dir, "ref"), os.O_CREATE|os.O_WRONLY, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	if err := ref.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "lieux.csv")
	if r := runCmd(t, dir, env, "export", "-o", out); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	if got, want := perm(out), perm(filepath.Join(dir, "ref")); got != want {
		t.Errorf("new export: mode %v, want %v", got, want)
	}
	// An existing file keeps its mode.
	if err := os.Chmod(out, 0o640); err != nil {
		t.Fatal(err)
	}
	if r := runCmd(t, dir, env, "export", "-o", out); r.code != 0 {
		t.Fatalf("export again: %+v", r)
	}
	if got := perm(out); got != 0o640 {
		t.Errorf("existing export: mode %v, want 0640", got)
	}

	// A symbolic link and a FIFO are refused, and stay.
	link := filepath.Join(dir, "lien.csv")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "tube.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{link, fifo, dir} {
		r := runCmd(t, dir, env, "export", "-o", target)
		if r.code == 0 || !strings.Contains(r.stderr, "n'est pas un fichier ordinaire") {
			t.Errorf("-o %s: %+v", filepath.Base(target), r)
		}
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi, err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi, err)
	}

	// "-o -" is the standard output.
	if r := runCmd(t, dir, env, "export", "-o", "-"); r.code != 0 || !strings.Contains(r.stdout, "lieu-1") {
		t.Errorf("-o -: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "-")); err == nil {
		t.Error("-o - wrote a file named -")
	}

	// The temporary file of a killed export is removed by the next one;
	// a live process's is not.
	dead := filepath.Join(dir, ".maillage-export-999999999-abc")
	alive := filepath.Join(dir, ".maillage-export-"+strconv.Itoa(os.Getppid())+"-abc")
	writeFile(t, dead, "x")
	writeFile(t, alive, "x")
	if r := runCmd(t, dir, env, "export", "-o", out); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	if _, err := os.Stat(dead); err == nil {
		t.Error("a dead export's temporary file is still there")
	}
	if _, err := os.Stat(alive); err != nil {
		t.Errorf("a live process's temporary file was removed: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".maillage-export-") && filepath.Join(dir, e.Name()) != alive {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
