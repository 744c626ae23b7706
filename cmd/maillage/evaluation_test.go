package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"maillage/internal/activity"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// TestEvaluationReport: the annual report of the Tarn for 2026, as CSV and
// HTML (golden files, go test -update rewrites them), with figures counted
// by hand from the rows recorded here.
func TestEvaluationReport(t *testing.T) {
	goldenDir, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	ctx := context.Background()
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	st, err := openStore(ctx, testEnv(t), db, store.WithClock(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	albi, toulouse := storetest.Sample("eval-albi"), storetest.Sample("eval-toulouse")
	albi.Nom, albi.Commune, albi.CodePostal, albi.CodeINSEE = "Médiathèque d'Albi", "Albi", "81000", "81004"
	toulouse.Nom, toulouse.Commune, toulouse.CodePostal, toulouse.CodeINSEE = "EPN Bellefontaine", "Toulouse", "31100", "31555"
	for _, l := range []*place.Lieu{&albi, &toulouse} {
		if _, _, err := im.Put(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "lieux.csv"); err != nil {
		t.Fatal(err)
	}
	for _, a := range []activity.Activity{
		{Kind: activity.Individuel, Date: "2026-03-10", Duration: 30, PlaceType: activity.LieuActivite, LieuID: "eval-albi", Thematics: []string{"email"},
			Equipment: []string{"ordinateur"}, Autonomy: "autonome", Tags: []activity.Tag{{Scope: "national", Name: "Café IA"}, {Scope: "personnel", Name: "lundi matin"}}},
		{Kind: activity.Collectif, Date: "2026-06-01", Duration: 90, PlaceType: activity.AutreLieu, Commune: "81065", Thematics: []string{"sante"},
			Title: "Ameli", Public: activity.Public{Total: 8}, Equipment: []string{"ordinateur"}, Tags: []activity.Tag{{Scope: "national", Name: "Café IA"}}},
		{Kind: activity.Individuel, Date: "2025-05-05", Duration: 45, PlaceType: activity.Domicile, Commune: "81004", Thematics: []string{"email"}},
		{Kind: activity.Individuel, Date: "2026-04-01", Duration: 15, PlaceType: activity.ADistance, Commune: "31555", Thematics: []string{"email"}},
	} {
		if _, err := st.AddActivity(ctx, a, cliActor); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SaveAggregate(ctx, activity.Aggregate{LieuID: "eval-albi", Month: "2026-02", Individual: 10}, 0, cliActor); err != nil {
		t.Fatal(err)
	}
	// The Tarn's animations, with the people the form asks for: 2026's
	// (12 médiateurs, 8 structures, 2 other actors) and 2025's (5).
	for _, c := range []activity.Coordination{
		{Kind: activity.Animation, Date: "2026-09-18", Level: "departemental", Territory: "81", AnimationType: "comite", Initiative: "initiative",
			AnimationThematics: []string{"reseau"}, Mediateurs: 12, Structures: 8, OtherActors: 2},
		{Kind: activity.Animation, Date: "2025-09-18", Level: "departemental", Territory: "81", AnimationType: "comite", Initiative: "initiative",
			AnimationThematics: []string{"reseau"}, Mediateurs: 5},
	} {
		if _, err := st.AddCoordination(ctx, c, cliActor); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	at := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	var csvRows [][]string
	for _, format := range []string{"csv", "html"} {
		r := runCmdAt(t, at, dir, nil, "evaluation", "--db", db, "--territoire", "departement:81", "--annee", "2026", "--format", format)
		if r.code != 0 {
			t.Fatalf("%s: %+v", format, r)
		}
		golden := filepath.Join(goldenDir, "evaluation-81-2026."+format)
		if *update {
			os.WriteFile(golden, []byte(r.stdout), 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(r.stdout), want) {
			t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", format, golden, r.stdout)
		}
		if format != "csv" {
			for _, want := range []string{"<html lang=\"fr\">", "@page { size: A4", "Rapport d'évaluation 2026", "Accompagnements (un par participant d&#39;atelier)"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("html lacks %q", want)
				}
			}
			if strings.Contains(r.stdout, "<script") {
				t.Error("a script in the report")
			}
			continue
		}
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		csvRows = rows
		got := map[string][]string{}
		for _, row := range rows[1:] {
			got[row[1]] = row
		}
		// Hand-counted for the Tarn: 2026: 1 individual at Albi's place,
		// a workshop of 8, the aggregate's 10 (Toulouse's is in the
		// Haute-Garonne); 2025: 1.
		for ind, want := range map[string][2]string{
			"accompagnements":         {"19", "1"},
			"activites_individuelles": {"11", "1"},
			"ateliers":                {"1", "0"},
			"participants_ateliers":   {"8", "0"},
			"thematique:email":        {"1", "1"},
			"thematique:sante":        {"8", "0"},
			"source:agregat":          {"10", "0"},
			// The animations and their people: 12 + 8 + 2 in 2026, 5 in 2025.
			"coordination:animation":              {"1", "1"},
			"coordination_animation_participants": {"22", "5"},
			// Section « Étiquettes »: the workshop's 8 and the
			// individual's 1; autonomy of the individual one only.
			"materiel:ordinateur":  {"9", "0"},
			"autonomie:autonome":   {"1", "0"},
			"tag:national:Café IA": {"9", "0"},
			"reseau:lieux":         {"1", ""},
			// Albi's place came with the import of the source « hub »,
			// the one import of 2026 of the Tarn's places' sources.
			"reseau:lieux_importes": {"1", "0"},
			"reseau:imports":        {"1", "0"},
			"reseau:lieux_crees":    {"0", "0"},
		} {
			if row := got[ind]; row == nil || row[3] != want[0] || row[4] != want[1] || row[5] == "" || row[6] == "" {
				t.Errorf("%s: %v, want %v with a source and a vintage", ind, row, want)
			}
		}
	}
	if row := csvRowOf(csvRows, "tag:personnel:lundi matin"); row != nil {
		t.Errorf("a personal tag in the report: %v", row)
	}
	if row := csvRowOf(csvRows, "tag:national:Café IA"); row == nil || row[0] != "etiquettes" || row[2] != "Étiquette : Café IA (national)" {
		t.Errorf("tag:national:Café IA: %v", row)
	}
	if row := csvRowOf(csvRows, "coordination_animation_participants"); row == nil || row[0] != "activite" ||
		row[2] != "Participants aux animations de coordination (médiateurs, structures, autres acteurs)" {
		t.Errorf("coordination_animation_participants: %v", row)
	}
	if row := csvRowOf(csvRows, "orientation:venue"); row == nil || row[2] != "Orientations où la personne est venue" {
		t.Errorf("orientation:venue: %v", row)
	}
	checkEvaluationXLSX(t, at, dir, db, csvRows)
	checkEvaluationPerimeter(t, at, dir, db, csvRows)
	for _, bad := range [][]string{
		{"--territoire", "departement:81", "--annee", "2027"},
		{"--territoire", "departement:81", "--annee", "26"},
		{"--territoire", "lieu:eval-albi", "--annee", "2026"},
		{"--territoire", "departement:81", "--annee", "2026", "--format", "pdf"},
	} {
		if r := runCmdAt(t, at, dir, nil, append([]string{"evaluation", "--db", db}, bad...)...); r.code != 2 {
			t.Errorf("%v: status %d, want 2 (%q)", bad, r.code, r.stderr)
		}
	}
}

func csvRowOf(rows [][]string, indicator string) []string {
	for _, row := range rows {
		if len(row) > 1 && row[1] == indicator {
			return row
		}
	}
	return nil
}

// checkEvaluationPerimeter: --territoire perimetre (and no --territoire)
// is the report of the hub's perimeter, --hub-perimetre or
// MAILLAGE_HUB_PERIMETRE: here the Tarn, so the Tarn's figures, the
// header naming the perimeter; without a perimeter configured, a French
// error that says how to give one (review 11N: « s'écrit commune:CODE… »).
func checkEvaluationPerimeter(t *testing.T, at func() time.Time, dir, db string, tarn [][]string) {
	t.Helper()
	hub := map[string]string{"MAILLAGE_HUB_PERIMETRE": "departement:81"}
	for _, args := range [][]string{
		{"--territoire", "perimetre"},
		{},
		{"--territoire", "perimetre", "--hub-perimetre", "departement:81"},
	} {
		env := hub
		if len(args) == 3 {
			env = nil
		}
		r := runCmdAt(t, at, dir, env, append([]string{"evaluation", "--db", db, "--annee", "2026", "--format", "csv"}, args...)...)
		if r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(rows, tarn, slices.Equal) {
			t.Errorf("%v: the perimeter's report differs from the Tarn's:\n%s", args, r.stdout)
		}
	}
	r := runCmdAt(t, at, dir, hub, "evaluation", "--db", db, "--annee", "2026")
	if r.code != 0 || !strings.Contains(r.stdout, "Territoire : <strong>périmètre du hub : département 81</strong>.") {
		t.Errorf("the perimeter's header: %+v", r)
	}
	for _, args := range [][]string{{"--territoire", "perimetre"}, {}} {
		r := runCmdAt(t, at, dir, map[string]string{"MAILLAGE_HUB_PERIMETRE": ""}, append([]string{"evaluation", "--db", db, "--annee", "2026"}, args...)...)
		want := "--territoire perimetre : aucun périmètre de hub n'est configuré (--hub-perimetre ou MAILLAGE_HUB_PERIMETRE"
		if len(args) == 0 {
			want = "--territoire est obligatoire (france pour tout, perimetre pour le périmètre du hub)"
		}
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%v without a perimeter: %+v, want %q", args, r, want)
		}
	}
}

// checkEvaluationXLSX: the workbook of the same report holds the CSV's
// figures, one line each in the same order, values and previous values as
// numeric cells, and the notes of the sections (read here by unzipping
// the file and parsing its sheet's XML, not with the project's readers).
func checkEvaluationXLSX(t *testing.T, at func() time.Time, dir, db string, csvRows [][]string) {
	t.Helper()
	if len(csvRows) < 2 {
		t.Fatal("no CSV to compare the workbook with")
	}
	path := filepath.Join(dir, "rapport.xlsx")
	if r := runCmdAt(t, at, dir, nil, "evaluation", "--db", db, "--territoire", "departement:81", "--annee", "2026", "--format", "xlsx", "-o", path); r.code != 0 {
		t.Fatalf("xlsx: %+v", r)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var sheet []byte
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		sheet, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	var ws struct {
		Rows []struct {
			Cells []struct {
				Ref    string `xml:"r,attr"`
				Type   string `xml:"t,attr"`
				Value  string `xml:"v"`
				Inline string `xml:"is>t"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(sheet, &ws); err != nil {
		t.Fatalf("sheet1.xml: %v", err)
	}
	type cell struct {
		text    string
		numeric bool
	}
	var rows [][7]cell
	for _, row := range ws.Rows {
		var cells [7]cell
		for _, c := range row.Cells {
			col := int(c.Ref[0] - 'A')
			if col < 0 || col > 6 || len(c.Ref) < 2 || c.Ref[1] < '0' || c.Ref[1] > '9' {
				t.Fatalf("cell %q out of the report's 7 columns", c.Ref)
			}
			if c.Type == "inlineStr" {
				cells[col] = cell{text: c.Inline}
			} else {
				cells[col] = cell{text: c.Value, numeric: c.Type == "" || c.Type == "n"}
			}
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 || rows[0][3].text != "2026" || rows[0][4].text != "2025" || rows[0][2].text != "Libellé" {
		t.Fatalf("header %v", rows)
	}
	var figures [][7]cell
	notes := 0
	for _, row := range rows[1:] {
		if row[1].text == "" {
			if !strings.HasPrefix(row[2].text, "Note : ") {
				t.Errorf("a line without indicator that is no note: %v", row)
			}
			notes++
			continue
		}
		figures = append(figures, row)
	}
	if len(figures) != len(csvRows)-1 {
		t.Fatalf("%d figures in the workbook, %d in the CSV", len(figures), len(csvRows)-1)
	}
	for i, want := range csvRows[1:] {
		got := figures[i]
		if got[1].text != want[1] || got[2].text != want[2] || got[3].text != want[3] || got[4].text != want[4] || got[5].text != want[5] || got[6].text != want[6] {
			t.Errorf("line %d: %v, the CSV's %v", i+2, got, want)
		}
		if !got[3].numeric || want[4] != "" && !got[4].numeric {
			t.Errorf("line %d (%s): values not written as numbers: %v", i+2, want[1], got)
		}
	}
	// reseau, activite, etiquettes, orientations, pass (absent here), diagnostic.
	if notes != 6 {
		t.Errorf("%d notes, want one per section (6)", notes)
	}
}
