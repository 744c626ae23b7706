package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const harvestCSV = `id,nom,commune,code_postal,adresse,date_maj,services
lieu-1,EPN de la Madeleine,Albi,81000,1 rue Croix-Verte,2026-01-01,Maîtrise des outils numériques du quotidien
lieu-2,Médiathèque de Carmaux,Carmaux,81400,Place Gambetta,2026-01-01,Accès internet et matériel informatique
lieu-3,Centre social de Gaillac,Gaillac,81600,2 rue Portal,2026-01-01,Aide aux démarches administratives
lieu-4,France services de Lacaune,Lacaune,81230,Place du Griffoul,2026-01-01,Aide aux démarches administratives
`

// The command line declares a source, harvests it (again: unchanged),
// refuses a truncated export, lists it with its last harvest and removes
// it, on both engines.
func TestSourcesAndHarvestCommands(t *testing.T) {
	for name, db := range engines(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{"MAILLAGE_DATABASE_URL": db(t)}
			var mu sync.Mutex
			body := harvestCSV
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				etag := `"` + string(rune('a'+len(body)%26)) + `"`
				if r.Header.Get("If-None-Match") == etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", etag)
				w.Write([]byte(body))
			}))
			defer srv.Close()

			for _, tt := range []struct {
				args []string
				want string
			}{
				{[]string{"hub"}, "--type est obligatoire"},
				{[]string{"hub", "--type", "ftp", "--url", "x"}, "type « ftp » inconnu"},
				{[]string{"hub", "--type", "standard"}, "--url est obligatoire pour le type standard"},
				{[]string{"hub", "--type", "tableur", "--url", "fs.csv"}, "un tableur demande --correspondance"},
				{[]string{"hub/x", "--type", "standard", "--url", "x"}, "règle nom-source"},
				{[]string{"hub", "--type", "standard", "--url", "x", "--tous-les", "souvent"}, "durée « souvent » illisible"},
				{[]string{"hub", "--type", "standard", "--url", "x", "--perte-max", "2"}, "entre 0 et 1"},
			} {
				r := runCmd(t, dir, env, append([]string{"sources", "ajouter"}, tt.args...)...)
				if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
					t.Errorf("sources ajouter %v: %+v, want exit 2 and %q", tt.args, r, tt.want)
				}
			}
			if r := runCmd(t, dir, env, "sources", "ajouter", "hub", "--type", "tableur", "--url", "fs.csv", "--correspondance", "inconnue"); r.code != 1 || !strings.Contains(r.stderr, "correspondance « inconnue » introuvable") {
				t.Errorf("unknown correspondence: %+v", r)
			}
			r := runCmd(t, dir, env, "sources", "ajouter", "hub-tarn", "--type", "standard", "--url", srv.URL+"/lieux.csv", "--tous-les", "1j", "--priorite", "3")
			if r.code != 0 || !strings.Contains(r.stdout, "Source « hub-tarn » déclarée") {
				t.Fatalf("sources ajouter: %+v", r)
			}
			// Files are checked when declared: these exist (fs.csv is not a
			// spreadsheet, its harvests fail).
			writeFile(t, filepath.Join(dir, "x.csv"), "id,nom\n")
			writeFile(t, filepath.Join(dir, "fs.csv"), "pas un tableur")
			if r := runCmd(t, dir, env, "sources", "ajouter", "hub-tarn", "--type", "standard", "--url", "x.csv"); r.code != 1 || !strings.Contains(r.stderr, "déjà déclarée") {
				t.Errorf("declared twice: %+v", r)
			}
			if r := runCmd(t, dir, env, "sources", "ajouter", "fs", "--type", "tableur", "--url", "fs.csv", "--correspondance", "france-services"); r.code != 0 {
				t.Errorf("tableur with the built-in correspondence: %+v", r)
			}
			r = runCmd(t, dir, env, "sources", "liste")
			if r.code != 0 || !strings.Contains(r.stdout, "hub-tarn\tstandard\t"+srv.URL+"/lieux.csv\t1j\t3\tjamais moissonnée") ||
				!strings.Contains(r.stdout, "fs\ttableur\t"+filepath.Join(dir, "fs.csv")+"\tà la demande") {
				t.Errorf("sources liste: %+v", r)
			}

			r = runCmd(t, dir, env, "moissonner", "hub-tarn")
			if r.code != 0 || !strings.Contains(r.stdout, "Résumé :\n  hub-tarn : réussie — 4 créés, 0 mis à jour, 0 inchangé, 0 retiré, 0 rejeté") ||
				!strings.Contains(r.stdout, "Moisson de la source « hub-tarn »") {
				t.Errorf("moissonner: %+v", r)
			}
			r = runCmd(t, dir, env, "moissonner", "hub-tarn")
			if r.code != 0 || !strings.Contains(r.stdout, "hub-tarn : inchangée, rien à importer") {
				t.Errorf("moissonner unchanged: %+v", r)
			}
			// A truncated export: refused, the registry as it was.
			mu.Lock()
			body = strings.Join(strings.SplitAfter(harvestCSV, "\n")[:3], "")
			mu.Unlock()
			r = runCmd(t, dir, env, "moissonner", "--toutes")
			if r.code != 1 || !strings.Contains(r.stdout, "hub-tarn : échec : ") || !strings.Contains(r.stdout, "perdrait 2 enregistrements sur 4") ||
				!strings.Contains(r.stdout, "si cette perte est voulue, relancez avec « maillage moissonner hub-tarn --perte-max 50% »") ||
				!strings.Contains(r.stdout, "fs : échec : ") {
				t.Errorf("moissonner a truncated export: %+v", r)
			}
			if r := runCmd(t, dir, env, "export", "--format", "csv"); strings.Count(r.stdout, "\n") != 5 {
				t.Errorf("registry after a refused harvest: %q", r.stdout)
			}
			r = runCmd(t, dir, env, "sources", "liste")
			if !strings.Contains(r.stdout, "échouée : ") {
				t.Errorf("liste after a failure: %q", r.stdout)
			}
			if r := runCmd(t, dir, env, "moissonner", "inconnue"); r.code != 1 || !strings.Contains(r.stderr, "Source « inconnue » introuvable") {
				t.Errorf("unknown source: %+v", r)
			}
			if r := runCmd(t, dir, env, "moissonner"); r.code != 2 {
				t.Errorf("no source named: %+v", r)
			}

			r = runCmd(t, dir, env, "sources", "supprimer", "hub-tarn")
			if r.code != 0 || !strings.Contains(r.stdout, "Source « hub-tarn » supprimée : 4 enregistrements retirés") {
				t.Errorf("sources supprimer: %+v", r)
			}
			// Its places are withdrawn: no longer published.
			if r := runCmd(t, dir, env, "export", "--format", "csv"); strings.Count(r.stdout, "\n") != 1 {
				t.Errorf("registry after the source was removed: %q", r.stdout)
			}
			if r := runCmd(t, dir, env, "sources", "liste"); strings.Contains(r.stdout, "hub-tarn") {
				t.Errorf("a removed source listed: %q", r.stdout)
			}
			if r := runCmd(t, dir, env, "moissonner", "hub-tarn"); r.code != 1 || !strings.Contains(r.stderr, "a été supprimée") {
				t.Errorf("harvest of a removed source: %+v", r)
			}
			if r := runCmd(t, dir, env, "sources", "supprimer", "hub-tarn"); r.code != 1 || !strings.Contains(r.stderr, "déjà supprimée") {
				t.Errorf("removed twice: %+v", r)
			}
		})
	}
}
