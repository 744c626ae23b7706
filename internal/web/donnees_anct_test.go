package web

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
)

// anctRejects holds places whose values the standard's schema accepts
// but the ANCT library's rules do not, as found in the real France
// Services list and a hub's own file: a commune with parentheses, a
// street with a left single quote used as an apostrophe, a street with
// the literal escapes of a spreadsheet export (\x20, a trailing \x09),
// and a typologie outside the library's list.
func anctRejects() []place.Lieu {
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	return []place.Lieu{
		{ID: "331", Nom: "France services de Château-Chinon", Commune: "Château-Chinon (Ville)", CodePostal: "58120",
			CodeINSEE: "58062", Adresse: "2 place Notre-Dame", DateMaj: day},
		{ID: "465", Nom: "France services Mauléon", Commune: "Mauléon", CodePostal: "79700", Adresse: "8 grand ‘rue", DateMaj: day},
		{ID: "520", Nom: "France services Corcieux", Commune: "Corcieux", CodePostal: "88430",
			Adresse: `337\x20Rue\x20de\x20la\x20Gare\x09`, DateMaj: day},
		{ID: "hub-008", Nom: "Cyberbase de Saint-Germain", Commune: "Saint-Germain", CodePostal: "03260",
			Adresse: "1 rue de l'Église", Typologie: []string{"CYBER", "EPN"}, DateMaj: day},
	}
}

// The published files are read by the national tools through the ANCT
// model library (@gouvfr-anct/lieux-de-mediation-numerique, a
// devDependency): every record must pass it (scripts/anct-validate.js
// counts the records it accepts and rejects). It rejects a whole record
// whose telephone holds several numbers, a commune or a street with a
// character outside its lists, and a typologie outside its list.
func TestPublishedFilesPassANCTLibrary(t *testing.T) {
	node, err := exec.LookPath("node")
	lib := filepath.Join("..", "..", "node_modules", "@gouvfr-anct", "lieux-de-mediation-numerique")
	if _, statErr := os.Stat(lib); err != nil || statErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node (%v) or the ANCT library (%v) missing: npm ci", err, statErr)
		}
		t.Skip("node or the ANCT library missing (npm ci)")
	}
	tests := []struct {
		name   string
		places []place.Lieu
	}{
		{"schema fixture", schemaFixture()},
		{"values the library refuses", anctRejects()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestServer(t, tt.places...)
			if tt.name == "schema fixture" {
				schemaClosure(t, ts) // horaires with a closing rule
			}
			dir := t.TempDir()
			for _, format := range []string{"csv", "json"} {
				res := ts.get(t, "/donnees/lieux."+format)
				path := filepath.Join(dir, "lieux."+format)
				if err := os.WriteFile(path, []byte(res.Body), 0o644); err != nil {
					t.Fatal(err)
				}
				var reasons strings.Builder
				cmd := exec.Command(node, filepath.Join("..", "..", "scripts", "anct-validate.js"), "--raisons", path)
				cmd.Stderr = &reasons
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("%s: %v\n%s%s", format, err, out, reasons.String())
				}
				n := len(tt.places)
				if want := fmt.Sprintf("%d lieux lus : %d acceptés, 0 rejetés", n, n); strings.TrimSpace(string(out)) != want {
					t.Errorf("%s: the ANCT library says %q, want %q\n%s", format, strings.TrimSpace(string(out)), want, reasons.String())
				}
			}
		})
	}
}
