package web

import (
	"fmt"
	"io"
	"testing"

	"maillage/internal/guide"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/store/storetest"
)

// BenchmarkGuideDepartement500: the booklet of a département of 500
// places (a registry of 5 000), gathered and printed with its 500 QR
// codes, as /guides and maillage guide do (BENCHMARKS.md).
func BenchmarkGuideDepartement500(b *testing.B) {
	ref := storetest.Referential()
	var ls []*place.Lieu
	for i := 0; i < 5000; i++ {
		in81 := i%10 == 0
		l := lieu(fmt.Sprintf("l-%05d", i), 43.6+float64(i%50)/1000, 1.44+float64(i%70)/1000, func(l *place.Lieu) {
			l.Nom = fmt.Sprintf("Espace numérique %d", i)
			l.Commune, l.CodeINSEE, l.CodePostal = "Toulouse", "31555", "31000"
			if in81 {
				l.Commune, l.CodeINSEE, l.CodePostal = "Albi", "81004", "81000"
				if i%20 == 0 {
					l.Commune, l.CodeINSEE, l.CodePostal = "Castres", "81065", "81100"
				}
			}
			l.Horaires = []string{"Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Tu,Th 14:00-18:00; Sa 09:00-12:00", "We 10:00-12:00"}[i%3]
		})
		ls = append(ls, &l)
	}
	ix := search.Build(ls, ref, monday10h)
	t, err := guide.Lookup("departement", "81", ref)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g, err := guide.Build(ix, t, "", monday10h)
		if err != nil {
			b.Fatal(err)
		}
		if g.Count != 500 {
			b.Fatalf("%d places", g.Count)
		}
		if err := RenderGuide(io.Discard, g, GuideOptions{BaseURL: "https://hub.exemple.fr", Source: "test", Now: monday10h}); err != nil {
			b.Fatal(err)
		}
	}
}
