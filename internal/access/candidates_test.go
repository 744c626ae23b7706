package access

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"maillage/internal/failure"
)

func TestReadCandidates(t *testing.T) {
	ref := testReferential()
	tests := []struct {
		name, in string
		want     []Candidate
	}{
		{"positions, comma", "id,nom,latitude,longitude\nbus-1,Arrêt de la mairie,45.76,4.83\nbus-2,\"Place, du marché\",46.1,5.2\n",
			[]Candidate{{ID: "bus-1", Nom: "Arrêt de la mairie", Lat: 45.76, Lon: 4.83}, {ID: "bus-2", Nom: "Place, du marché", Lat: 46.1, Lon: 5.2}}},
		{"semicolon, decimal comma, BOM", "\ufeffID;Nom;Latitude;Longitude\r\nx;Salle;45,5;4,75\r\n",
			[]Candidate{{ID: "x", Nom: "Salle", Lat: 45.5, Lon: 4.75}}},
		{"communes by code", "code_insee\n01004\n69123\n\n",
			[]Candidate{{ID: "01004", Nom: "Ambérieu-en-Bugey", CodeINSEE: "01004", Lat: 45.9608, Lon: 5.3729, Approx: true}, {ID: "69123", Nom: "Lyon", CodeINSEE: "69123", Lat: 45.7578, Lon: 4.8320, Approx: true}}},
		{"both, the position wins", "code_insee,lat,lon\n69123,45.8,4.9\n69123,,\n",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCandidates(strings.NewReader(tt.in), "sites.csv", ref)
			if tt.want == nil {
				if err == nil || !strings.Contains(failure.MessageOf(err), "sites.csv, ligne 3, colonne « code_insee », valeur « 69123 » : code INSEE (l'identifiant du site, faute de colonne id) déjà donné ligne 2") {
					t.Errorf("%+v %v", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("%+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: %+v, want %+v", i, got[i], tt.want[i])
				}
			}
			if p := got[0].Point(); p.Code != tt.want[0].ID || p.Lat != tt.want[0].Lat {
				t.Errorf("point %+v", p)
			}
		})
	}
}

// A spreadsheet's « texte Unicode » (UTF-16, with or without its BOM) is
// read as the demand files are (review 9A, minor 9).
func TestReadCandidatesUTF16(t *testing.T) {
	text := "id;nom;lat;lon\r\nA;Médiathèque;45,5;4,8\r\n"
	le := func(bom bool) string {
		var b strings.Builder
		if bom {
			b.WriteString("\xff\xfe")
		}
		for _, r := range text {
			b.WriteByte(byte(r))
			b.WriteByte(byte(r >> 8))
		}
		return b.String()
	}
	for _, in := range []string{le(true), le(false)} {
		got, err := ReadCandidates(strings.NewReader(in), "sites.txt", testReferential())
		if err != nil || len(got) != 1 || got[0].Nom != "Médiathèque" || got[0].Lat != 45.5 {
			t.Errorf("%q: %+v, %v", in[:8], got, err)
		}
	}
}

func TestReadCandidatesErrors(t *testing.T) {
	ref := testReferential()
	for _, tt := range []struct{ in, want string }{
		{"", "sites.csv : fichier vide"},
		{"nom,ville\na,b\n", "sites.csv, ligne 1 : colonnes latitude et longitude, ou code_insee, attendues (en-tête : nom, ville)"},
		{"id,latitude\na,45\n", "l'une sans l'autre"},
		{"id,latitude,longitude\na,95,4\n", "sites.csv, ligne 2, colonne « latitude », valeur « 95 » : latitude WGS84 attendue"},
		{"id,latitude,longitude\na,45,NaN\n", "sites.csv, ligne 2, colonne « longitude », valeur « NaN » : longitude WGS84"},
		{"id,latitude,longitude\n\"a\nb\",45,x\n", "sites.csv, ligne 2, colonne « longitude », valeur « x »"},
		{"id,latitude,longitude\na,,4\n", "colonne « latitude », valeur «  » : latitude WGS84 attendue"},
		{"code_insee\n99999\n", "sites.csv, ligne 2, colonne « code_insee », valeur « 99999 » : commune inconnue du référentiel"},
		{"code_insee\n01001\n", "centre de la commune inconnu"},
		{"id,code_insee\na,\n", "sites.csv, ligne 2 : ni position (latitude, longitude) ni code_insee"},
		{"id,lat,lon\na,\"45\n", "sites.csv, ligne 2 : CSV illisible"},
		{"nom,lat,lon\n" + strings.Repeat("a\u00e9,45,4\n", 10000) + "\xff,45,4\n", "sites.csv, ligne 10002 : encodage : UTF-8 attendu"},
		{"id,lat,lon" + strings.Repeat("\nx,99,0", 12), "(arrêt après 10 erreurs)"},
		// Review 9A, minor 9.
		{"id,lat,lon\na,4.77,45.49\n", "sites.csv, ligne 2, colonne « lat, lon », valeur « 4.77, 45.49 » : latitude et longitude inversées ?"},
		{"id,lat,lon\na,0,0\n", "sites.csv, ligne 2, colonne « lat, lon », valeur « 0, 0 » : position hors de France"},
		{"id,lat,lon\na,45,4\na,45,4\n", "sites.csv, ligne 3, colonne « id », valeur « a » : identifiant déjà donné ligne 2"},
	} {
		_, err := ReadCandidates(strings.NewReader(tt.in), "sites.csv", ref)
		if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), tt.want) {
			t.Errorf("%q: %v, want %q", tt.in, err, tt.want)
		}
	}
}

// A file saved by Excel on Windows (Windows-1252) is read as the demand
// files are.
func TestCandidatesWindows1252(t *testing.T) {
	got, err := ReadCandidates(strings.NewReader("id;nom;latitude;longitude\nc1;Mairie de Sainte-C\xe9cile \x96 annexe;45,76;4,83\n"), "sites.csv", testReferential())
	if err != nil || len(got) != 1 || got[0].Nom != "Mairie de Sainte-Cécile – annexe" {
		t.Fatalf("%+v, %v", got, err)
	}
}

func FuzzReadCandidates(f *testing.F) {
	f.Add("id,nom,latitude,longitude\nbus-1,Arrêt,45.76,4.83\n")
	f.Add("code_insee;lat;lon\n69123;45,8;4,9\n01004;;\n")
	f.Add("id,lat,lon\n\"a\nb\",45,4\n")
	f.Add("id;nom;lat;lon\n@x;\"=1+2\x1b\";45;4\nb;\"\"x;45;4\n")
	ref := testReferential()
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ReadCandidates(strings.NewReader(in), "f.csv", ref)
		if err != nil {
			if !errors.Is(err, failure.ErrInvalid) {
				t.Fatalf("not an invalid-input failure: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range got {
			if !validLatLon(c.Lat, c.Lon) || c.ID == "" || seen[c.ID] || strings.IndexFunc(c.ID+c.Nom, forbidden) >= 0 ||
				utf8.RuneCountInString(c.ID) > maxCandidateID || utf8.RuneCountInString(c.Nom) > maxCandidateName {
				t.Fatalf("candidate %+v", c)
			}
			seen[c.ID] = true
		}
	})
}
