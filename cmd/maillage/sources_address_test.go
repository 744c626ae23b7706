package main

import (
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/harvest"
)

// TestSourcesListShowsAPIAddress: a Coop or data·inclusion source
// declared without an address is listed, and said declared, with the API
// address it reads (the configured one, or the national API), not an
// empty column or field (« déclarée (coop, , 1j) »).
func TestSourcesListShowsAPIAddress(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "m.db"), "MAILLAGE_DATA_INCLUSION_URL": "https://miroir.exemple.fr/api/v1"}
	for typ, addr := range map[string]string{"coop": harvest.CoopURL, "data-inclusion": "https://miroir.exemple.fr/api/v1"} {
		r := runCmd(t, dir, env, "sources", "ajouter", typ, "--type", typ, "--tous-les", "24h")
		if r.code != 0 {
			t.Fatalf("sources ajouter %s: %+v", typ, r)
		}
		if want := "déclarée (" + typ + ", " + addr + ", "; !strings.Contains(r.stdout, want) {
			t.Errorf("sources ajouter %s says %q, want %q", typ, r.stdout, want)
		}
	}
	r := runCmd(t, dir, env, "sources", "liste")
	for _, want := range []string{"coop\tcoop\t" + harvest.CoopURL + "\t", "data-inclusion\tdata-inclusion\thttps://miroir.exemple.fr/api/v1\t"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("sources liste lacks %q:\n%s", want, r.stdout)
		}
	}
}
