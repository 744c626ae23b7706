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
		{Kind: activity.Individuel, Date: "2026-11-03", Duration: 30, PlaceType: activity.Domicile, Commune: "81004", Thematics: []string{"email"},
			Tags: []activity.Tag{{Scope: "departemental", Name: "Café IA"}, {Scope: "personnel", Name: "à rappeler"}}, Equipment: []string{"telephone"}, Autonomy: "autonome"},
		{Kind: activity.Collectif, Date: "2026-11-10", Duration: 60, PlaceType: activity.AutreLieu, Commune: "81065", Thematics: []string{"email", "sante"},
			Tags: []activity.Tag{{Scope: "departemental", Name: "Café IA"}}, Equipment: []string{"tablette"},
			Title: "Mes courriels", Public: activity.Public{Total: 7}},
		{Kind: activity.Individuel, Date: "2026-11-12", Duration: 45, PlaceType: activity.ADistance, Commune: "31555", Thematics: []string{"sante"}},
		{Kind: activity.Collectif, Date: "2026-10-15", Duration: 60, PlaceType: activity.AutreLieu, Commune: "81004", Thematics: []string{"sante"},
			Title: "Ameli", Public: activity.Public{Total: 4}},
	} {
		if _, err := st.AddActivity(ctx, a, cliActor); err != nil {
			t.Fatal(err)
		}
	}
	// A coordination activity of the Tarn: the département's, not Albi's.
	if _, err := st.AddCoordination(ctx, activity.Coordination{Kind: activity.Evenement, Date: "2026-11-20", Level: "departemental", Territory: "81",
		Participants: 85, EventType: "nec_local", Organisers: []string{"hub"}}, cliActor); err != nil {
		t.Fatal(err)
	}
	// Two animations, with the people the form asks for: the Tarn's
	// (12 médiateurs, 8 structures, 2 other actors) and Haute-Garonne's.
	for _, c := range []activity.Coordination{
		{Kind: activity.Animation, Date: "2026-11-18", Level: "departemental", Territory: "81", AnimationType: "comite", Initiative: "initiative",
			AnimationThematics: []string{"reseau"}, Mediateurs: 12, Structures: 8, OtherActors: 2},
		{Kind: activity.Animation, Date: "2026-11-19", Level: "departemental", Territory: "31", AnimationType: "comite", Initiative: "initiative",
			AnimationThematics: []string{"reseau"}, Mediateurs: 4},
	} {
		if _, err := st.AddCoordination(ctx, c, cliActor); err != nil {
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
		// By tag (scope:name), equipment and autonomy: the workshop's 7 each.
		"tag:departemental:Café IA": 1 + 7, "tag:personnel:à rappeler": 1, "materiel:telephone": 1, "materiel:tablette": 7, "materiel:aucun": 0,
		"autonomie:autonome": 1, "autonomie:entierement_accompagne": 0,
		"coordination:evenement": 1, "coordination_participants": 85,
		"coordination:animation": 1, "coordination_animation_participants": 12 + 8 + 2,
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
	// November, a calendar month, is compared with October 1-31.
	if !strings.Contains(r.stdout, `"precedent_du": "2026-10-01"`) {
		t.Errorf("previous period: %s", r.stdout)
	}
	for _, l := range out.Indicateurs {
		if l.Indicateur == "accompagnements" && (l.Valeur != 8 || l.PeriodePrecedente != 4) {
			t.Errorf("json accompagnements: %+v", l)
		}
	}

	// Albi (81004): its activity, and not the département's coordination.
	r = runCmd(t, dir, nil, "activites", "statistiques", "--db", db, "--territoire", "commune:81004", "--du", "2026-11-01", "--au", "2026-11-30")
	if !strings.Contains(r.stdout, "\naccompagnements,1\n") || !strings.Contains(r.stdout, "\ncoordination:evenement,0\n") || !strings.Contains(r.stdout, "\ncoordination_participants,0\n") ||
		!strings.Contains(r.stdout, "\ncoordination_animation_participants,0\n") {
		t.Errorf("Albi: %+v", r)
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
