package harvest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/store"
)

// The diagnostics of a harvest name where a person finds the record: the
// spreadsheet's line for a tableur (not the element of the JSON it was
// converted to), and the resource a data.gouv.fr record came from (not
// the file the resources were combined into).
func TestHarvestDiagnosticsNameTheRecordsPlace(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		file := filepath.Join(t.TempDir(), "france-services.csv")
		if err := os.WriteFile(file, readFile(t, "testdata/tableur/france-services.csv"), 0o644); err != nil {
			t.Fatal(err)
		}
		src := declare(t, st, store.Source{Name: "france-services", Type: store.SourceTableur, URL: file, Correspondence: "france-services"})
		run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatalf("%v\n%s", err, run.Report)
		}
		// Its third place (id 2103) is on the spreadsheet's line 4; the
		// list gives no pivot, which is said in one line for all.
		if want := file + " : 3 × avertissement champ pivot (règle pivot-fictif), par exemple ligne 2 [id 2101], ligne 3 [id 2102], ligne 4 [id 2103] : "; !strings.Contains(run.Report, want) {
			t.Errorf("tableur report lacks %q:\n%s", want, run.Report)
		}
		if strings.Contains(run.Report, ", élément ") {
			t.Errorf("tableur report names elements of the converted JSON:\n%s", run.Report)
		}

		srv, _ := fakeAPIs(t)
		src = declare(t, st, store.Source{Name: "tarn-datagouv", Type: store.SourceDataGouv,
			URL: "https://www.data.gouv.fr/fr/datasets/lieux-de-mediation-numerique-du-tarn/"})
		run, err = Harvest(ctx, st, src, Options{PrivateAddresses: true, DataGouvURL: srv.URL + "/api/1"})
		if err != nil {
			t.Fatalf("%v\n%s", err, run.Report)
		}
		// hub-002, with the placeholder pivot, is line 3 of the CSV
		// resource, which came first.
		if want := srv.URL + "/fichiers/hub-v1.csv, ligne 3 : avertissement [id hub-002] champ pivot"; !strings.Contains(run.Report, want) {
			t.Errorf("data.gouv.fr report lacks %q:\n%s", want, run.Report)
		}
	})
}
