package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maillage/internal/activity"
)

// TestActivitesPerimetre: « activites statistiques » and « activites
// exporter » take --territoire perimetre (the hub's perimeter, from
// MAILLAGE_HUB_PERIMETRE or --hub-perimetre; also the default when one is
// configured), and without --du and --au the last 12 full months, as the
// statistics pages; an incomplete period or no perimeter is a French
// usage error that says what to give (review 11N: « date de début «  » :
// une date s'écrit AAAA-MM-JJ » for a missing --du).
func TestActivitesPerimetre(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	ctx := context.Background()
	st, err := openStore(ctx, testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []activity.Activity{
		{Kind: activity.Individuel, Date: "2026-11-03", Duration: 30, PlaceType: activity.Domicile, Commune: "81004", Thematics: []string{"email"}},
		{Kind: activity.Individuel, Date: "2026-06-10", Duration: 30, PlaceType: activity.Domicile, Commune: "12202", Thematics: []string{"email"}},
		{Kind: activity.Individuel, Date: "2026-11-12", Duration: 45, PlaceType: activity.ADistance, Commune: "31555", Thematics: []string{"sante"}},
		{Kind: activity.Individuel, Date: "2025-11-15", Duration: 45, PlaceType: activity.Domicile, Commune: "81004", Thematics: []string{"sante"}},
		{Kind: activity.Individuel, Date: "2026-12-01", Duration: 45, PlaceType: activity.Domicile, Commune: "12202", Thematics: []string{"sante"}},
	} {
		if _, err := st.AddActivity(ctx, a, cliActor); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	// 2 December 2026: the last 12 full months are December 2025 to
	// November 2026; the Tarn and the Aveyron had 2 activities in them
	// (not the Haute-Garonne's, not those of November 2025 or December 2026).
	at := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	hub := map[string]string{"MAILLAGE_HUB_PERIMETRE": "departement:81,departement:12"}
	for _, args := range [][]string{{"--territoire", "perimetre"}, {}, {"--territoire", "departement:81,departement:12"}} {
		r := runCmdAt(t, at, dir, hub, append([]string{"activites", "statistiques", "--db", db, "--format", "json"}, args...)...)
		var out struct {
			Territoire, Du, Au string
			Indicateurs        []struct {
				Indicateur string
				Valeur     int
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
			t.Fatalf("%v: %v %+v", args, err, r)
		}
		got := -1
		for _, l := range out.Indicateurs {
			if l.Indicateur == "accompagnements" {
				got = l.Valeur
			}
		}
		wantTerr := "perimetre"
		if len(args) == 2 && args[1] != "perimetre" {
			wantTerr = args[1]
		}
		if out.Du != "2025-12-01" || out.Au != "2026-11-30" || got != 2 || out.Territoire != wantTerr {
			t.Errorf("statistiques %v: %s %s → %s, %d accompagnements, want %s, 2025-12-01 → 2026-11-30, 2", args, out.Territoire, out.Du, out.Au, got, wantTerr)
		}
	}
	// The export of the perimeter: its 2 activities, with --hub-perimetre.
	r := runCmdAt(t, at, dir, nil, "activites", "exporter", "--db", db, "--territoire", "perimetre", "--hub-perimetre", "departement:81,departement:12")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || r.code != 0 || len(rows) != 3 {
		t.Fatalf("exporter perimetre: %v %d rows %+v", err, len(rows), r)
	}
	// What the export holds is said: activities one by one, not the
	// monthly aggregates nor the coordination (in the statistics).
	if !strings.Contains(r.stderr, "2 activités exportées (ni les agrégats mensuels ni les activités de coordination : maillage activites statistiques).") {
		t.Errorf("exporter's summary: %q", r.stderr)
	}
	h := runCmdAt(t, at, dir, nil, "activites", "exporter", "-h")
	if !strings.Contains(strings.Join(strings.Fields(h.stdout), " "), "Les agrégats mensuels (des totaux par lieu et par mois) et les activités de coordination ne sont pas des activités une à une et ne sont pas dans cet export : leurs chiffres sont dans maillage activites statistiques") {
		t.Errorf("exporter -h does not say what it leaves out: %+v", h)
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		msg  string
	}{
		{nil, []string{"statistiques", "--territoire", "perimetre"}, "--territoire perimetre : aucun périmètre de hub n'est configuré (--hub-perimetre ou MAILLAGE_HUB_PERIMETRE"},
		{nil, []string{"exporter", "--territoire", "perimetre"}, "--territoire perimetre : aucun périmètre de hub n'est configuré"},
		{nil, []string{"statistiques"}, "--territoire est obligatoire (france pour tout, perimetre pour le périmètre du hub)"},
		{map[string]string{"MAILLAGE_HUB_PERIMETRE": "canton:12"}, []string{"statistiques", "--territoire", "perimetre"}, "--hub-perimetre « canton:12 » : s'écrit departement:CODE"},
		{hub, []string{"statistiques", "--au", "2026-11-30"}, "activites statistiques : --du est obligatoire avec --au (ou aucun des deux : les 12 derniers mois complets)"},
		{hub, []string{"exporter", "--du", "2026-01-01"}, "activites exporter : --au est obligatoire avec --du"},
		{hub, []string{"statistiques", "--du", "2026-1-1", "--au", "2026-11-30"}, "--du « 2026-1-1 » : une date s'écrit AAAA-MM-JJ"},
	} {
		r := runCmdAt(t, at, dir, tc.env, append([]string{"activites"}, append(tc.args, "--db", db)...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%v: status %d, stderr %q, want %q", tc.args, r.code, r.stderr, tc.msg)
		}
	}
}
