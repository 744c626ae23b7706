package standard

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"maillage/internal/place"
)

// The file a hub most often has: saved by Excel in a French Windows
// ("CSV (séparateur : point-virgule)"), so Windows-1252, ";" and CRLF; or by
// an old Mac (Mac Roman, CR alone); or with ISO-8859-15 and its "œ" and "€".
const excelCSV = "id;nom;commune;code_postal;adresse;date_maj;presentation_resume\r\n" +
	"epn-1;Médiathèque Émile Zola;Sète;34200;2 rue de l'Église;2026-01-01;Ateliers « numérique » à 5 € — cœur de ville\r\n" +
	"epn-2;Espace numérique;Besançon;25000;1 place Saint-Pierre;2026-01-01;Accès libre, œuvres prêtées\r\n"

func encodeText(t *testing.T, enc encoding.Encoding, s string) string {
	t.Helper()
	if enc == nil {
		return s
	}
	out, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLegacyEncodings(t *testing.T) {
	same := strings.NewReplacer()
	for _, tt := range []struct {
		name   string
		enc    encoding.Encoding
		change *strings.Replacer // what the encoding cannot write
		notice string
	}{
		{"Windows-1252", charmap.Windows1252, same, "fichier encodé en Windows-1252"},
		{"ISO-8859-15", charmap.ISO8859_15, strings.NewReplacer("—", "-"), "fichier encodé en ISO-8859-15"},
		{"ISO-8859-1", charmap.ISO8859_1, strings.NewReplacer("€", "EUR", "œ", "oe", "—", "-"), "fichier encodé en Windows-1252"},
		{"Mac Roman, CR alone", charmap.Macintosh, strings.NewReplacer("\r\n", "\r"), "fichier encodé en Mac Roman"},
		{"UTF-16 from Excel", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), same, "fichier encodé en UTF-16"},
		{"UTF-8 with two BOMs", nil, strings.NewReplacer("id;", "\ufeff\ufeffid;"), "marque d'ordre des octets (BOM) répétée"},
		{"UTF-8, CR alone", nil, strings.NewReplacer("\r\n", "\r"), "fins de ligne en retour chariot seul"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := encodeText(t, tt.enc, tt.change.Replace(excelCSV))
			sc, err := NewScanner(strings.NewReader(in), "f.csv")
			if err != nil {
				t.Fatal(err)
			}
			notice := false
			for _, d := range sc.FileDiagnostics {
				if strings.Contains(d.Message, tt.notice) && d.Severity == place.Info {
					notice = true
				}
			}
			if !notice {
				t.Errorf("no notice %q in %+v", tt.notice, sc.FileDiagnostics)
			}
			var got []place.Lieu
			for sc.Scan() {
				if e := sc.Entry(); e.OK {
					got = append(got, e.Lieu)
				} else {
					t.Errorf("rejected: %+v", e.Diagnostics)
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			want := tt.change.Replace("Ateliers « numérique » à 5 € — cœur de ville")
			if len(got) != 2 || got[0].Nom != "Médiathèque Émile Zola" || got[0].Commune != "Sète" || got[1].Commune != "Besançon" || got[0].PresentationResume != want {
				t.Errorf("%d places: %+v", len(got), got)
			}
		})
	}
}
