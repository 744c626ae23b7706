package standardtest_test

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/standard"
	"maillage/internal/standard/standardtest"
)

func generate(t *testing.T, cfg standardtest.SourcesConfig) (dir, truth string) {
	t.Helper()
	s, err := standardtest.NewSources(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	truth = filepath.Join(dir, "verite.csv")
	if err := s.WriteDir(dir, truth); err != nil {
		t.Fatal(err)
	}
	return dir, truth
}

func TestSourcesReproducible(t *testing.T) {
	cfg := standardtest.SourcesConfig{Sources: 3, PerSource: 400, Seed: 7}
	a, ta := generate(t, cfg)
	b, tb := generate(t, cfg)
	cfg.Seed = 8
	c, _ := generate(t, cfg)
	read := func(p string) []byte {
		t.Helper()
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for i := 1; i <= 3; i++ {
		name := standardtest.SourceFile(i)
		if !bytes.Equal(read(filepath.Join(a, name)), read(filepath.Join(b, name))) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		if bytes.Equal(read(filepath.Join(a, name)), read(filepath.Join(c, name))) {
			t.Errorf("%s is the same for seeds 7 and 8", name)
		}
	}
	if !bytes.Equal(read(ta), read(tb)) {
		t.Error("the truth differs between two runs with the same seed")
	}
}

func TestSourcesConfig(t *testing.T) {
	for _, cfg := range []standardtest.SourcesConfig{
		{Sources: 0, PerSource: 10}, {Sources: standardtest.MaxSources + 1, PerSource: 10}, {Sources: 2, PerSource: 0},
	} {
		if _, err := standardtest.NewSources(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

// record is what the real scanner read of one record, and which place
// the truth says it describes.
type record struct {
	source int
	lieu   place.Lieu
	truth  string
}

// load validates every file with the standard's scanner (what `maillage
// validate` runs) and joins the truth to the records.
func load(t *testing.T, dir, truth string, sources, perSource int) []record {
	t.Helper()
	var recs []record
	index := map[string]int{} // "source-i\x00id" → recs index
	for i := 1; i <= sources; i++ {
		name := standardtest.SourceFile(i)
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sc, err := standard.NewScanner(f, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range sc.FileDiagnostics {
			t.Errorf("%s: file diagnostic %s: %s", name, d.Rule, d.Message)
		}
		for sc.Scan() {
			en := sc.Entry()
			for _, d := range en.Diagnostics {
				switch {
				case d.Severity == place.Error:
					t.Errorf("%s line %d: error %s on %s %q: %s", name, d.Line, d.Rule, d.Field, d.Value, d.Message)
				case d.Rule == place.RuleINSEEPostcode || d.Rule == place.RuleINSEE || d.Rule == place.RuleSiretLuhn ||
					d.Rule == place.RulePhone || d.Rule == place.RuleEmail || d.Rule == place.RuleURL || d.Rule == place.RuleCoordinates:
					t.Errorf("%s line %d: warning %s on %s %q: %s", name, d.Line, d.Rule, d.Field, d.Value, d.Message)
				}
			}
			key := strings.TrimSuffix(name, ".csv") + "\x00" + en.Lieu.ID
			index[key] = len(recs)
			recs = append(recs, record{source: i, lieu: en.Lieu})
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		sc.Close()
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if sc.Summary.Read != perSource || sc.Summary.Rejected != 0 || sc.Summary.Errors != 0 {
			t.Errorf("%s: %+v, want %d records read, none rejected, no error", name, sc.Summary, perSource)
		}
	}
	if len(index) != len(recs) {
		t.Fatalf("%d records but %d distinct (source, id)", len(recs), len(index))
	}
	f, err := os.Open(truth)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "source,id,lieu" {
		t.Fatalf("truth header: %v", rows[:min(1, len(rows))])
	}
	if len(rows)-1 != len(recs) {
		t.Errorf("truth: %d rows for %d records", len(rows)-1, len(recs))
	}
	for _, row := range rows[1:] {
		j, ok := index[row[0]+"\x00"+row[1]]
		switch {
		case !ok:
			t.Fatalf("truth names a record no file holds: %v", row)
		case recs[j].truth != "":
			t.Fatalf("truth names a record twice: %v", row)
		case !strings.HasPrefix(row[2], "lieu-"):
			t.Fatalf("truth: place %q", row[2])
		}
		recs[j].truth = row[2]
	}
	return recs
}

func metres(a, b *place.Point) float64 {
	const r = 6371000
	la1, la2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dla, dlo := la2-la1, (b.Lon-a.Lon)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

func TestSourcesSizes(t *testing.T) {
	for _, tc := range []struct{ sources, perSource int }{{1, 150}, {2, 300}, {3, 500}, {7, 200}} {
		t.Run(strconv.Itoa(tc.sources), func(t *testing.T) {
			dir, truth := generate(t, standardtest.SourcesConfig{Sources: tc.sources, PerSource: tc.perSource, Seed: 3})
			recs := load(t, dir, truth, tc.sources, tc.perSource)
			bySource := map[string]map[int]bool{}
			for _, r := range recs {
				if bySource[r.truth] == nil {
					bySource[r.truth] = map[int]bool{}
				}
				if bySource[r.truth][r.source] {
					t.Errorf("%s described twice by source %d", r.truth, r.source)
				}
				bySource[r.truth][r.source] = true
			}
			for lieu, ss := range bySource {
				if len(ss) > min(5, tc.sources) {
					t.Errorf("%s in %d sources", lieu, len(ss))
				}
			}
			if tc.sources == 1 && len(bySource) != tc.perSource {
				t.Errorf("one source: %d places for %d records", len(bySource), tc.perSource)
			}
		})
	}
}

func TestSourcesRealistic(t *testing.T) {
	const sources, perSource = 5, 3000
	dir, truth := generate(t, standardtest.SourcesConfig{Sources: sources, PerSource: perSource, Seed: 1})
	recs := load(t, dir, truth, sources, perSource)
	total := sources * perSource

	// Each file has its own id scheme.
	schemes := []*regexp.Regexp{
		regexp.MustCompile(`^[a-z]+-\d{5}$`),
		regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
		regexp.MustCompile(`^\d{6,7}$`),
		regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`),
		regexp.MustCompile(`^\d[0-9AB]\d{3}-\d{3}$`),
	}
	for _, r := range recs {
		if !schemes[r.source-1].MatchString(r.lieu.ID) {
			t.Fatalf("source %d: id %q is not of its scheme %s", r.source, r.lieu.ID, schemes[r.source-1])
		}
	}

	byLieu := map[string][]*record{}
	for i := range recs {
		byLieu[recs[i].truth] = append(byLieu[recs[i].truth], &recs[i])
	}
	places := len(byLieu)
	if lo, hi := total*10/28, total*10/22; places < lo || places > hi {
		t.Errorf("%d places for %d records, want %d–%d (≈ 1 per 2.5 records)", places, total, lo, hi)
	}
	counts := map[int]int{}
	communeOf := map[string]string{}
	for lieu, rs := range byLieu {
		counts[len(rs)]++
		for _, r := range rs[1:] {
			if r.lieu.CodeINSEE != rs[0].lieu.CodeINSEE {
				t.Fatalf("%s: INSEE codes %s and %s", lieu, rs[0].lieu.CodeINSEE, r.lieu.CodeINSEE)
			}
		}
		communeOf[lieu] = rs[0].lieu.CodeINSEE
	}
	for k := 1; k <= 5; k++ {
		if counts[k] == 0 {
			t.Errorf("no place in exactly %d sources: %v", k, counts)
		}
	}
	if len(counts) != 5 {
		t.Errorf("places by number of sources: %v, want 1–5", counts)
	}

	// Communes: about one per 3 places, Zipf-like.
	perCommune := map[string]int{}
	for _, c := range communeOf {
		if len(c) != 5 {
			t.Fatalf("INSEE code %q", c)
		}
		perCommune[c]++
	}
	sizes := make([]int, 0, len(perCommune))
	for _, n := range perCommune {
		sizes = append(sizes, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
	if ratio := float64(places) / float64(len(sizes)); ratio < 2.5 || ratio > 3.5 {
		t.Errorf("%d places in %d communes: %.2f per commune, want ≈ 3", places, len(sizes), ratio)
	}
	if share := float64(sizes[0]) / float64(places); share < 0.02 || share > 0.035 {
		t.Errorf("the largest commune holds %.1f %% of the places, want 2–3.5 %%", 100*share)
	}
	if median := sizes[len(sizes)/2]; median > 3 {
		t.Errorf("median commune size %d, want 1–3", median)
	}
	deps := map[string]bool{}
	for c := range perCommune {
		deps[c[:2]] = true
	}
	if len(deps) < 60 {
		t.Errorf("communes in %d départements only", len(deps))
	}

	// Duplicates: different descriptions of one place.
	var dist []float64
	namesDiffer, pairs := 0, 0
	variants := map[string]int{}
	for _, rs := range byLieu {
		for _, r := range rs {
			if p := r.lieu.Coordinates; p != nil && (p.Lat < 41.3 || p.Lat > 51.2 || p.Lon < -5 || p.Lon > 9.7) {
				t.Errorf("%s outside metropolitan France: %v", r.truth, *p)
			}
		}
		for _, r := range rs[1:] {
			pairs++
			a, b := rs[0].lieu.Nom, r.lieu.Nom
			if a != b {
				namesDiffer++
			}
			for _, v := range [][2]string{{"Médiathèque", "Bibliothèque"}, {"MSAP", "France services"}, {"Mairie de", "Mairie "}} {
				if strings.Contains(a, v[0]) && strings.Contains(b, v[1]) && !strings.Contains(b, v[0]) ||
					strings.Contains(b, v[0]) && strings.Contains(a, v[1]) && !strings.Contains(a, v[0]) {
					variants[v[0]]++
				}
			}
			if strings.ToUpper(a) == b || strings.ToUpper(b) == a {
				variants["case"]++
			}
			if rs[0].lieu.Coordinates != nil && r.lieu.Coordinates != nil {
				dist = append(dist, metres(rs[0].lieu.Coordinates, r.lieu.Coordinates))
			}
		}
	}
	if f := float64(namesDiffer) / float64(pairs); f < 0.2 || f > 0.8 {
		t.Errorf("%.0f %% of duplicate pairs have different names, want 20–80 %%", 100*f)
	}
	for _, v := range []string{"Médiathèque", "MSAP", "Mairie de", "case"} {
		if variants[v] == 0 {
			t.Errorf("no duplicate pair with the variant %q: %v", v, variants)
		}
	}
	slices.Sort(dist)
	if m := dist[len(dist)/2]; m > 100 {
		t.Errorf("median distance between duplicates %.0f m, want < 100 m", m)
	}
	far := 0
	for _, d := range dist {
		if d > 300 {
			far++
		}
	}
	if f := float64(far) / float64(len(dist)); f < 0.03 || f > 0.3 {
		t.Errorf("%.1f %% of duplicate pairs more than 300 m apart, want 3–30 %%", 100*f)
	}

	// Hard negatives: distinct places sharing an address, a phone, a
	// pivot; itinerant places at a fixed place's address.
	type info struct {
		lieu      string
		itinerant bool
	}
	byAddress, byPhone, byPivot := map[string][]info{}, map[string][]info{}, map[string][]info{}
	add := func(m map[string][]info, k string, i info) {
		for _, x := range m[k] {
			if x.lieu == i.lieu {
				return
			}
		}
		m[k] = append(m[k], i)
	}
	for lieu, rs := range byLieu {
		for _, r := range rs {
			i := info{lieu, slices.Contains(r.lieu.Itinerance, place.ItineranceItinerant)}
			add(byAddress, r.lieu.CodeINSEE+"|"+strings.ToLower(r.lieu.Adresse), i)
			for _, p := range r.lieu.Telephone {
				add(byPhone, p, i)
			}
			if r.lieu.Pivot != "" {
				add(byPivot, r.lieu.Pivot, i)
			}
		}
	}
	shared := func(m map[string][]info) (n, mixed int) {
		for _, is := range m {
			if len(is) > 1 {
				n++
				fixed, itinerant := false, false
				for _, i := range is {
					fixed = fixed || !i.itinerant
					itinerant = itinerant || i.itinerant
				}
				if fixed && itinerant {
					mixed++
				}
			}
		}
		return n, mixed
	}
	addrs, buses := shared(byAddress)
	phones, _ := shared(byPhone)
	pivots, _ := shared(byPivot)
	if addrs < places/100 || buses == 0 || phones < places/50 || pivots < places/50 {
		t.Errorf("distinct places sharing an address %d (an itinerant one with a fixed one %d), a phone %d, a pivot %d: too few",
			addrs, buses, phones, pivots)
	}
	t.Logf("%d places in %d communes (largest %d), %d records; names differ in %d/%d pairs; shared address %d (bus %d), phone %d, pivot %d",
		places, len(sizes), sizes[0], len(recs), namesDiffer, pairs, addrs, buses, phones, pivots)
}
