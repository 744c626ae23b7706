package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/activity"
)

// TestActivitesStatistiques: a territory's figures over November, counted
// by hand from the rows recorded here (one outside the département, one
// in October: the previous period).
func TestActivitesStatistiques(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	ctx := context.Background()
	st, err := openStore(ctx, testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []activity.Activity{
		{Kind: activity.Individuel, Date: "2026-11-03", Duration: 30, PlaceType: activity.Domicile, Commune: "81004", Thematics: []string{"email"}},
		{Kind: activity.Collectif, Date: "2026-11-10", Duration: 60, PlaceType: activity.AutreLieu, Commune: "81065", Thematics: []string{"email", "sante"},
			Title: "Mes courriels", Public: activity.Public{Total: 7}},
		{Kind: activity.Individuel, Date: "2026-11-12", Duration: 45, PlaceType: activity.ADistance, Commune: "31555", Thematics: []string{"sante"}},
		{Kind: activity.Collectif, Date: "2026-10-15", Duration: 60, PlaceType: activity.AutreLieu, Commune: "81004", Thematics: []string{"sante"},
			Title: "Ameli", Public: activity.Public{Total: 4}},
	} {
		if _, err := st.AddActivity(ctx, a, cliActor); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	args := []string{"activites", "statistiques", "--db", db, "--territoire", "departement:81", "--du", "2026-11-01", "--au", "2026-11-30"}
	r := runCmd(t, dir, nil, append(args, "--format", "csv")...)
	if r.code != 0 {
		t.Fatalf("csv: %+v", r)
	}
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "indicateur" || rows[0][1] != "valeur" {
		t.Fatalf("csv: %v %q", err, r.stdout)
	}
	got := map[string]string{}
	for _, row := range rows[1:] {
		got[row[0]] = row[1]
	}
	for k, want := range map[string]int{
		"accompagnements": 1 + 7, "activites_individuelles": 1, "ateliers": 1, "participants_ateliers": 7,
		"thematique:email": 1 + 7, "thematique:sante": 7, "thematique:logement": 0, "source:saisie": 8, "source:import_coop": 0,
	} {
		if got[k] != strconv.Itoa(want) {
			t.Errorf("%s = %q, want %d", k, got[k], want)
		}
	}
	for _, v := range activity.AllThematics {
		if _, ok := got["thematique:"+v.Value]; !ok {
			t.Errorf("no line thematique:%s", v.Value)
		}
	}

	r = runCmd(t, dir, nil, append(args, "--format", "json")...)
	var out struct {
		PrecedentDu, PrecedentAu string `json:"-"`
		Du                       string `json:"du"`
		Indicateurs              []struct {
			Indicateur        string `json:"indicateur"`
			Valeur            int    `json:"valeur"`
			PeriodePrecedente int    `json:"periode_precedente"`
		} `json:"indicateurs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 || out.Du != "2026-11-01" {
		t.Fatalf("json: %v %+v", err, r)
	}
	if !strings.Contains(r.stdout, `"precedent_du": "2026-10-02"`) {
		t.Errorf("previous period: %s", r.stdout)
	}
	for _, l := range out.Indicateurs {
		if l.Indicateur == "accompagnements" && (l.Valeur != 8 || l.PeriodePrecedente != 4) {
			t.Errorf("json accompagnements: %+v", l)
		}
	}

	for _, bad := range [][]string{
		{"--territoire", "canton:12", "--du", "2026-11-01", "--au", "2026-11-30"},
		{"--territoire", "departement:81", "--du", "2026-11-31", "--au", "2026-11-30"},
		{"--territoire", "departement:81", "--du", "2026-11-01", "--au", "2026-10-30"},
		{"--du", "2026-11-01", "--au", "2026-11-30"},
		{"--territoire", "departement:81", "--du", "2026-11-01", "--au", "2026-11-30", "--format", "xml"},
	} {
		if r := runCmd(t, dir, nil, append([]string{"activites", "statistiques", "--db", db}, bad...)...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: status %d, stderr %q, want a usage error", bad, r.code, r.stderr)
		}
	}
}
