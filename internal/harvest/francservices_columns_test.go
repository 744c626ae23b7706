package harvest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// franceServicesSample has the France Services list's header (as the
// ANCT publishes it) and a few sites whose kept columns first appear on
// later lines: groupe on line 3, a day's hours kept when normalised on
// line 4, format_fs_anct kept when no rule reads it on line 5.
const franceServicesSample = `"id_fs","insee_dep","lib_fs","adresse","complement_adresse","insee_com","code_postal","lib_com","latitude","longitude","mail","telephone","h_lundi","h_mardi","h_mercredi","h_jeudi","h_vendredi","h_samedi","commentaire","itinerance","format_fs","groupe","labellisation","format_fs_anct"
"301","81","France services de Castelexemple","3 rue de la Poste",,"81004","81000","Albi",43.9289,2.1464,"castel@exemple.fr","05 63 00 00 01","09:00 - 12:00","09:00 - 12:00",,,,,,"Non","Site principal",,"Espace labellisé 01/01/2020","Lieu fixe"
"302","81","Bus France services du Ségala imaginaire","3 rue de la Poste",,"81004","81000","Albi",43.9289,2.1464,"bus@exemple.fr","06 00 00 00 03","09:30 - 16:30",,,,,,,"Oui","Site principal","Bus du Ségala","Espace labellisé 15/03/2021","Mobile"
"303","81","France services de Villeneuve-Exemple","1 place du Foirail",,"81004","81000","Albi",43.93,2.15,"villeneuve@exemple.fr","05 63 00 00 04","08:30 - 12:00 / 08:30 - 17:00",,,,,,,"Non","Site principal",,"Espace labellisé 01/01/2022","Lieu fixe"
"304","81","France services du Relais-Exemple","9 avenue Gambetta",,"81004","81000","Albi",43.92,2.14,"relais@exemple.fr","05 63 00 00 05",,,,,,,,"Non","Antenne",,"Espace labellisé 01/06/2022","Point relais"
`

// A harvest with the built-in France Services correspondence reports
// only the columns the correspondence does not read, once: the columns it
// reads or keeps (kept in the provenance under their names) are not
// « inconnus », on the first line or any later one.
func TestHarvestFranceServicesReportsOnlyUnreadColumns(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		file := filepath.Join(t.TempDir(), "france-services.csv")
		if err := os.WriteFile(file, []byte(franceServicesSample), 0o644); err != nil {
			t.Fatal(err)
		}
		src := declare(t, st, store.Source{Name: "france-services", Type: store.SourceTableur, URL: file, Correspondence: "france-services"})
		run, err := Harvest(ctx, st, src, Options{PrivateAddresses: true})
		if err != nil {
			t.Fatalf("%v\n%s", err, run.Report)
		}
		if run.Created != 4 {
			t.Fatalf("created %d, want 4\n%s", run.Created, run.Report)
		}
		for _, unwanted := range []string{"colonne-inconnue", "inconnu du standard", "inconnus du standard"} {
			if strings.Contains(run.Report, unwanted) {
				t.Errorf("report says %q of columns the correspondence reads:\n%s", unwanted, run.Report)
			}
		}
		// insee_dep is the one column the correspondence neither reads
		// nor keeps: named once.
		if n := strings.Count(run.Report, "« insee_dep »"); n != 1 {
			t.Errorf("insee_dep named %d times, want once:\n%s", n, run.Report)
		}
		// No list of France Services gives a pivot: one line says so
		// for all (internal/standard's summarised rules).
		if n := strings.Count(run.Report, "pivot-fictif"); n != 1 || !strings.Contains(run.Report, " : 4 × avertissement champ pivot (règle pivot-fictif), par exemple ligne 2 [id ") {
			t.Errorf("the absent pivot said %d times, want one line counting 4:\n%s", n, run.Report)
		}
		// What is kept is still kept.
		var bus *place.Lieu
		for l, err := range st.Lieux(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(l.Nom, "Bus ") {
				bus = l
			}
		}
		if bus == nil {
			t.Fatal("the bus was not harvested")
		}
		if got := bus.Provenance.Original["groupe"]; got != "Bus du Ségala" {
			t.Errorf("groupe kept as %q in the provenance %v", got, bus.Provenance.Original)
		}
	})
}
