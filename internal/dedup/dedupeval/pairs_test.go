package dedupeval

import (
	"math"
	"strings"
	"testing"

	"maillage/internal/dedup"
)

const recA = `{"source":"france-services","fields":{"id":"1","nom":"France services de Valserhône","commune":"Valserhône","code_postal":"01200","code_insee":"01033","adresse":"5-9 Rue des Papetiers","latitude":"46.1060711578546","longitude":"5.8260084241619","telephone":"04 50 56 87 49","date_maj":"2023-07-07"}}`
const recB = `{"source":"hinaura","fields":{"id":"h-1","nom":"Maison France Services Valserhône","commune":"Valserhone","code_postal":"01200","code_insee":"01033","adresse":"5 R. des Papetiers","telephone":"+33450568749","date_maj":"2024-06-01"}}`

func line(id, label, cat, a, b string) string {
	return `{"id":"` + id + `","label":"` + label + `","category":"` + cat + `","origin":"derived","note":"n","a":` + a + `,"b":` + b + `}`
}

func TestParse(t *testing.T) {
	in := line("P1", "same", "same_renamed", recA, recB) + "\n\n" + line("P2", "distinct", "distinct_neighbours", recB, strings.Replace(recA, `"id":"1"`, `"id":"2"`, 1)) + "\n"
	pairs, err := Parse(strings.NewReader(in), "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 {
		t.Fatalf("got %d pairs, want 2", len(pairs))
	}
	p := pairs[0]
	if p.ID != "P1" || p.Label != Same || p.Category != "same_renamed" || p.Line != 1 {
		t.Errorf("pair 1 = %+v", p)
	}
	if p.A.Source != "france-services" || p.B.Source != "hinaura" {
		t.Errorf("sources = %q, %q", p.A.Source, p.B.Source)
	}
	// Records are read as the importer reads them: phones normalised.
	if got := p.A.Lieu.Telephone; len(got) != 1 || got[0] != "+33450568749" {
		t.Errorf("A telephone = %q, want normalised +33450568749", got)
	}
	if p.A.Lieu.Coordinates == nil || p.B.Lieu.Coordinates != nil {
		t.Errorf("coordinates: A %v, B %v", p.A.Lieu.Coordinates, p.B.Lieu.Coordinates)
	}
	if pairs[1].Label != Distinct || pairs[1].Line != 3 {
		t.Errorf("pair 2 = %+v", pairs[1])
	}
}

func TestParseErrors(t *testing.T) {
	same := line("P1", "same", "same_renamed", recA, recB)
	tests := []struct {
		name, in, want string
	}{
		{"bad json", "{", "x.jsonl, ligne 1 : JSON illisible"},
		{"unknown key", strings.Replace(same, `"note"`, `"remarque"`, 1), "JSON illisible"},
		{"no id", strings.Replace(same, `"id":"P1"`, `"id":""`, 1), "« id » vide"},
		{"bad label", strings.Replace(same, `"label":"same"`, `"label":"oui"`, 1), `label "oui" inconnu`},
		{"bad category", strings.Replace(same, `same_renamed`, `same_x`, 1), `catégorie "same_x" inconnue`},
		{"label against category", strings.Replace(same, `same_renamed`, `distinct_neighbours`, 1), "contraire à la catégorie"},
		{"bad origin", strings.Replace(same, `"origin":"derived"`, `"origin":"made"`, 1), `origine "made"`},
		{"unknown field", strings.Replace(same, `"nom":"France`, `"name":"France`, 1), `enregistrement a : champ "name" inconnu`},
		{"rejected record", strings.Replace(same, `"date_maj":"2024-06-01"`, `"date_maj":""`, 1), "enregistrement b : enregistrement rejeté"},
		{"no source", strings.Replace(same, `"source":"hinaura"`, `"source":""`, 1), "« source » vide"},
		{"same record", line("P1", "same", "same_renamed", recA, recA), "même source (france-services) et le même id (1)"},
		{"id twice", same + "\n" + line("P1", "distinct", "distinct_neighbours", recB, strings.Replace(recA, `"id":"1"`, `"id":"2"`, 1)), "ligne 2 : identifiant de paire \"P1\" déjà utilisé ligne 1"},
		{"pair twice", same + "\n" + line("P2", "same", "same_address_variant", recB, recA), "ligne 2 : paire P2 : les mêmes deux enregistrements que la ligne 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in), "x.jsonl")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	mk := func(id string, l Label, cat string) Pair {
		return Pair{ID: id, Label: l, Category: cat}
	}
	pairs := []Pair{
		mk("s1", Same, "same_renamed"),
		mk("s2", Same, "same_renamed"),
		mk("s3", Same, "same_renamed"),
		mk("s4", Same, "same_geocode_offset"),
		mk("d1", Distinct, "distinct_neighbours"),
		mk("d2", Distinct, "distinct_neighbours"),
		mk("d3", Distinct, "distinct_same_building"),
	}
	// The band each pair gets, by pair id carried in the record's source.
	bands := map[string]dedup.Band{
		"s1": dedup.Same, "s2": dedup.Review, "s3": dedup.Distinct, "s4": dedup.Same,
		"d1": dedup.Same, "d2": dedup.Review, "d3": dedup.Distinct,
	}
	for i := range pairs {
		pairs[i].A.Source = pairs[i].ID
	}
	r := Evaluate(pairs, func(a, b dedup.Record) dedup.Band { return bands[a.Source] })
	tot := r.Total
	if tot.SameAs != [3]int{1, 1, 2} || tot.DistinctAs != [3]int{1, 1, 1} {
		t.Fatalf("confusion = %+v", tot)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"precision", tot.Precision(), 2.0 / 3},
		{"recall", tot.Recall(), 2.0 / 4},
		{"recall with review", tot.RecallWithReview(), 3.0 / 4},
		{"precision with review", tot.PrecisionWithReview(), 3.0 / 5},
		{"false merge rate", tot.FalseMergeRate(), 1.0 / 3},
		{"renamed recall", r.ByCategory["same_renamed"].Recall(), 1.0 / 3},
		{"neighbours false merges", r.ByCategory["distinct_neighbours"].FalseMergeRate(), 1.0 / 2},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !math.IsNaN(r.ByCategory["distinct_same_building"].Precision()) {
		t.Errorf("precision without merges should be NaN")
	}
	wrong := 0
	for _, o := range r.Outcomes {
		if o.Wrong() {
			wrong++
		}
	}
	if wrong != 3 { // s2, s3 not merged, d1 merged
		t.Errorf("%d wrong outcomes, want 3", wrong)
	}
	var b strings.Builder
	if err := r.WriteTable(&b, "test"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"matcher: test — 7 pairs (4 same, 3 distinct)", "precision 0.667, recall 0.500", "same_renamed", "distinct_neighbours"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	// Categories in the declared order: same_renamed before same_geocode_offset.
	if strings.Index(b.String(), "same_renamed") > strings.Index(b.String(), "same_geocode_offset") {
		t.Errorf("categories out of order:\n%s", b.String())
	}
}
