package search

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store/storetest"
	"maillage/internal/territory"
)

func TestFoldName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Médiathèque de Cantepau", "mediatheque de cantepau"},
		{"EPN  l'Œuf — Saint-Étienne", "epn l oeuf saint etienne"},
		{"ÉCOLE ÀÉÎÕÜ çà", "ecole aeiou ca"},
		{"Straße 12", "strasse 12"},
		{"Ærø Łódź Čapek", "aero lodz capek"},
		{"Ελληνικά", "ελληνικά"}, // other letters: lower case only
		{"  -- ", ""},
	} {
		if got := string(foldName(nil, tc.in)); got != tc.want {
			t.Errorf("foldName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// The same as territory.Fold on French names (but for its « st » → « saint »).
	for _, s := range []string{"Espace numérique d'Albi", "Tiers-lieu « La Forge »", "Médiathèque Pierre-Amalric", "CCAS de L'Haÿ-les-Roses", "Maison France Services Œuvre"} {
		if got, want := string(foldName(nil, s)), territory.Fold(s); got != want {
			t.Errorf("foldName(%q) = %q, territory.Fold = %q", s, got, want)
		}
	}
}

func TestSearchByName(t *testing.T) {
	names := map[string]string{
		"m1": "Médiathèque de Cantepau",
		"m2": "MEDIATHEQUE PIERRE-AMALRIC",
		"e1": "Espace public numérique d'Albi",
		"e2": "Tiers-lieu L'Atelier numérique",
		"c1": "Centre social Œuvre Saint-Joseph",
	}
	var ls []*place.Lieu
	for id, n := range names {
		ls = append(ls, lieu(id, 43.93, 2.15, func(l *place.Lieu) { l.Nom = n }))
	}
	ix := Build(ls, storetest.Referential(), monday10h)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"médiathèque", []string{"m1", "m2"}},
		{"MEDIATHEQUE", []string{"m1", "m2"}},
		{"media", []string{"m1", "m2"}},
		{"media cantepau", []string{"m1"}},
		{"cantepau média", []string{"m1"}},
		{"numerique", []string{"e1", "e2"}},
		{"atelier", []string{"e2"}},
		{"l'atelier", []string{"e2"}},
		{"oeuvre", []string{"c1"}},
		{"œuvre saint-joseph", []string{"c1"}},
		{"theque", nil}, // words begin with the query's words
		{"cantepaux", nil},
		{"  ", []string{"c1", "e1", "e2", "m1", "m2"}},
	} {
		r := ix.Search(Query{Name: tc.q})
		got := ids(r)
		if !eq(sorted(got), tc.want) || r.Total != len(tc.want) {
			t.Errorf("q=%q: %v (total %d), want %v", tc.q, got, r.Total, tc.want)
		}
	}
	// Facet counts and clusters follow the name.
	r := ix.Search(Query{Name: "media"})
	if n := facetTotal(r.Facets[FacetServices]); n == 0 || n > 2*len(place.Services.Values) {
		t.Errorf("facets with q=media: %+v", r.Facets[FacetServices])
	}
	cs := ix.Clusters(Query{Name: "media"}, BBox{South: 43, West: 1, North: 45, East: 3}, 5)
	total := 0
	for _, c := range cs {
		total += c.Count
	}
	if total != 2 {
		t.Errorf("clusters with q=media: %d places, want 2", total)
	}
}

func facetTotal(fvs []FacetValue) int {
	n := 0
	for _, fv := range fvs {
		n += fv.Count
	}
	return n
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// BenchmarkSearchName: name queries over all of 100 000 places, with no
// other filter (every name is folded): one that matches no place (the cost
// of matching alone) and one that matches 10 % of them (then sorting the
// hits by name dominates). cpu-ms/op is the process's CPU time, less
// sensitive than ns/op to a busy machine.
func BenchmarkSearchName(b *testing.B) {
	ix := realistic(b, 100000)
	for _, name := range []string{"zzzz", "mediatheque"} {
		b.Run(name, func(b *testing.B) {
			q := Query{Name: name, PerPage: 20, NoFacets: true}
			total := 0
			start := cpuTime(b)
			for b.Loop() {
				total = ix.Search(q).Total
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N)/1e6, "cpu-ms/op")
			b.ReportMetric(float64(total), "results")
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

// FuzzNameQuery: any query compiles; a folded name has no capital ASCII
// letter and no stray space; a name always matches itself.
func FuzzNameQuery(f *testing.F) {
	for _, s := range []string{"Médiathèque de Cantepau", "l'Œuf", "  ", "ß", "\xff\xfe", "a\u0301b", "EPN — St-Juéry"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := string(foldName(nil, s))
		if strings.HasPrefix(folded, " ") || strings.HasSuffix(folded, " ") || strings.Contains(folded, "  ") {
			t.Fatalf("foldName(%q) = %q: stray space", s, folded)
		}
		for i := 0; i < len(folded); i++ {
			if folded[i] >= 'A' && folded[i] <= 'Z' {
				t.Fatalf("foldName(%q) = %q: a capital", s, folded)
			}
		}
		if m := compileName(s); m != nil && len(s) <= MaxNameQuery && !m.match(s) {
			t.Fatalf("%q does not match itself", s)
		}
	})
}
