package dedupeval

import (
	"fmt"
	"slices"
	"testing"

	"maillage/internal/dedup"
	"maillage/internal/place"
)

// TestBlockingRecallInBigCommunes: the labelled pairs of one place in one
// commune that the matcher would merge or put to review are still
// candidate pairs when their commune is too big to compare pairwise (a
// city of thousands of places: filler records, unrelated, make it so).
func TestBlockingRecallInBigCommunes(t *testing.T) {
	pairs, err := Benchmark()
	if err != nil {
		t.Fatal(err)
	}
	cfg := dedup.DefaultConfig()
	tried, missed := 0, 0
	for _, p := range pairs {
		a, b := p.A.Lieu, p.B.Lieu
		if p.Label != Same || a.CodeINSEE == "" || a.CodeINSEE != b.CodeINSEE || cfg.Match(p.A, p.B) == dedup.Distinct {
			continue
		}
		recs := []dedup.Record{p.A, p.B}
		for i := range cfg.MaxBucket {
			recs = append(recs, dedup.Record{Source: "remplissage", Lieu: &place.Lieu{ID: fmt.Sprint(i), Nom: fmt.Sprintf("Lieu %c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676), CodeINSEE: a.CodeINSEE}})
		}
		tried++
		if !slices.Contains(cfg.NewIndex(recs).Pairs(), dedup.Pair{I: 0, J: 1}) {
			missed++
			t.Errorf("%s: « %s », %s / « %s », %s: not a candidate in a big commune", p.ID, a.Nom, a.Adresse, b.Nom, b.Adresse)
		}
	}
	t.Logf("%d of %d pairs missed", missed, tried)
}
