package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
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

// bigCommuneRecords makes n records of about n/2.5 places in one commune
// of a city's size (10 km across): up to four sources describe each
// place, rewriting its name, address and position a little (up to a few
// hundred metres off, as real geocodes are); a source's copy may lose its
// position. place[i] is the place record i describes.
func bigCommuneRecords(n int) (recs []Record, place_ []int) {
	rng := rand.New(rand.NewPCG(uint64(n), 11))
	kinds := []string{"Médiathèque", "France services", "Mairie annexe", "Espace numérique", "Centre social", "Tiers-lieu", "Association", "Maison de quartier"}
	// Names of people, as places and streets are named in France: each of
	// their 80 words is in about 200 names, under the bound of a bucket.
	firsts := strings.Fields("Jean Louise Victor Marie Simone Pierre Jules Émile Rosa Olympe Aimé Lucie Paul Hélène Jacques Colette " +
		"Albert Berthe Camille Denis Édith Félix Gisèle Henri Irène Joseph Lise Marcel Nadia Octave Paulette René Suzanne Théo Ursule Vincent Yvonne Zoé Georges Anne")
	lasts := strings.Fields("Moulin Michel Hugo Curie Veil Brossolette Ferry Zola Parks Gouges Césaire Aubrac Éluard Boucher Prévert Vivier " +
		"Jaurès Pasteur Voltaire Diderot Camus Sand Colette Gide Daudet Mistral Pagnol Rostand Verlaine Rimbaud Apollinaire Péguy Bergson Lumière Niépce Daguerre Ampère Arago Fresnel Carnot")
	var words, streets []string
	for _, f := range firsts {
		for _, l := range lasts {
			words = append(words, f+" "+l)
		}
	}
	for _, t := range []string{"rue", "avenue", "boulevard", "place"} {
		for _, w := range words[:100] {
			streets = append(streets, t+" "+w)
		}
	}
	const lat0, lon0, span = 48.815, 2.25, 0.09 // about 10 km by 6.6 km
	recs = make([]Record, 0, n)
	for p := 0; len(recs) < n; p++ {
		lat, lon := lat0+rng.Float64()*span, lon0+rng.Float64()*span*1.4
		nom := kinds[rng.IntN(len(kinds))] + " " + words[rng.IntN(len(words))]
		addr := fmt.Sprintf("%d %s", 1+rng.IntN(120), streets[rng.IntN(len(streets))])
		phone := fmt.Sprintf("01 %02d %02d %02d %02d", rng.IntN(100), rng.IntN(100), rng.IntN(100), rng.IntN(100))
		for s := range 1 + rng.IntN(4) {
			if len(recs) == n {
				break
			}
			l := &place.Lieu{ID: fmt.Sprintf("%d-%d", p, s), Nom: nom, Adresse: addr, CodeINSEE: "75056", Commune: "Paris",
				Coordinates: &place.Point{Lat: lat + rng.NormFloat64()*0.002, Lon: lon + rng.NormFloat64()*0.002}}
			if rng.IntN(3) > 0 {
				l.Telephone = []string{phone}
			}
			if s%2 == 1 {
				l.Nom = strings.ToUpper(l.Nom)
			}
			if rng.IntN(10) == 0 {
				l.Coordinates = nil
			}
			recs = append(recs, Record{Source: fmt.Sprintf("source-%d", s), Lieu: l})
			place_ = append(place_, p)
		}
	}
	return recs, place_
}

// BenchmarkBigCommune: candidate pairs and their scores for 8 000 records
// in one commune; truepairs counts the pairs of records of one place
// among the candidates (of allpairs).
//
//	go test -run '^$' -bench BigCommune -benchtime 1x ./internal/dedup
func BenchmarkBigCommune(b *testing.B) {
	recs, placeOf := bigCommuneRecords(8000)
	all := 0
	count := map[int]int{}
	for _, p := range placeOf {
		count[p]++
	}
	for _, c := range count {
		all += c * (c - 1) / 2
	}
	start := cpuTime(b)
	for b.Loop() {
		ix := DefaultConfig().NewIndex(recs)
		pairs := ix.Pairs()
		same, found := 0, 0
		for _, p := range pairs {
			if ix.score(p.I, p.J).Band == Same {
				same++
			}
			if placeOf[p.I] == placeOf[p.J] {
				found++
			}
		}
		b.ReportMetric(float64(len(pairs)), "pairs")
		b.ReportMetric(float64(same), "same")
		b.ReportMetric(float64(found), "truepairs")
		b.ReportMetric(float64(all), "allpairs")
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/1e9, "cpu-s/op")
}
