package dedupeval

import (
	"os"
	"testing"

	"maillage/internal/dedup"
)

// TestBenchmarkSet checks the shape of the labelled set: enough pairs, both
// labels, every category, every record readable, no pair twice (Parse
// refuses a pair of the same two records or an id used twice).
func TestBenchmarkSet(t *testing.T) {
	pairs, err := Benchmark()
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) < 1500 {
		t.Errorf("%d pairs, want at least 1 500", len(pairs))
	}
	labels := map[Label]int{}
	origins := map[string]int{}
	for _, p := range pairs {
		labels[p.Label]++
		origins[p.Origin]++
		if p.Note == "" {
			t.Errorf("pair %s (line %d) has no note", p.ID, p.Line)
		}
	}
	if labels[Same] == 0 || labels[Distinct] == 0 {
		t.Errorf("labels %v: want both", labels)
	}
	n := CountByCategory(pairs)
	for _, c := range Categories {
		if n[c.Name] < 5 {
			t.Errorf("category %s has %d pairs, want at least 5", c.Name, n[c.Name])
		}
	}
	if origins["real"] < 300 {
		t.Errorf("%d real pairs, want at least 300", origins["real"])
	}
	t.Logf("%d pairs: %d same, %d distinct; %d real, %d derived", len(pairs), labels[Same], labels[Distinct], origins["real"], origins["derived"])
}

// TestQuality prints the precision and recall of the matchers on the
// benchmark: go test ./internal/dedup/dedupeval -run TestQuality -v
func TestQuality(t *testing.T) {
	pairs, err := Benchmark()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		name  string
		match dedup.MatchFunc
	}{
		{"national rule (mednum-cli)", dedup.NationalMatch},
		{"maillage (dedup.DefaultConfig)", dedup.DefaultConfig().Match},
	} {
		r := Evaluate(pairs, m.match)
		if err := r.WriteTable(os.Stdout, m.name); err != nil {
			t.Fatal(err)
		}
		if testing.Verbose() && os.Getenv("DEDUPEVAL_ERRORS") != "" {
			for _, o := range r.Outcomes {
				if o.Wrong() {
					t.Logf("%s %s → %s: %s", o.Pair.ID, o.Pair.Label, o.Band.Code(), o.Pair.Note)
				}
			}
		}
	}
}
