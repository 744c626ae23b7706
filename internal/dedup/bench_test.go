package dedup

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"maillage/internal/place"
)

// syntheticRecords makes n records of about n/2.5 places described by up to
// five sources, each rewriting names, addresses and positions a little, in
// communes of about thirty places each: the shape of a region's overlapping
// sources.
func syntheticRecords(n int) []Record {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	kinds := []string{"Médiathèque", "France services", "Mairie", "Espace numérique", "Centre social", "Tiers-lieu", "Association"}
	words := []string{"Jean Moulin", "Louise Michel", "des Tilleuls", "du Centre", "Victor Hugo", "la Fontaine", "les Genêts", "Pasteur", "Jaurès", "Curie", "du Lac", "des Alpes"}
	streets := []string{"rue", "avenue", "place", "boulevard", "chemin"}
	recs := make([]Record, 0, n)
	for p := 0; len(recs) < n; p++ {
		commune := p / 30
		insee := fmt.Sprintf("%05d", 1000+commune)
		lat := 43 + float64(commune%60)*0.12 + rng.Float64()*0.05
		lon := -1 + float64(commune/60%70)*0.1 + rng.Float64()*0.05
		nom := fmt.Sprintf("%s %s", kinds[rng.IntN(len(kinds))], words[rng.IntN(len(words))])
		addr := fmt.Sprintf("%d %s %s", 1+rng.IntN(80), streets[rng.IntN(len(streets))], words[rng.IntN(len(words))])
		phone := fmt.Sprintf("04 %02d %02d %02d %02d", rng.IntN(100), rng.IntN(100), rng.IntN(100), rng.IntN(100))
		copies := 1 + rng.IntN(4)
		for s := 0; s < copies && len(recs) < n; s++ {
			l := &place.Lieu{
				ID: fmt.Sprintf("%d-%d", p, s), Nom: nom, Adresse: addr, CodeINSEE: insee, Commune: "Commune " + insee,
				Coordinates: &place.Point{Lat: lat + rng.NormFloat64()*0.002, Lon: lon + rng.NormFloat64()*0.002},
				Telephone:   []string{phone},
			}
			if s%2 == 1 {
				l.Nom = "  " + l.Nom + " de Commune " + insee
			}
			recs = append(recs, Record{Source: fmt.Sprintf("source-%d", s), Lieu: l})
		}
	}
	return recs
}

// BenchmarkBlockAndScore: index, candidate pairs and scores of every pair,
// at 25 000, 50 000 and 100 000 records (the merge run without storage).
//
//	go test -run '^$' -bench BlockAndScore -benchtime 1x ./internal/dedup
func BenchmarkBlockAndScore(b *testing.B) {
	for _, n := range []int{25000, 50000, 100000} {
		recs := syntheticRecords(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			start := cpuTime(b)
			for b.Loop() {
				ix := DefaultConfig().NewIndex(recs)
				pairs := ix.Pairs()
				same := 0
				for _, p := range pairs {
					if ix.score(p.I, p.J).Band == Same {
						same++
					}
				}
				b.ReportMetric(float64(len(pairs)), "pairs")
				b.ReportMetric(float64(same), "same")
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/1e9, "cpu-s/op")
		})
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
