package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/importer"
	"maillage/internal/place"
)

// Source names derived from a file name or URL are valid source names.
func TestSourceNameIsSafe(t *testing.T) {
	for in, want := range map[string]string{
		"www/evil?x=.csv":                     "evil-x=",
		"https://x.fr/a/evil%3Fx=.csv?t=1":    "evil-3Fx=",
		"dossier/ hub .csv":                   "hub",
		"dossier/a\x1b[31mb.csv":              "a-[31mb",
		"dossier/..csv":                       "import",
		"dossier/" + strings.Repeat("a", 300): strings.Repeat("a", importer.MaxSourceLength),
	} {
		got := sourceName(in)
		if got != want {
			t.Errorf("sourceName(%q) = %q, want %q", in, got, want)
		}
		if err := importer.CheckSource(got); err != nil {
			t.Errorf("sourceName(%q) = %q: %v", in, got, err)
		}
	}
}

// The review's reproduction: a hostile --source is refused with its rule,
// and nothing of path syntax is ever published.
func TestImportHostileSource(t *testing.T) {
	for name, db := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": db(t)}
			f := filepath.Join(dir, "cr.csv")
			writeFile(t, f, "id,nom,commune,code_postal,adresse,date_maj\nlieu-1,EPN A,Albi,81000,1 rue,2026-01-01\n")
			if r := runCmd(t, dir, env, "import", f); r.code != 0 {
				t.Fatalf("first import: %+v", r)
			}
			for _, source := range []string{"../../espace/supprimer?x=", "a\x1b[31mRED\x1b[0m/../b", " hub"} {
				r := runCmd(t, dir, env, "import", "--source", source, f)
				if r.code != 2 || !strings.Contains(r.stderr, "règle nom-source") || strings.Contains(r.stderr, "\x1b") {
					t.Errorf("--source %q: %+v", source, r)
				}
			}
			r := runCmd(t, dir, env, "export", "--format", "json")
			var all []map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
				t.Fatal(err, r.stdout)
			}
			for _, l := range all {
				id, _ := l["id"].(string)
				if safe, ok := place.SafeID(id); !ok || safe != id {
					t.Errorf("unsafe id published: %q", id)
				}
			}
			if len(all) != 1 {
				t.Errorf("%d places after refused imports", len(all))
			}
		})
	}
}
