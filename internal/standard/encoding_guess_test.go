package standard

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"maillage/internal/place"
)

// Which encoding a file is read in, with real-looking French text: a UTF-8
// file with one stray byte stays UTF-8 (only its bad record is refused),
// and Mac Roman needs strong evidence.
func TestEncodingGuess(t *testing.T) {
	const head = "id;nom;commune;code_postal;adresse;date_maj;presentation_resume\r\n"
	rows := []string{
		"epn-1;Médiathèque Émile Zola;Sète;34200;2 rue de l'Église;2026-01-01;Ateliers « numérique » à 5 € — cœur de ville\r\n",
		"epn-2;Espace numérique;Besançon;25000;1 place Saint-Pierre;2026-01-01;Accès libre, œuvres prêtées\r\n",
		"epn-3;Maison France services;Nîmes;30000;110 avenue Jean Jaurès;2026-01-01;Aide aux démarches\r\n",
	}
	utf8 := head + strings.Join(rows, "")
	cp1252 := func(s string) string {
		out, err := charmap.Windows1252.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	macRoman := func(s string) string {
		out, err := charmap.Macintosh.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, tt := range []struct {
		name     string
		in       string
		notice   string   // the encoding notice, "" for none
		rejected []string // ids of the records refused as non UTF-8
		nom      string   // the name of epn-1 once read
	}{
		{"UTF-8 with one stray byte (0x9C) in a record",
			head + strings.Replace(rows[0], "cœur", "c\x9cur", 1) + rows[1] + rows[2], "", []string{"epn-1"}, ""},
		{"UTF-8 with a stray byte in each of two records",
			head + strings.Replace(rows[0], "Zola", "Zola\xe9", 1) + strings.Replace(rows[1], "libre", "libre\x9c", 1) + rows[2], "", []string{"epn-1", "epn-2"}, ""},
		{"Excel Windows-1252 with œ, € and « »", cp1252(utf8), "fichier encodé en Windows-1252", nil, "Médiathèque Émile Zola"},
		{"short Windows-1252: one word with œ",
			cp1252(head + "epn-1;Maison du Cœur;Nimes;30000;1 rue;2026-01-01;\r\n"), "fichier encodé en Windows-1252", nil, "Maison du Cœur"},
		{"short Windows-1252: è and é only",
			cp1252(head + "epn-1;Médiathèque;Nimes;30000;1 rue Jaurès;2026-01-01;\r\n"), "fichier encodé en Windows-1252", nil, "Médiathèque"},
		{"Mac Roman from an old Mac", macRoman(strings.ReplaceAll(strings.ReplaceAll(utf8, "\r\n", "\r"), "€", "EUR")), "fichier encodé en Mac Roman", nil, "Médiathèque Émile Zola"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := NewScanner(strings.NewReader(tt.in), "f.csv")
			if err != nil {
				t.Fatal(err)
			}
			var notices []string
			for _, d := range sc.FileDiagnostics {
				if d.Rule == place.RuleEncoding && strings.Contains(d.Message, "fichier encodé en") {
					notices = append(notices, d.Message)
				}
			}
			if tt.notice == "" && len(notices) > 0 || tt.notice != "" && (len(notices) != 1 || !strings.Contains(notices[0], tt.notice)) {
				t.Errorf("notices %q, want %q", notices, tt.notice)
			}
			var rejected []string
			for sc.Scan() {
				e := sc.Entry()
				if !e.OK {
					rejected = append(rejected, e.Lieu.ID+sc.Entry().Diagnostics[0].RecordID)
					if !strings.Contains(e.Diagnostics[0].Message, "non UTF-8") {
						t.Errorf("rejected for %s", e.Diagnostics[0].String())
					}
					continue
				}
				if e.Lieu.ID == "epn-1" && tt.nom != "" && e.Lieu.Nom != tt.nom {
					t.Errorf("nom %q, want %q", e.Lieu.Nom, tt.nom)
				}
				if e.Lieu.ID == "epn-3" && e.Lieu.Commune != "Nîmes" && tt.notice != "fichier encodé en Windows-1252" || strings.ContainsAny(e.Lieu.Commune+e.Lieu.Nom, "√Ã") {
					t.Errorf("accents corrupted: %q %q", e.Lieu.Nom, e.Lieu.Commune)
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			if strings.Join(rejected, ",") != strings.Join(tt.rejected, ",") {
				t.Errorf("rejected %v, want %v", rejected, tt.rejected)
			}
		})
	}
}

// A stray byte in a UTF-8 JSON file refuses its element (encoding/json
// would read it as U+FFFD without a word).
func TestJSONStrayByte(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"in a value", `[{"id":"a","nom":"Médiathèque c` + "\x9c" + `ur",` + objectBase + `},{"id":"b","nom":"Médiathèque",` + objectBase + `}]`, "valeur non UTF-8"},
		{"in a key", `[{"id":"a","nom":"Médiathèque","n` + "\x9c" + `":"x",` + objectBase + `},{"id":"b","nom":"Médiathèque",` + objectBase + `}]`, "nom de champ non UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			errs, sum, err := scanAll(t, strings.NewReader(tt.in), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Accepted != 1 || len(errs) != 1 || !strings.Contains(errs[0].Message, tt.want) {
				t.Errorf("%s %v", sum, errs)
			}
		})
	}
}
