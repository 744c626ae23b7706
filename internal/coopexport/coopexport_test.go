package coopexport

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"maillage/internal/activity"
	"maillage/internal/standard"
	"maillage/internal/tableur"
	"maillage/internal/xlsxout"
)

// today is the importer's day in these tests.
const today = "2026-12-02"

// uuid is an ID CRA shaped as the Coop's (n from 0 to 0xfff).
func uuid(n int) string { return fmt.Sprintf("0b4c1e9e-5f0a-4c1e-9b7d-2a6f3c8e1%03x", n) }

func read(t *testing.T, data []byte, file string) *Result {
	t.Helper()
	res, err := Read(context.Background(), bytes.NewReader(data), file, today)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestReadExport(t *testing.T) {
	data, err := os.ReadFile("testdata/accompagnements.csv")
	if err != nil {
		t.Fatal(err)
	}
	res := read(t, data, "accompagnements.csv")
	if res.Format != "csv" || res.Lines != 6 || res.Rejected != 2 || len(res.Activities) != 2 {
		t.Fatalf("format %s, %d lines, %d rejected, %d activities: %v", res.Format, res.Lines, res.Rejected, len(res.Activities), res.Problems)
	}
	i, w := res.Activities[0], res.Activities[1]
	wantI := activity.Activity{Kind: activity.Individuel, Date: "2026-11-20", Duration: 45, PlaceType: activity.LieuActivite, PlaceName: "EPN Bellefontaine",
		Commune: "31555", Thematics: []string{activity.AideDemarches, "logement"}, Demarche: "Demande d'APL", Equipment: []string{"ordinateur", "telephone"},
		Tags: []activity.Tag{{Scope: "personnel", Name: "Café IA"}}, Autonomy: "partiellement_autonome", Oriented: true, Redirection: "aide_sociale",
		Public:     activity.Public{Total: 1, Genders: map[string]int{"feminin": 1}, AgeBands: map[string]int{"soixante_dix_plus": 1}, Statuses: map[string]int{"retraite": 1}},
		Residences: map[string]int{"31069": 1}, Source: activity.SourceImportCoop, CoopID: "11111111-aaaa-4000-8000-000000000001"}
	if !reflect.DeepEqual(i, wantI) {
		t.Errorf("individual:\n got %+v\nwant %+v", i, wantI)
	}
	if i.Notes != "" {
		t.Errorf("notes are never read (they may name the person): %q", i.Notes)
	}
	if w.Kind != activity.Collectif || w.Public.Total != 3 || w.Accompaniments() != 3 || w.Level != "debutant" || w.Title != "Café IA" ||
		w.Public.Genders["feminin"] != 1 || w.Public.Genders["masculin"] != 1 || w.Public.Genders[activity.NonCommunique] != 1 ||
		w.Public.AgeBands["soixante_soixante_neuf"] != 2 || w.Public.Statuses["retraite"] != 2 || w.Date != "2026-11-05" || w.Commune != "81065" {
		t.Errorf("workshop: %+v", w)
	}
	// CSV lines as a text editor numbers them: the first record spans three (cells of several lines).
	want := []string{
		"accompagnements.csv, ligne 12, colonne « Durée (min) » : « une heure » : une durée est un nombre entier de minutes (règle duree-nombre)",
		"accompagnements.csv, ligne 13, colonne « Thématique(s) d’accompagnement » : « logement » : une thématique administrative n'est donnée qu'avec « Aide aux démarches administratives » (règle administrative-sans-aide-aux-demarches)",
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
}

// The same export as XLSX (how the Coop gives it) reads the same.
func TestReadXLSX(t *testing.T) {
	data, _ := os.ReadFile("testdata/accompagnements.csv")
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord = ';', -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsxout.Write(&b, "Activités", rows); err != nil {
		t.Fatal(err)
	}
	fromCSV := read(t, data, "accompagnements.csv")
	fromXLSX := read(t, b.Bytes(), "accompagnements.xlsx")
	if fromXLSX.Format != "xlsx" || !reflect.DeepEqual(fromXLSX.Activities, fromCSV.Activities) || fromXLSX.Rejected != 2 {
		t.Errorf("xlsx:\n got %+v\nwant %+v", fromXLSX.Activities, fromCSV.Activities)
	}
}

func TestReadLines(t *testing.T) {
	head := "Date;Type;Participants;Canaux d’accompagnement;Code Insee;Durée (min);Thématique(s) d’accompagnement;Niveau d’autonomie (ou de l’atelier);Genre du bénéficiaire;ID CRA\n"
	tests := []struct {
		name, lines, column, rule string
		ok                        int
	}{
		{"api values are read too", "2026-11-02;collectif;1/2;a_distance;;60;email;avance;homme;" + uuid(1) + "\n2026-11-02;collectif;2/2;a_distance;;60;email;avance;Femme;" + uuid(1) + "\n", "", "", 1},
		{"old démarche type", "02/11/2026;Aide aux démarches administratives;1;À distance;;30;Aide aux démarches administratives;;;" + uuid(2) + "\n", "", "", 1},
		{"apostrophe typed plainly", "2026-11-02;Accompagnement individuel;1;Lieu d'activite;31555;30;E-mail;;;" + uuid(3) + "\n", "", "", 1},
		{"unknown type", "2026-11-02;Permanence;1;À distance;;30;E-mail;;;" + uuid(4) + "\n", ColType, "type-inconnu", 0},
		{"bad date", "le 2 février;Accompagnement individuel;1;À distance;;30;E-mail;;;" + uuid(5) + "\n", ColDate, "format-date", 0},
		{"day that does not exist", "31/02/2026;Accompagnement individuel;1;À distance;;30;E-mail;;;" + uuid(5) + "\n", ColDate, "date-inexistante", 0},
		{"a serial in a CSV is not a date", "46280;Accompagnement individuel;1;À distance;;30;E-mail;;;" + uuid(5) + "\n", ColDate, "format-date", 0},
		{"unknown thematic", "2026-11-02;Accompagnement individuel;1;À distance;;30;Cuisine;;;" + uuid(6) + "\n", ColThematiques, "valeur-inconnue", 0},
		{"unknown stars", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;4/3;;" + uuid(7) + "\n", ColNiveau, "valeur-inconnue", 0},
		{"unknown gender", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;Autre;" + uuid(8) + "\n", ColGenre, "valeur-inconnue", 0},
		{"individual twice", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;" + uuid(9) + "\n2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;" + uuid(9) + "\n", ColID, "id-cra-repete", 0},
		{"home without commune", "2026-11-02;Accompagnement individuel;1;À domicile;;30;E-mail;;;" + uuid(10) + "\n", ColCodeInsee, "commune-obligatoire", 0},
		{"no id", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;\n", ColID, "id-cra-obligatoire", 0},
		{"future", "2099-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;" + uuid(11) + "\n", ColDate, "date-future", 0},
		{"today", today + ";Accompagnement individuel;1;À distance;;30;E-mail;;;" + uuid(15) + "\n", "", "", 1},
		{"id cra a formula", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;=1+2\n", ColID, "id-cra-format", 0},
		{"bare quote in a cell: an unreadable line is refused, not skipped", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;\"x\"y\n", "", "ligne-illisible", 0},
		{"id cra a formula, quoted", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;\"=HYPERLINK(\"\"x\"\")\"\n", ColID, "id-cra-format", 0},
		{"id cra not a uuid", "2026-11-02;Accompagnement individuel;1;À distance;;30;E-mail;;;propre-1\n", ColID, "id-cra-format", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := read(t, []byte(head+tt.lines), "t.csv")
			if len(res.Activities) != tt.ok {
				t.Fatalf("%d activities, want %d: %v", len(res.Activities), tt.ok, res.Problems)
			}
			if tt.rule == "" {
				return
			}
			if len(res.Problems) == 0 || res.Problems[0].Column != tt.column || res.Problems[0].Rule != tt.rule || res.Problems[0].File != "t.csv" || res.Problems[0].Line < 2 {
				t.Errorf("problems = %+v, want %s / %s", res.Problems, tt.column, tt.rule)
			}
		})
	}
}

// TestReadWorkshopRefused: a workshop refused because of one of its lines
// is refused with all of them, and its problem names them all and the one
// at fault; one refused by a rule of the activity names no line at fault.
// The refused count is the number of lines named.
func TestReadWorkshopRefused(t *testing.T) {
	head := "Date;Type;Participants;Canaux d’accompagnement;Code Insee;Durée (min);Thématique(s) d’accompagnement;Statut du bénéficiaire;ID CRA\n"
	res := read(t, []byte(head+
		"2026-11-02;Atelier collectif;1/3;Autre lieu;81065;60;E-mail;Retraité;"+uuid(12)+"\n"+ // line 2
		"2026-11-02;Atelier collectif;2/3;Autre lieu;81065;60;E-mail;Retraité;"+uuid(12)+"\n"+
		"2026-11-02;Atelier collectif;3/3;Autre lieu;81065;60;E-mail;Non communiqué;"+uuid(12)+"\n"+
		"2026-11-03;Accompagnement individuel;1;À distance;;30;E-mail;;"+uuid(13)+"\n"+ // line 5
		"2026-11-04;Atelier collectif;1/2;À domicile;;60;E-mail;;"+uuid(14)+"\n"+
		"2026-11-04;Atelier collectif;2/2;À domicile;;60;E-mail;;"+uuid(14)+"\n"), "t.csv")
	want := []string{
		"t.csv, lignes 2-4 : atelier refusé à cause de la ligne 4, colonne « Statut du bénéficiaire » : « Non communiqué » : valeurs de la Coop : " +
			labels(activity.Statuses) + " (règle valeur-inconnue)",
		"t.csv, lignes 6-7 : atelier refusé, colonne « Code Insee » : à domicile ou dans un autre lieu, la commune (code INSEE) est obligatoire",
	}
	if len(res.Activities) != 1 || res.Rejected != 5 || len(res.Problems) != 2 {
		t.Fatalf("%d activities, %d lines refused, problems %v; want 1, 5 (3 + 2)", len(res.Activities), res.Rejected, res.Problems)
	}
	if got := res.Problems[0].String(); got != want[0] {
		t.Errorf("got  %q\nwant %q", got, want[0])
	}
	if got := res.Problems[1].String(); !strings.HasPrefix(got, want[1]) || !strings.HasSuffix(got, "(règle commune-obligatoire)") {
		t.Errorf("got  %q\nwant %q…", got, want[1])
	}
	if n := linesNamed(res.Problems); n != res.Rejected {
		t.Errorf("%d lines named, %d refused", n, res.Rejected)
	}
	if got := lineRanges([]int{15, 10, 11, 12, 12, 20, 21}); got != "10-12, 15, 20-21" {
		t.Errorf("lineRanges: %q", got)
	}
}

// linesNamed counts the distinct lines problems name.
func linesNamed(ps []Problem) int {
	seen := map[int]bool{}
	for _, p := range ps {
		if len(p.Lines) > 1 {
			for _, l := range p.Lines {
				seen[l] = true
			}
		} else {
			seen[p.Line] = true
		}
	}
	return len(seen)
}

func TestNotACoopExport(t *testing.T) {
	_, err := Read(context.Background(), strings.NewReader("id;nom;commune\n1;EPN;Albi\n"), "lieux.csv", today)
	var fe *standard.FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "« ID CRA »") || fe.File != "lieux.csv" {
		t.Errorf("err = %v", err)
	}
}

func FuzzRead(f *testing.F) {
	data, _ := os.ReadFile("testdata/accompagnements.csv")
	f.Add(data)
	f.Add([]byte("Date;Type;Participants;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;ID CRA\n2026-11-02;collectif;3/2;a_distance;60;email;" + uuid(1) + "\n"))
	f.Add([]byte("Date,Type,Canaux d’accompagnement,Durée (min),Thématique(s) d’accompagnement,ID CRA\n\"2026-11-02\",individuel,domicile,15,\"logement\naide_aux_demarches_administratives\"," + uuid(2) + "\n"))
	f.Add([]byte("Date;Type;Participants;Durée (min);Canaux d’accompagnement;Thématique(s) d’accompagnement;Date;ID CRA\n"))
	f.Add([]byte("Date;Type;Participants;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;Genre du bénéficiaire;Genre du bénéficiaire;ID CRA\n" +
		"2026-11-02;collectif;1/3;a_distance;60;email;homme;;" + uuid(3) + "\n2026-11-02;collectif;1/3;a_distance;60;email;;;" + uuid(3) + "\n" +
		"2026-11-02;collectif;1/2;a_distance;60;email;;;" + uuid(4) + "\n2026-11-02;collectif;2/3;a_distance;60;email;;;" + uuid(4) + "\n" +
		"2026-11-02;collectif;1/99999;a_distance;60;email;;;" + uuid(5) + "\n31/12/9999;individuel;;a_distance;60;e\x00mail;;;" + uuid(6) + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(context.Background(), bytes.NewReader(data), "f.csv", today)
		if err != nil {
			return
		}
		if len(res.Activities) > res.Lines || res.Rejected > res.Lines {
			t.Fatalf("%d activities, %d rejected of %d lines", len(res.Activities), res.Rejected, res.Lines)
		}
		for _, a := range res.Activities {
			if ps := a.Validate(""); len(ps) > 0 {
				t.Fatalf("an activity kept breaks a rule: %v", ps)
			}
			if !idCRARE.MatchString(a.CoopID) || a.Date > today {
				t.Fatalf("an ID CRA not shaped as the Coop's, or a date after today, kept: %+v", a)
			}
			if a.Source != activity.SourceImportCoop || a.CoopID == "" {
				t.Fatalf("source: %+v", a)
			}
		}
		for _, p := range res.Problems {
			if p.File != "f.csv" || p.Line < 1 && len(p.Lines) < 2 || p.Rule == "" || p.Message == "" {
				t.Fatalf("problem without its place: %+v", p)
			}
		}
		if n := linesNamed(res.Problems); n != res.Rejected {
			t.Fatalf("%d lines named, %d refused: %v", n, res.Rejected, res.Problems)
		}
	})
}

// A free text the import keeps (the démarche's name, tags, a workshop's
// title) holding personal data refuses its line, naming the file, line,
// column and rule without repeating the text; the notes are never read.
func TestReadRefusesPersonalData(t *testing.T) {
	data, err := os.ReadFile("testdata/accompagnements.csv")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("Demande d'APL"), []byte("APL, tél. 06 12 34 56 78"), 1)
	res := read(t, data, "accompagnements.csv")
	if len(res.Activities) != 1 || res.Activities[0].Kind != activity.Collectif {
		t.Fatalf("%d activities: %v", len(res.Activities), res.Problems)
	}
	want := "accompagnements.csv, ligne 6, colonne « Nom de la démarche administrative » : le texte contient un numéro de téléphone"
	found := false
	for _, p := range res.Problems {
		s := p.String()
		found = found || strings.HasPrefix(s, want) && strings.HasSuffix(s, "(règle donnee-personnelle-telephone)")
		if strings.Contains(s, "06 12") {
			t.Errorf("the problem repeats the phone: %s", s)
		}
	}
	if !found {
		t.Errorf("no problem %q…: %v", want, res.Problems)
	}
}

// A refusal quotes the value as the file writes it, not as it was
// normalised: « 31/12/9999 » (a date after the importer's day, refused
// as the API refuses it), « 01/01/0001 ».
func TestReadValueAsWritten(t *testing.T) {
	head := "Date;Type;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;ID CRA\n"
	res := read(t, []byte(head+
		"31/12/9999;Accompagnement individuel;À distance;30;E-mail;"+uuid(1)+"\n"+
		"01/01/0001;Accompagnement individuel;À distance;30;E-mail;"+uuid(2)+"\n"+
		"03/12/2026;Accompagnement individuel;À distance;30;E-mail;"+uuid(3)+"\n"+ // tomorrow
		"02/12/2026;Accompagnement individuel;À distance;30;E-mail;"+uuid(4)+"\n"), "t.csv")
	want := []string{
		"t.csv, ligne 2, colonne « Date » : « 31/12/9999 » : une activité ne se déclare qu'une fois faite (pas de date future) (règle date-future)",
		"t.csv, ligne 3, colonne « Date » : « 01/01/0001 » : ",
		"t.csv, ligne 4, colonne « Date » : « 03/12/2026 » : une activité ne se déclare qu'une fois faite (pas de date future) (règle date-future)",
	}
	if len(res.Activities) != 1 || len(res.Problems) != 3 {
		t.Fatalf("%d activities, problems %v", len(res.Activities), res.Problems)
	}
	for i, p := range res.Problems {
		if got := p.String(); !strings.HasPrefix(got, want[i]) {
			t.Errorf("got  %q\nwant %q", got, want[i])
		}
	}
}

// A column read given twice in the header: a required one refuses the
// file (which one to read?), another is noted and its first is read; both
// name every position.
func TestReadColumnTwice(t *testing.T) {
	_, err := Read(context.Background(), strings.NewReader("Date;Type;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;ID CRA;DATE\n"+
		"05/11/2026;Accompagnement individuel;À distance;30;E-mail;"+uuid(1)+";01/01/2026\n"), "d.csv", today)
	var fe *standard.FileError
	if !errors.As(err, &fe) || fe.File != "d.csv" || !strings.Contains(fe.Msg, "« Date » (colonnes 1 et 7)") || !strings.Contains(fe.Msg, "règle colonne-en-double") {
		t.Errorf("required column twice: %v", err)
	}
	res := read(t, []byte("Date;Type;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;Genre du bénéficiaire;ID CRA;Genre du bénéficiaire\n"+
		"05/11/2026;Accompagnement individuel;À distance;30;E-mail;Féminin;"+uuid(1)+";Masculin\n"), "g.csv")
	want := "la colonne « Genre du bénéficiaire » est donnée 2 fois dans l'en-tête (ligne 1, colonnes 6 et 8) : seule la première (colonne 6) est lue"
	if !slices.Contains(res.Notes, want) || len(res.Activities) != 1 || res.Activities[0].Public.Genders["feminin"] != 1 {
		t.Errorf("notes %q, activities %+v; want %q", res.Notes, res.Activities, want)
	}
}

// A line the reader cannot read names its column by name and quotes
// the value, escaped.
func TestReadNUL(t *testing.T) {
	res := read(t, []byte("Date;Type;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;ID CRA\n"+
		"05/11/2026;Accompagnement individuel;À distance;30;E-\x00mail;"+uuid(1)+"\n"), "n.csv")
	want := `n.csv, ligne 2, colonne « Thématique(s) d’accompagnement » : « E-\x00mail » : caractère nul (octet 0) : refusé (règle ligne-illisible)`
	if len(res.Problems) != 1 || res.Problems[0].String() != want || res.Rejected != 1 {
		t.Errorf("got %v\nwant %q", res.Problems, want)
	}
}

// A workshop's « rang/nombre » lines agree: one number, each rank once,
// rank ≤ number ≤ the bound; otherwise the workshop is refused with all
// its lines named.
func TestReadWorkshopParticipants(t *testing.T) {
	head := "Date;Type;Participants;Canaux d’accompagnement;Durée (min);Thématique(s) d’accompagnement;ID CRA\n"
	line := func(p string) string {
		return "2026-11-02;Atelier collectif;" + p + ";À distance;60;E-mail;" + uuid(1) + "\n"
	}
	for _, tt := range []struct {
		name  string
		ranks []string
		total int    // when kept
		want  string // the problem when refused
	}{
		{"whole", []string{"1/3", "2/3", "3/3"}, 3, ""},
		{"filtered export", []string{"1/3", "3/3"}, 3, ""},
		{"one line given three times", []string{"1/3", "1/3", "1/3"}, 0,
			"t.csv, lignes 2-4 : atelier refusé à cause de la ligne 3, colonne « Participants » : « 1/3 » : le participant 1/3 est déjà à la ligne 2 (règle participants-rang-repete)"},
		{"two numbers", []string{"1/2", "2/3"}, 0,
			"t.csv, lignes 2-3 : atelier refusé à cause de la ligne 3, colonne « Participants » : « 2/3 » : l'atelier a 2 participants à la ligne 2 (règle participants-incoherents)"},
		{"over the bound", []string{"1/99999"}, 0,
			"t.csv, ligne 2, colonne « Participants » : « 1/99999 » : un atelier a de 1 à 10000 participants (règle participants-bornes)"},
		{"rank over the number", []string{"1/3", "5/3"}, 0,
			"t.csv, lignes 2-3 : atelier refusé à cause de la ligne 3, colonne « Participants » : « 5/3 » : le rang d'un participant va de 1 au nombre de participants (3) (règle participants-rang)"},
		{"zero", []string{"0/0"}, 0,
			"t.csv, ligne 2, colonne « Participants » : « 0/0 » : un atelier a de 1 à 10000 participants (règle participants-bornes)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := head
			for _, r := range tt.ranks {
				data += line(r)
			}
			res := read(t, []byte(data), "t.csv")
			if tt.want == "" {
				if len(res.Activities) != 1 || res.Activities[0].Public.Total != tt.total || len(res.Problems) != 0 {
					t.Fatalf("%+v %v, want a workshop of %d", res.Activities, res.Problems, tt.total)
				}
				return
			}
			if len(res.Activities) != 0 || len(res.Problems) == 0 || res.Rejected != len(tt.ranks) {
				t.Fatalf("%+v %v, want refused", res.Activities, res.Problems)
			}
			if got := res.Problems[0].String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestReadDates: a date well written whose day does not exist is told so
// (not the format), and in an XLSX file a date serial without a date
// format (a plain number) is a date from 2000 to 2100, else refused naming
// the value.
func TestReadDates(t *testing.T) {
	head := []string{"Date", "Type", "Participants", "Canaux d’accompagnement", "Durée (min)", "Thématique(s) d’accompagnement", "ID CRA"}
	line := func(date string, n int) []string {
		return []string{date, "Accompagnement individuel", "1", "À distance", "30", "E-mail", uuid(n)}
	}
	var b bytes.Buffer
	if err := xlsxout.Write(&b, "Activités", [][]string{head, line("46280", 1), line("31/11/2026", 2), line("2026-02-29", 3), line("1234", 4), line("29/02/2024", 5)}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(unzipped(t, b.Bytes()), []byte(`<c r="A2"><v>46280</v></c>`)) {
		t.Fatal("the test's workbook has no unstyled serial in A2")
	}
	res := read(t, b.Bytes(), "coop.xlsx")
	var dates []string
	for _, a := range res.Activities {
		dates = append(dates, a.Date)
	}
	if want := []string{"2026-09-15", "2024-02-29"}; !reflect.DeepEqual(dates, want) {
		t.Errorf("dates %q, want %q", dates, want)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	want := []string{
		"coop.xlsx, ligne 3, colonne « Date » : « 31/11/2026 » : le 31 novembre 2026 n'existe pas (règle date-inexistante)",
		"coop.xlsx, ligne 4, colonne « Date » : « 2026-02-29 » : le 29 février 2026 n'existe pas (règle date-inexistante)",
		"coop.xlsx, ligne 5, colonne « Date » : « 1234 » : « 1234 » n'est pas une date : un numéro de série de date d'Excel va de 36526 (1er janvier 2000) à 73415 (31 décembre 2100) ; écrivez la date JJ/MM/AAAA (règle date-serie)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
	// The bounds are the dates they are said to be.
	for serial, want := range map[string]string{"36526": "2000-01-01", "73415": "2100-12-31"} {
		if d, ok := tableur.SerialDate(serial, serialMin, serialMax, false); !ok || d != want {
			t.Errorf("serial %s = %q, want %s", serial, d, want)
		}
	}
}

// unzipped is the worksheet of a workbook written by xlsxout.
func unzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
