package dedup

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"maillage/internal/place"
)

// randomRecords makes n records in a few communes of a small area, with a
// few shared contacts, some without coordinates or commune.
func randomRecords(rng *rand.Rand, n int) []Record {
	recs := make([]Record, n)
	for i := range recs {
		l := &place.Lieu{ID: fmt.Sprint(i), Nom: fmt.Sprintf("Lieu %d", rng.IntN(50))}
		if rng.IntN(10) > 0 {
			l.CodeINSEE = fmt.Sprintf("0100%d", rng.IntN(8))
		} else if rng.IntN(2) == 0 {
			l.Commune = fmt.Sprintf("Commune %d", rng.IntN(3))
		}
		if rng.IntN(5) > 0 {
			l.Coordinates = &place.Point{Lat: 46 + rng.Float64()*0.1, Lon: 5 + rng.Float64()*0.1}
		}
		if rng.IntN(4) == 0 {
			l.Telephone = []string{fmt.Sprintf("04 74 00 00 %02d", rng.IntN(20))}
		}
		if rng.IntN(4) == 0 {
			l.Courriels = []string{fmt.Sprintf("c%d@exemple.fr", rng.IntN(20))}
		}
		if rng.IntN(4) == 0 {
			l.Pivot = fmt.Sprintf("1234567890%04d", rng.IntN(20))
		}
		if rng.IntN(4) == 0 {
			l.SiteWeb = []string{fmt.Sprintf("https://www.site%d.fr/page%d", rng.IntN(20), i)}
		}
		recs[i] = Record{Source: "s", Lieu: l}
	}
	return recs
}

// bruteForce compares every pair with the blocking rules written out.
func bruteForce(recs []Record, radius float64) []Pair {
	shares := func(a, b []string, norm func(string) string) bool {
		for _, x := range a {
			for _, y := range b {
				if nx := norm(x); nx != "" && nx == norm(y) {
					return true
				}
			}
		}
		return false
	}
	var out []Pair
	for i := range recs {
		for j := i + 1; j < len(recs); j++ {
			a, b := recs[i].Lieu, recs[j].Lieu
			siret := ParsePivot(a.Pivot).SIRET
			if a.CodeINSEE != "" && a.CodeINSEE == b.CodeINSEE ||
				a.CodeINSEE == "" && b.CodeINSEE == "" && a.Commune != "" && fold(a.Commune) == fold(b.Commune) ||
				a.Coordinates != nil && b.Coordinates != nil && distanceMetres(*a.Coordinates, *b.Coordinates) <= radius ||
				shares(a.Telephone, b.Telephone, NormalizePhone) ||
				shares(a.Courriels, b.Courriels, NormalizeEmail) ||
				siret != "" && siret == ParsePivot(b.Pivot).SIRET ||
				shares(a.SiteWeb, b.SiteWeb, WebsiteDomain) {
				out = append(out, Pair{i, j})
			}
		}
	}
	return out
}

func TestBlockingFindsWhatBruteForceFinds(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 1))
		recs := randomRecords(rng, 300)
		cfg := DefaultConfig()
		want := bruteForce(recs, cfg.Radius)
		ix := cfg.NewIndex(recs)
		if got := ix.Pairs(); !slices.Equal(got, want) {
			t.Fatalf("seed %d: %d pairs, brute force %d; first difference %v", seed, len(got), len(want), firstDiff(got, want))
		}
		// Incremental: the pairs that involve the changed records.
		changed := []int{3, 7, 8, 150, 299}
		var wantOf []Pair
		for _, p := range want {
			if slices.Contains(changed, p.I) || slices.Contains(changed, p.J) {
				wantOf = append(wantOf, p)
			}
		}
		if got := ix.PairsOf(changed); !slices.Equal(got, wantOf) {
			t.Fatalf("seed %d: PairsOf %d pairs, want %d; first difference %v", seed, len(got), len(wantOf), firstDiff(got, wantOf))
		}
		if got := ix.PairsOf(nil); len(got) != 0 {
			t.Errorf("PairsOf(nil) = %d pairs, want none", len(got))
		}
	}
}

func firstDiff(a, b []Pair) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("at %d: %v / %v", i, a[i], b[i])
		}
	}
	return "one list is a prefix of the other"
}

func TestBlockingBoundsBigBuckets(t *testing.T) {
	// 400 records without position in one commune sharing one switchboard
	// number: with MaxBucket 100 neither the commune nor the phone forms
	// all pairs; records sharing a rare name word still meet.
	words := strings.Fields("Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi")
	recs := make([]Record, 400)
	for i := range recs {
		recs[i] = Record{Source: "s", Lieu: &place.Lieu{
			ID: fmt.Sprint(i), Nom: "Médiathèque " + words[i%16],
			CodeINSEE: "75056", Telephone: []string{"01 00 00 00 00"},
		}}
	}
	cfg := DefaultConfig()
	cfg.MaxBucket = 100
	pairs := cfg.NewIndex(recs).Pairs()
	// Records meet those sharing their distinctive word (25 each); the
	// kind all 400 share ("bibliotheque") is too common to form pairs.
	if want := 16 * 25 * 24 / 2; len(pairs) != want {
		t.Errorf("%d pairs, want %d (within each name word)", len(pairs), want)
	}
	// Four words of 100 records each: too common in the commune to pair
	// records without a position.
	for i := range recs {
		recs[i].Lieu.Nom = "Médiathèque " + words[i%4]
	}
	if pairs := cfg.NewIndex(recs).Pairs(); len(pairs) != 0 {
		t.Errorf("%d pairs, want none (common words, no positions)", len(pairs))
	}
	for i := range recs {
		recs[i].Lieu.Nom = fmt.Sprintf("Association %d%c", i, 'a'+i%26)
	}
	if pairs := cfg.NewIndex(recs).Pairs(); len(pairs) != 0 {
		t.Errorf("%d pairs, want none (no shared word, commune too big, switchboard)", len(pairs))
	}
}

// TestBlockingInBigCommunes: in a commune too big to compare pairwise,
// records are compared when they share a rare name word, a name word and
// are near each other, or a postal address; besides the position and the
// contacts. The index finds what the rules written out find, whole and
// incrementally.
func TestBlockingInBigCommunes(t *testing.T) {
	for seed := range uint64(4) {
		rng := rand.New(rand.NewPCG(seed, 3))
		recs := randomRecords(rng, 400)
		for _, r := range recs {
			r.Lieu.Nom = fmt.Sprintf("Lieu %s %s", []string{"Jaurès", "Pasteur", "Curie", "Zola"}[rng.IntN(4)], fmt.Sprint(rng.IntN(120)))
			if rng.IntN(3) > 0 {
				r.Lieu.Adresse = fmt.Sprintf("%d rue %s", 1+rng.IntN(5), []string{"Hugo", "Sand", "Camus"}[rng.IntN(3)])
			}
			if r.Lieu.CodeINSEE != "" {
				r.Lieu.CodeINSEE = fmt.Sprintf("0100%d", rng.IntN(2))
			}
		}
		// Two communes of about 180 records are big; their four words
		// (about 45 records each) are neither rare nor too common; the
		// communes named only (about 13 records each) are small.
		cfg := DefaultConfig()
		cfg.MaxBucket = 100
		ix := cfg.NewIndex(recs)
		want := bruteForceBig(ix)
		if got := ix.Pairs(); !slices.Equal(got, want) {
			t.Fatalf("seed %d: %d pairs, rules written out %d; first difference %v", seed, len(got), len(want), firstDiff(got, want))
		}
		changed := []int{0, 5, 77, 200, 399}
		var wantOf []Pair
		for _, p := range want {
			if slices.Contains(changed, p.I) || slices.Contains(changed, p.J) {
				wantOf = append(wantOf, p)
			}
		}
		if got := ix.PairsOf(changed); !slices.Equal(got, wantOf) {
			t.Fatalf("seed %d: PairsOf %d pairs, want %d; first difference %v", seed, len(got), len(wantOf), firstDiff(got, wantOf))
		}
	}
}

// bruteForceBig compares every pair of the index's records with the
// blocking rules written out, MaxBucket included.
func bruteForceBig(ix *Index) []Pair {
	count := map[string]int{}
	add := func(k string) { count[k]++ }
	for _, p := range ix.recs {
		c := communeKey(p)
		if c != "" {
			add(c)
		}
		for _, k := range contactKeys(p) {
			add(k)
		}
	}
	for _, p := range ix.recs {
		c := communeKey(p)
		if c == "" || count[c] <= ix.cfg.MaxBucket {
			continue
		}
		for _, w := range nameKeys(p) {
			add(c + "|" + w)
		}
		if a := addressKey(p); a != "" {
			add(c + "@" + a)
		}
	}
	shared := func(a, b []string, prefix string, ok func(n int) bool) bool {
		for _, x := range a {
			if slices.Contains(b, x) && ok(count[prefix+x]) {
				return true
			}
		}
		return false
	}
	bounded := func(n int) bool { return n <= ix.cfg.MaxBucket }
	var out []Pair
	for i, a := range ix.recs {
		for j := i + 1; j < len(ix.recs); j++ {
			b := ix.recs[j]
			c := communeKey(a)
			near := a.point != nil && b.point != nil && distanceMetres(*a.point, *b.point) <= ix.cfg.Radius
			contacts := shared(contactKeys(a), contactKeys(b), "", bounded)
			commune := false
			if c != "" && c == communeKey(b) {
				if count[c] <= ix.cfg.MaxBucket {
					commune = true
				} else {
					words := shared(nameKeys(a), nameKeys(b), c+"|", func(n int) bool {
						if n <= bigCommuneRareWord {
							return true
						}
						if a.point == nil || b.point == nil {
							return n <= ix.cfg.MaxBucket && AddressSimilarity(a.addr, b.addr) >= 0.8
						}
						return n <= ix.cfg.MaxBucket && within(a, b, bigCommuneReach)
					})
					address := addressKey(a) != "" && addressKey(a) == addressKey(b) && bounded(count[c+"@"+addressKey(a)])
					commune = words || address
				}
			}
			if near || contacts || commune {
				out = append(out, Pair{i, j})
			}
		}
	}
	return out
}

// TestBlockingBigCommuneWithoutPositions: in a commune too big to compare
// pairwise, two records of one place that share only a common name word
// (neither rare nor too common) and an address spelled differently meet
// when one of them, or both, has no position (a failed geocode, no
// geocoder): the same street with the same number, 12 and 12bis alike, or
// a number on one side only.
func TestBlockingBigCommuneWithoutPositions(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	quarters := []string{"Croix-Rousse", "Guillotière", "Monplaisir", "Vaise"}
	kinds := []string{"Point numérique", "Maison de quartier", "Bibliothèque", "Espace numérique", "Centre social"}
	lyon := func(id, nom, adresse string, pt *place.Point) *place.Lieu {
		return &place.Lieu{ID: id, Nom: nom, Adresse: adresse, CodeINSEE: "69123", CodePostal: "69004", Commune: "Lyon", Coordinates: pt}
	}
	var filler []Record
	for i := range 400 {
		q := quarters[i%len(quarters)]
		pt := &place.Point{Lat: 45.72 + rng.Float64()*0.06, Lon: 4.80 + rng.Float64()*0.08}
		filler = append(filler, Record{Source: "ville", Lieu: lyon(fmt.Sprint("v", i), fmt.Sprintf("%s %s %d", kinds[i%len(kinds)], q, i), fmt.Sprintf("%d rue %s", 200+i, q), pt)})
	}
	pt := &place.Point{Lat: 45.745, Lon: 4.842}
	tests := []struct {
		name string
		a, b *place.Lieu
	}{
		{"no position, street misspelt",
			lyon("a", "Point numérique Guillotière", "8 rue Béchevelin", nil),
			lyon("b", "Point numérique de la Guillotière", "8 r. Bechevellin", nil)},
		{"one position, street abbreviated and misspelt",
			lyon("a", "Espace numérique Monplaisir", "21 avenue des Frères Lumière", pt),
			lyon("b", "Espace numérique de Monplaisir", "21 av. Freres Lumieres", nil)},
		{"no position, 3 and 3bis",
			lyon("a", "Maison de quartier Vaise", "3 rue Saint-Pierre-de-Vaise", nil),
			lyon("b", "Maison de quartier de Vaise", "3bis rue Saint-Pierre-de-Vaise", nil)},
		{"one position, a number on one side only",
			lyon("a", "Centre social Croix-Rousse", "place de la Croix-Rousse", nil),
			lyon("b", "Centre social de la Croix-Rousse", "4 place de la Croix-Rousse", pt)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := append(slices.Clone(filler), Record{Source: "x", Lieu: tt.a}, Record{Source: "y", Lieu: tt.b})
			cfg := DefaultConfig()
			if len(recs) <= cfg.MaxBucket {
				t.Fatalf("%d records: the commune is not big", len(recs))
			}
			ix := cfg.NewIndex(recs)
			i, j := len(recs)-2, len(recs)-1
			if s := ix.Compare(i, j); s.Band == Distinct {
				t.Fatalf("the matcher does not act on this pair (%v, %v): not a test of blocking", s.Band, s.Total)
			}
			if !slices.Contains(ix.Pairs(), Pair{i, j}) {
				t.Errorf("%q / %q not a candidate pair", tt.a.Nom, tt.b.Nom)
			}
			if !slices.Contains(ix.PairsOf([]int{j}), Pair{i, j}) {
				t.Errorf("%q / %q not a candidate pair of the changed record", tt.a.Nom, tt.b.Nom)
			}
		})
	}
}
