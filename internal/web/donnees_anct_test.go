package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The published files are read by the national tools through the ANCT
// model library (@gouvfr-anct/lieux-de-mediation-numerique, a
// devDependency): every record must pass it (scripts/anct-validate.js
// counts the records it accepts and rejects). It rejects a whole record
// whose telephone holds several numbers.
func TestPublishedFilesPassANCTLibrary(t *testing.T) {
	node, err := exec.LookPath("node")
	lib := filepath.Join("..", "..", "node_modules", "@gouvfr-anct", "lieux-de-mediation-numerique")
	if _, statErr := os.Stat(lib); err != nil || statErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node (%v) or the ANCT library (%v) missing: npm ci", err, statErr)
		}
		t.Skip("node or the ANCT library missing (npm ci)")
	}
	ts := newTestServer(t, schemaFixture()...)
	dir := t.TempDir()
	for _, format := range []string{"csv", "json"} {
		res := ts.get(t, "/donnees/lieux."+format)
		path := filepath.Join(dir, "lieux."+format)
		if err := os.WriteFile(path, []byte(res.Body), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, filepath.Join("..", "..", "scripts", "anct-validate.js"), path).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", format, err, out)
		}
		if want := "5 lieux lus : 5 acceptés, 0 rejetés"; strings.TrimSpace(string(out)) != want {
			t.Errorf("%s: the ANCT library says %q, want %q", format, strings.TrimSpace(string(out)), want)
		}
	}
}
