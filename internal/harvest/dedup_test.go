package harvest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/store"
)

// A harvest ends with the merge run: a second source describing the same
// médiathèque, spelled and geocoded otherwise, is merged into the place
// the first source made, and the harvest's report says so.
func TestHarvestMergesDuplicates(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		first := declare(t, st, store.Source{Name: "hub", Type: store.SourceStandard, URL: "testdata/standard/hub-v1.csv"})
		if run, err := Harvest(ctx, st, first, Options{PrivateAddresses: true}); err != nil || run.Created != 4 {
			t.Fatalf("first source: %+v, %v", run, err)
		}
		file := filepath.Join(t.TempDir(), "national.csv")
		if err := os.WriteFile(file, []byte("id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,telephone,date_maj\n"+
			"N-1,,MEDIATHEQUE PIERRE AMALRIC,Albi,81000,81004,30 av. du Gal de Gaulle,43.9290,2.1453,05 63 76 38 00,2026-10-01\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		second := declare(t, st, store.Source{Name: "national", Type: store.SourceStandard, URL: file})
		run, err := Harvest(ctx, st, second, Options{PrivateAddresses: true})
		if err != nil || run.Created != 1 {
			t.Fatalf("second source: %+v, %v", run, err)
		}
		if !strings.Contains(run.Report, "Doublons : ") || !strings.Contains(run.Report, "1 fusion,") {
			t.Errorf("report without the merge:\n%s", run.Report)
		}
		recs, err := st.SourceRecords(ctx, "hub-001")
		if err != nil || len(recs) != 2 {
			t.Errorf("records of hub-001 after the harvest: %+v %v", recs, err)
		}
	})
}
