package territory

import (
	"strings"
	"testing"
)

func loadFrance(t testing.TB) *Referential {
	t.Helper()
	r, err := LoadDecoupage(dirOpener("testdata/france"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLocate(t *testing.T) {
	r := loadFrance(t)
	for _, tc := range []struct {
		cp, name string
		want     string // INSEE code, "" when nothing may be derived
		nCands   int    // candidates offered when ambiguous
	}{
		// Lyon, Marseille, Paris: the arrondissement the postcode serves.
		{"69003", "LYON", "69383", 0},
		{"69003", "Lyon", "69383", 0},
		{"69003", "Lyon 3e Arrondissement", "69383", 0},
		{"69003", "LYON 03", "69383", 0},
		{"69003", "Lyon 3ème", "69383", 0},
		{"69003", "LYON 69003", "69383", 0},
		{"69431", "LYON CEDEX 03", "69123", 0}, // a CEDEX code: the commune, the arrondissement is unknown
		{"13001", "MARSEILLE", "13201", 0},
		{"13001", "Marseille 1er", "13201", 0},
		{"75015", "PARIS 15", "75115", 0},
		{"75116", "Paris", "75116", 0},
		{"75016", "Paris 16e arrondissement", "75116", 0},
		{"13090", "Aix-en-Provence", "13001", 0},
		{"69100", "VILLEURBANNE", "69266", 0},
		// Accents, case, hyphens, ST/SAINT, STE, CEDEX.
		{"42000", "ST ETIENNE", "42218", 0},
		{"42100", "Saint-Étienne", "42218", 0},
		{"42000", "saint etienne", "42218", 0},
		{"42007", "SAINT-ETIENNE CEDEX 1", "42218", 0},
		{"01370", "ST ETIENNE DU BOIS", "01350", 0},
		{"73000", "Chambéry", "73065", 0},
		{"73011", "CHAMBERY CEDEX", "73065", 0},
		{"38450", "ST GEORGES DE COMMIERS", "38388", 0},
		// Articles.
		{"76600", "LE HAVRE", "76351", 0},
		{"76600", "HAVRE (LE)", "76351", 0},
		{"76620", "Havre", "76351", 0},
		// A name shortened, a former commune, Corsica.
		{"76350", "Oissel", "76484", 0},
		{"01300", "Arbignieu", "01015", 0},
		{"01300", "ST BOIS", "01015", 0},
		{"20000", "AJACCIO", "2A004", 0},
		// Misspelt, run together, the département repeated.
		{"04170", "St André des Alpes", "04173", 0},
		{"73000", "BARBERA", "73029", 0},
		{"38080", "LISLE D ABEAU", "38193", 0},
		{"69100", "Villeurbanne (69)", "69266", 0},
		{"73000", "Chamonix", "", 0},
		// A real name with a wrong postcode is that commune, not a
		// commune of the postcode with a close name (Andres).
		{"62340", "ARDRES", "62038", 0},
		{"62340", "ANDRES", "62031", 0},
		// The postcode alone, when it serves one commune.
		{"69100", "", "69266", 0},
		// Nothing invented: several communes, none, or a contradiction.
		{"73000", "", "", 6},
		{"88230", "Bormes-les-Mimosas", "", 0},
		{"13001", "Lyon", "", 0},
		{"99999", "Nulle-Part", "", 0},
		{"", "", "", 0},
	} {
		got := r.Locate(tc.cp, tc.name)
		code := ""
		if got.Commune != nil {
			code = got.Commune.Code
		}
		if code != tc.want || len(got.Candidates) != tc.nCands {
			t.Errorf("Locate(%q, %q) = %q (%d candidates; %s%s), want %q (%d)", tc.cp, tc.name, code, len(got.Candidates), got.How, got.Why, tc.want, tc.nCands)
		}
		if code != "" && got.How == "" || code == "" && got.Why == "" {
			t.Errorf("Locate(%q, %q) says neither how nor why: %+v", tc.cp, tc.name, got)
		}
	}
	if got := (&Referential{}).Locate("69003", "Lyon"); got.Commune != nil || !strings.Contains(got.Why, "référentiel") {
		t.Errorf("empty referential: %+v", got)
	}
}

func TestArrondissements(t *testing.T) {
	r := loadFrance(t)
	for code, want := range map[string]int{"69123": 9, "13055": 16, "75056": 20, "42218": 0, "69383": 0} {
		if got := len(r.Arrondissements(code)); got != want {
			t.Errorf("Arrondissements(%s): %d, want %d", code, got, want)
		}
	}
	for code, want := range map[string]string{"69381": "69123", "69389": "69123", "13216": "13055", "75120": "75056", "75121": "", "69380": "", "42218": "", "751": ""} {
		if got := ParentOf(code); got != want {
			t.Errorf("ParentOf(%s) = %q, want %q", code, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b        string
		limit, want int
	}{
		{"saintandredesalpes", "saintandrelesalpes", 2, 1},
		{"abc", "abc", 2, 0},
		{"abc", "", 2, 3},
		{"chambery", "chamonix", 2, 3},
		{"éa", "ea", 2, 1},
	} {
		if got := distance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func FuzzLocate(f *testing.F) {
	r := loadFrance(f)
	for _, s := range [][2]string{{"69003", "LYON"}, {"69431", "LYON CEDEX 03"}, {"76600", "HAVRE (LE)"}, {"20000", "s/ AJACCIO"}, {"", ""}, {"7", "Paris 99e"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, cp, name string) {
		got := r.Locate(cp, name)
		if got.Commune != nil && len(got.Candidates) > 0 {
			t.Fatalf("a commune and candidates: %+v", got)
		}
		if got.Commune != nil {
			if _, ok := r.Commune(got.Commune.Code); !ok {
				t.Fatalf("a commune outside the referential: %+v", got.Commune)
			}
		}
	})
}

// A postcode that is also an INSEE code means the postcode first.
func TestSearchCodes(t *testing.T) {
	r := loadFrance(t)
	for q, want := range map[string]string{
		"69003": "69383,69003",                         // Lyon 3e, then Albigny-sur-Saône's INSEE code
		"13001": "13201,13001",                         // Marseille 1er, then Aix-en-Provence
		"73000": "73065,73029,73031,73137,73288,73160", // Chambéry first, most populated first
		"69123": "69123",                               // Lyon's INSEE code, no postcode
		"75116": "75116",
		"2A004": "2A004",
	} {
		var got []string
		for _, c := range r.Search(q, 0) {
			got = append(got, c.Code)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("Search(%q) = %v, want %s", q, got, want)
		}
	}
}
