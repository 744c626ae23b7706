package dedupeval

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"maillage/internal/dedup"
)

// Confusion counts the bands a matcher gave to pairs of each label.
type Confusion struct {
	// SameAs[b] counts the pairs labelled same that got band b;
	// DistinctAs[b] those labelled distinct.
	SameAs, DistinctAs [3]int
}

func (c *Confusion) add(l Label, b dedup.Band) {
	if b < dedup.Distinct || b > dedup.Same {
		b = dedup.Distinct
	}
	if l == Same {
		c.SameAs[b]++
	} else {
		c.DistinctAs[b]++
	}
}

// Same returns the number of pairs labelled same.
func (c Confusion) Same() int { return c.SameAs[0] + c.SameAs[1] + c.SameAs[2] }

// Distinct returns the number of pairs labelled distinct.
func (c Confusion) Distinct() int { return c.DistinctAs[0] + c.DistinctAs[1] + c.DistinctAs[2] }

// Total returns the number of pairs.
func (c Confusion) Total() int { return c.Same() + c.Distinct() }

// Precision is the share of the pairs merged automatically (band Same) that
// are labelled same; NaN when nothing was merged.
func (c Confusion) Precision() float64 {
	return ratio(c.SameAs[dedup.Same], c.SameAs[dedup.Same]+c.DistinctAs[dedup.Same])
}

// Recall is the share of the pairs labelled same that were merged
// automatically; NaN without such pairs.
func (c Confusion) Recall() float64 {
	return ratio(c.SameAs[dedup.Same], c.Same())
}

// RecallWithReview is the share of the pairs labelled same that were merged
// or sent to review: what a coordinator can still catch.
func (c Confusion) RecallWithReview() float64 {
	return ratio(c.SameAs[dedup.Same]+c.SameAs[dedup.Review], c.Same())
}

// PrecisionWithReview is the share of labelled-same pairs among those merged
// or sent to review.
func (c Confusion) PrecisionWithReview() float64 {
	n := c.SameAs[dedup.Same] + c.SameAs[dedup.Review]
	return ratio(n, n+c.DistinctAs[dedup.Same]+c.DistinctAs[dedup.Review])
}

// FalseMergeRate is the share of the pairs labelled distinct that were
// merged automatically.
func (c Confusion) FalseMergeRate() float64 {
	return ratio(c.DistinctAs[dedup.Same], c.Distinct())
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Outcome is the band a matcher gave one pair.
type Outcome struct {
	Pair *Pair
	Band dedup.Band
}

// Wrong reports whether the band contradicts the label: a labelled-distinct
// pair merged, or a labelled-same pair not merged automatically.
func (o Outcome) Wrong() bool {
	return (o.Pair.Label == Same) != (o.Band == dedup.Same)
}

// Report is what a matcher did on a set of pairs.
type Report struct {
	Total      Confusion
	ByCategory map[string]*Confusion
	Outcomes   []Outcome
}

// Evaluate runs match on every pair.
func Evaluate(pairs []Pair, match dedup.MatchFunc) *Report {
	r := &Report{ByCategory: map[string]*Confusion{}}
	for i := range pairs {
		p := &pairs[i]
		b := match(p.A, p.B)
		r.Total.add(p.Label, b)
		c := r.ByCategory[p.Category]
		if c == nil {
			c = &Confusion{}
			r.ByCategory[p.Category] = c
		}
		c.add(p.Label, b)
		r.Outcomes = append(r.Outcomes, Outcome{Pair: p, Band: b})
	}
	return r
}

func pct(f float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("%.3f", f)
}

// WriteTable writes the report as a plain-text table: the totals, the
// confusion counts, then one line per category.
func (r *Report) WriteTable(w io.Writer, name string) error {
	t := r.Total
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "matcher: %s — %d pairs (%d same, %d distinct)\n", name, t.Total(), t.Same(), t.Distinct())
	fmt.Fprintf(tw, "automatic band: precision %s, recall %s (merged: %d right, %d wrong; same not merged: %d)\n",
		pct(t.Precision()), pct(t.Recall()), t.SameAs[dedup.Same], t.DistinctAs[dedup.Same], t.SameAs[dedup.Review]+t.SameAs[dedup.Distinct])
	fmt.Fprintf(tw, "auto + review: recall %s, precision %s (distinct pairs sent to review: %d)\n",
		pct(t.RecallWithReview()), pct(t.PrecisionWithReview()), t.DistinctAs[dedup.Review])
	fmt.Fprintf(tw, "\tlabel\tpairs\t→same\t→review\t→distinct\trecall\trecall+review\tfalse merges\t\n")
	for _, name := range sortedCategories(keys(r.ByCategory)) {
		c := r.ByCategory[name]
		if c.Same() > 0 {
			fmt.Fprintf(tw, "%s\tsame\t%d\t%d\t%d\t%d\t%s\t%s\t\t\n", name, c.Same(),
				c.SameAs[dedup.Same], c.SameAs[dedup.Review], c.SameAs[dedup.Distinct], pct(c.Recall()), pct(c.RecallWithReview()))
		}
		if c.Distinct() > 0 {
			fmt.Fprintf(tw, "%s\tdistinct\t%d\t%d\t%d\t%d\t\t\t%s\t\n", name, c.Distinct(),
				c.DistinctAs[dedup.Same], c.DistinctAs[dedup.Review], c.DistinctAs[dedup.Distinct], pct(c.FalseMergeRate()))
		}
	}
	fmt.Fprintf(tw, "all\tsame\t%d\t%d\t%d\t%d\t%s\t%s\t\t\n", t.Same(),
		t.SameAs[dedup.Same], t.SameAs[dedup.Review], t.SameAs[dedup.Distinct], pct(t.Recall()), pct(t.RecallWithReview()))
	fmt.Fprintf(tw, "all\tdistinct\t%d\t%d\t%d\t%d\t\t\t%s\t\n", t.Distinct(),
		t.DistinctAs[dedup.Same], t.DistinctAs[dedup.Review], t.DistinctAs[dedup.Distinct], pct(t.FalseMergeRate()))
	return tw.Flush()
}

func keys(m map[string]*Confusion) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}
