package dedup

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
	// 400 records in one commune sharing one switchboard number: with
	// MaxBucket 100 neither the commune nor the phone forms all pairs;
	// records sharing a name word still meet.
	recs := make([]Record, 400)
	for i := range recs {
		recs[i] = Record{Source: "s", Lieu: &place.Lieu{
			ID: fmt.Sprint(i), Nom: fmt.Sprintf("Médiathèque %s", []string{"Alpha", "Beta", "Gamma", "Delta"}[i%4]),
			CodeINSEE: "75056", Telephone: []string{"01 00 00 00 00"},
		}}
	}
	cfg := DefaultConfig()
	cfg.MaxBucket = 100
	pairs := cfg.NewIndex(recs).Pairs()
	// Records meet those sharing their distinctive word (100 each); the
	// kind all 400 share ("bibliotheque") is too common to form pairs.
	if want := 4 * 100 * 99 / 2; len(pairs) != want {
		t.Errorf("%d pairs, want %d (within each name word)", len(pairs), want)
	}
	for i := range recs {
		recs[i].Lieu.Nom = fmt.Sprintf("Association %d%c", i, 'a'+i%26)
	}
	if pairs := cfg.NewIndex(recs).Pairs(); len(pairs) != 0 {
		t.Errorf("%d pairs, want none (no shared word, commune too big, switchboard)", len(pairs))
	}
}
