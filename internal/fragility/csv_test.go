package fragility

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"maillage/internal/failure"
)

func readLayout(t *testing.T) *Layout {
	t.Helper()
	data, err := os.ReadFile("testdata/indicateurs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := ParseLayout(data, "indicateurs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestReadIndicators(t *testing.T) {
	l := readLayout(t)
	f, err := os.Open("testdata/indicateurs.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, st, err := ReadIndicators(f, "indicateurs.csv", l, "2019")
	if err != nil {
		t.Fatal(err)
	}
	// 1002 lost its leading zero in a spreadsheet; "s", "" and "nd" are
	// unknown values.
	if st.Rows != 3 || st.Missing != 3 || len(table.Units) != 3 {
		t.Fatalf("stats %+v, units %d", st, len(table.Units))
	}
	want := map[string]map[string]Sums{
		"01001": {"plus_65_ans": {120, 800}, "peu_diplomes": {150.5, 600}, "revenu_median": {22500 * 800, 800}, "pauvrete": {0.125 * 800, 800}},
		"01002": {"plus_65_ans": {300, 1000}, "revenu_median": {19500 * 1000, 1000}},
		"02001": {"plus_65_ans": {50, 500}, "peu_diplomes": {100, 400}, "revenu_median": {20000 * 500, 500}},
	}
	for code, values := range want {
		u, ok := table.Units[code]
		if !ok {
			t.Fatalf("%s missing", code)
		}
		if len(u.Values) != len(values) {
			t.Errorf("%s: %v", code, u.Values)
		}
		for k, v := range values {
			if g := u.Values[k]; !near(g.Num, v.Num, 1e-9) || g.Den != v.Den {
				t.Errorf("%s %s: %v, want %v", code, k, g, v)
			}
		}
	}
	// The same for indicators: the empty copy is counted apart, not as
	// missing values.
	f2 := strings.NewReader("CODGEO;P19_POP;P19_POP65P;P19_NSCOL15P;P19_NSCOL15P_DIPLMIN;MED19;TP6019\n01004;10;2;8;1;20000;10\n01004;;;;;;\n")
	if t2, st2, err := ReadIndicators(f2, "r.csv", l, "2017"); err != nil || st2.Rows != 1 || st2.Missing != 0 || st2.EmptyRepeats != 1 || len(t2.Units["01004"].Values) != 4 {
		t.Errorf("repeated empty: %+v, %v", st2, err)
	}
	c := table.Composite
	if table.Level != LevelCommune || table.Vintage != "2019" || c.Normalisation != NormRatio || c.Reference != RefDepartement ||
		c.Indicators[2].Direction != -1 || c.Indicators[2].Weight != 2 || c.Indicators[0].Weight != 1 || table.AtRisk.Diploma != "peu_diplomes" {
		t.Errorf("table %+v", table)
	}
}

func TestReadIndex(t *testing.T) {
	f, err := os.Open("testdata/indice_iris.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	idx, st, err := ReadIndex(f, "indice_iris.csv", IndexLayout{Level: LevelIRIS, Vintage: "2020"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 2 || st.Missing != 1 {
		t.Errorf("stats %+v", st)
	}
	if r := idx.Rows["010010000"]; r.Score != 104 || r.Population != 1200 {
		t.Errorf("row %+v", r)
	}
	// A unit repeated with every value empty (some exports do) is left
	// out, not refused.
	idx, st, err = ReadIndex(strings.NewReader("code;score\n01001;90\n01001;\n"), "c.csv", IndexLayout{})
	if err != nil || st.Rows != 1 || st.Missing != 1 || idx.Rows["01001"].Score != 90 {
		t.Errorf("repeated empty: %+v, %+v, %v", idx, st, err)
	}
	// Excel's CSV on Windows (Windows-1252) and "Texte Unicode" (UTF-16):
	// the accented column names match.
	for name, data := range map[string][]byte{
		"windows-1252": []byte("code;score_pr\xe9f\xe9r\xe9\n01001;42\n"),
		"utf-16":       {0xFF, 0xFE, 'c', 0, 'o', 0, 'd', 0, 'e', 0, '\t', 0, 's', 0, 'c', 0, 'o', 0, 'r', 0, 'e', 0, '_', 0, 'p', 0, 'r', 0, 0xE9, 0, 'f', 0, 0xE9, 0, 'r', 0, 0xE9, 0, '\n', 0, '0', 0, '1', 0, '0', 0, '0', 0, '1', 0, '\t', 0, '4', 0, '2', 0, '\n', 0},
	} {
		idx, _, err := ReadIndex(bytes.NewReader(data), "c.csv", IndexLayout{Score: "score_préféré"})
		if err != nil || idx.Rows["01001"].Score != 42 {
			t.Errorf("%s: %+v, %v", name, idx, err)
		}
	}
	// By commune without population: the referential's will weigh it.
	idx, _, err = ReadIndex(strings.NewReader("insee;indice\n01098;93,5\n"), "c.csv", IndexLayout{})
	if err != nil {
		t.Fatal(err)
	}
	if r := idx.Rows["01098"]; r.Score != 93.5 || !math.IsNaN(r.Population) || idx.Level != LevelCommune {
		t.Errorf("row %+v", r)
	}
}

// TestReaderErrors: every fault names the file, the line, the column, the
// value and the rule, in French.
func TestReaderErrors(t *testing.T) {
	layout := readLayout(t)
	header := "CODGEO;P19_POP;P19_POP65P;P19_NSCOL15P;P19_NSCOL15P_DIPLMIN;MED19;TP6019\n"
	for _, tt := range []struct {
		name, data string
		index      *IndexLayout
		want       string
	}{
		{"bad code", "code;score\n01001;90\n1A001;80\n", &IndexLayout{}, "i.csv, ligne 3, colonne « code », valeur « 1A001 » : code INSEE de commune attendu"},
		{"iris code", "code_iris;score;population\n01001;90;10\n", &IndexLayout{Level: LevelIRIS}, "ligne 2, colonne « code_iris », valeur « 01001 » : code IRIS attendu"},
		{"duplicate", "code;score\n01001;90\n01001;80\n", &IndexLayout{}, "ligne 3, colonne « code », valeur « 01001 » : code déjà lu ligne 2"},
		{"bad score", "code;score\n01001;quatre-vingt\n", &IndexLayout{}, "ligne 2, colonne « score », valeur « quatre-vingt » : nombre attendu"},
		{"both separators", "code;score\n01001;1.234,5\n", &IndexLayout{}, "valeur « 1.234,5 » : nombre attendu, avec une virgule ou un point décimal, pas les deux"},
		{"negative population", "code;score;population\n01001;90;-3\n", &IndexLayout{}, "colonne « population », valeur « -3 » : population positive ou nulle attendue"},
		{"no score column", "code;note\n01001;90\n", &IndexLayout{}, "i.csv, ligne 1 : colonne du score introuvable"},
		{"iris without population", "code_iris;score\n010010000;90\n", &IndexLayout{Level: LevelIRIS}, "colonne de la population introuvable"},
		{"named column missing", "code;score\n01001;90\n", &IndexLayout{Score: "ifn2023"}, "colonne « ifn2023 » introuvable (colonnes : code, score)"},
		{"empty", "", &IndexLayout{}, "i.csv : fichier vide"},
		// A repeated column: which one holds the values is a guess (review 9A, minor 7).
		{"repeated column", "code;score;score\n01001;90;80\n", &IndexLayout{}, "i.csv, ligne 1 : colonne « score » en double (colonnes 2 et 3, « score » et « score »)"},
		{"repeated column in other case", "code;score;SCORE\n01001;90;80\n", &IndexLayout{}, "i.csv, ligne 1 : colonne « SCORE » en double (colonnes 2 et 3, « score » et « SCORE »)"},
		{"repeated indicator", "CODGEO;P19_POP;p19_pop\n01001;800;700\n", nil, "i.csv, ligne 1 : colonne « p19_pop » en double (colonnes 2 et 3"},
		{"no rows", "code;score\n01001;\n", &IndexLayout{}, "aucune ligne avec un score"},
		{"bad quote", "code;score\n01001;9\"0\n", &IndexLayout{}, "i.csv, ligne 2, colonne 8 : CSV illisible : guillemet isolé"},
		{"short line", "code;score;population\n01001;90\n", &IndexLayout{}, "ligne 2 : 2 colonnes, l'en-tête en a 3"},
		{"negative count", header + "01001;800;-1;600;150;22500;12\n", nil, "i.csv, ligne 2, colonne « P19_POP65P », valeur « -1 » : nombre positif ou nul attendu"},
		// Finite but absurd values (an overflow once summed, a class of
		// their own on the maps) and negative scores are refused.
		{"huge score", "code;score\n01001;90\n01002;1e308\n", &IndexLayout{}, "i.csv, ligne 3, colonne « score », valeur « 1e308 » : score de 0 à 10 000 attendu"},
		{"negative score", "code;score\n01001;-4,5\n", &IndexLayout{}, "i.csv, ligne 2, colonne « score », valeur « -4,5 » : score de 0 à 10 000 attendu"},
		{"infinite score", "code;score\n01001;+Inf\n", &IndexLayout{}, "i.csv, ligne 2, colonne « score », valeur « +Inf » : nombre attendu"},
		{"not a number score", "code;score\n01001;NaN\n", &IndexLayout{}, "i.csv, ligne 2, colonne « score », valeur « NaN » : nombre attendu"},
		{"huge population", "code;score;population\n01001;90;1e15\n", &IndexLayout{}, "colonne « population », valeur « 1e15 » : population de 0 à 100 000 000 attendue"},
		{"huge count", header + "01001;800;1e308;600;150;22500;12\n", nil, "i.csv, ligne 2, colonne « P19_POP65P », valeur « 1e308 » : nombre de 0 à 1 000 000 000 000 attendu"},
		{"indicator column missing", "CODGEO;P19_POP\n01001;800\n", nil, "i.csv, ligne 1 : colonne « P19_POP65P » introuvable"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.index != nil {
				_, _, err = ReadIndex(strings.NewReader(tt.data), "i.csv", *tt.index)
			} else {
				_, _, err = ReadIndicators(strings.NewReader(tt.data), "i.csv", layout, "2019")
			}
			if err == nil || !strings.Contains(failure.MessageOf(err), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
			if !errors.Is(err, failure.ErrInvalid) {
				t.Errorf("not Invalid: %v", err)
			}
		})
	}
	// Many faults: the first ten, then it stops.
	var b strings.Builder
	b.WriteString("code;score\n")
	for range 30 {
		b.WriteString("x;1\n")
	}
	_, _, err := ReadIndex(strings.NewReader(b.String()), "i.csv", IndexLayout{})
	if msg := failure.MessageOf(err); strings.Count(msg, "\n") != 10 || !strings.Contains(msg, "arrêt après 10 erreurs") {
		t.Errorf("got %q", msg)
	}
}

func TestParseLayoutErrors(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"empty", "", "d.yaml : description vide"},
		// The YAML library's words in French (review 9A, minor 8).
		{"deep nesting", strings.Repeat("[", 100000), "d.yaml : description illisible : imbrication trop profonde (plus de 10000 niveaux)"},
		{"open list", "a: [1, 2", "description illisible : ligne 1 : « , » ou « ] » attendu"},
		{"tab indent", "a:\n\t- b", "ligne 2 : caractère qui ne peut commencer aucun élément"},
		{"unknown field", "code: C\nindicateurs:\n  - cle: a\n    numerateur: A\n    denominatuer: B\n", "ligne 5 : champ « denominatuer » inconnu"},
		{"no indicator", "code: C\n", "aucun indicateur"},
		{"bad key", "indicateurs:\n  - cle: Plus 65\n    numerateur: A\n    denominateur: B\n", "indicateur n° 1 (« Plus 65 ») : clé « cle » attendue"},
		{"both", "indicateurs:\n  - cle: a\n    numerateur: A\n    denominateur: B\n    taux: T\n    base: B\n", "pas les deux"},
		{"base without rate", "indicateurs:\n  - cle: a\n    base: P\n", "base sans taux"},
		{"IRIS rate without base", "niveau: iris\nindicateurs:\n  - cle: a\n    taux: T\n", "au niveau des IRIS, la colonne base"},
		{"nothing", "indicateurs:\n  - cle: a\n", "indiquez les colonnes"},
		{"direction", "indicateurs:\n  - cle: a\n    taux: T\n    base: B\n    sens: haut\n", "sens « haut » inconnu"},
		{"level", "niveau: canton\nindicateurs:\n  - cle: a\n    taux: T\n    base: B\n", "niveau « canton » inconnu"},
		{"normalisation", "normalisation: rangs\nindicateurs:\n  - cle: a\n    taux: T\n    base: B\n", "normalisation « rangs » inconnue"},
		{"at risk key", "indicateurs:\n  - cle: a\n    taux: T\n    base: B\npersonnes_a_risque:\n  age: b\n", "age « b » n'est pas un indicateur décrit"},
		{"weight type", "indicateurs:\n  - cle: a\n    taux: T\n    base: B\n    poids: lourd\n", "ligne 5 : valeur « lourd » du mauvais type"},
		{"scale without rate", "indicateurs:\n  - cle: a\n    numerateur: A\n    denominateur: B\n    echelle: 100\n", "echelle"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLayout([]byte(tt.data), "d.yaml")
			if err == nil || !strings.Contains(failure.MessageOf(err), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
		})
	}
	// Weight 0: loaded to count people at risk, out of the composite.
	l, err := ParseLayout([]byte("indicateurs:\n  - {cle: a, numerateur: A, denominateur: B, poids: 0}\n  - {cle: b, taux: T, base: B, poids: 2}\npersonnes_a_risque: {age: a}\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c := l.Composite(); len(c.Indicators) != 1 || c.Indicators[0].Key != "b" || c.Indicators[0].Weight != 2 {
		t.Errorf("composite %+v", c)
	}
	if _, err := ParseLayout([]byte("indicateurs:\n  - {cle: a, numerateur: A, denominateur: B, poids: 0}\n"), "d.yaml"); err == nil ||
		!strings.Contains(failure.MessageOf(err), "rien à calculer") {
		t.Errorf("nothing to compute: %v", err)
	}
	// JSON is YAML.
	l, err = ParseLayout([]byte(`{"niveau": "iris", "code": "IRIS", "normalisation": "deciles", "indicateurs": [{"cle": "a", "numerateur": "A", "denominateur": "B", "sens": "-"}]}`), "d.json")
	if err != nil {
		t.Fatal(err)
	}
	if c := l.Composite(); l.Level != LevelIRIS || c.Normalisation != NormDeciles || c.Indicators[0].Direction != -1 {
		t.Errorf("%+v", l)
	}
}

// TestReadIndicatorFiles: indicators spread over files are joined by code;
// an indicator no file has, or a file with none, is refused.
func TestReadIndicatorFiles(t *testing.T) {
	l, err := ParseLayout([]byte(`indicateurs:
  - {cle: plus_65_ans, numerateur: P19_POP65P, denominateur: P19_POP}
  - {cle: peu_diplomes, numerateur: P19_NSCOL15P_DIPLMIN, denominateur: P19_NSCOL15P}
personnes_a_risque: {age: plus_65_ans, diplome: peu_diplomes}
`), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ages := "CODGEO;P19_POP;P19_POP65P\n01001;800;120\n01002;1000;300\n"
	diplomas := "CODGEO;P19_NSCOL15P;P19_NSCOL15P_DIPLMIN\n01001;600;150\n02001;400;100\n"
	table, st, err := ReadIndicatorFiles([]Input{{strings.NewReader(ages), "ages.csv"}, {strings.NewReader(diplomas), "diplomes.csv"}}, l, "2019")
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 3 || table.Source != "ages.csv, diplomes.csv" {
		t.Errorf("%+v %q", st, table.Source)
	}
	if v := table.Units["01001"].Values; v["plus_65_ans"] != (Sums{120, 800}) || v["peu_diplomes"] != (Sums{150, 600}) {
		t.Errorf("01001 %v", v)
	}
	if v := table.Units["02001"].Values; len(v) != 1 || v["peu_diplomes"] != (Sums{100, 400}) {
		t.Errorf("02001 %v", v)
	}
	_, _, err = ReadIndicatorFiles([]Input{{strings.NewReader(ages), "ages.csv"}, {strings.NewReader(ages), "ages2.csv"}}, l, "2019")
	if msg := failure.MessageOf(err); !strings.Contains(msg, "indicateur « peu_diplomes » : aucun des fichiers (ages.csv, ages2.csv) n'a ses deux colonnes") {
		t.Errorf("missing indicator: %v", err)
	}
	_, _, err = ReadIndicatorFiles([]Input{{strings.NewReader(ages), "ages.csv"}, {strings.NewReader(diplomas), "diplomes.csv"}, {strings.NewReader("CODGEO;X\n01001;1\n"), "autre.csv"}}, l, "2019")
	if msg := failure.MessageOf(err); !strings.Contains(msg, "autre.csv : aucun des indicateurs décrits n'y a ses colonnes") {
		t.Errorf("useless file: %v", err)
	}
}
