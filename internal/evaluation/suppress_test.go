package evaluation

import (
	"math/rand"
	"testing"
)

// feasible is what a reader of a public page learns of one hidden cell of
// a partition: the values it may take, given the sum of the partition's
// hidden cells (its total less its shown cells) and what each hidden
// cell's label says (« < 5 »: 0 to 4; masqué to protect another: 5 or
// more; masqué with its whole breakdown: anything). Boxes add up to
// intervals, so the cell's values are exactly [lo, hi] returned.
func feasible(h int, label []string, rest int) (lo, hi int) {
	bounds := func(l string) (int, int) {
		switch l {
		case ReasonSmall:
			return 0, Threshold - 1
		case ReasonSecondary:
			return Threshold, rest
		}
		return 0, rest
	}
	sumLo, sumHi := 0, 0
	for i, l := range label {
		if i == h {
			continue
		}
		a, b := bounds(l)
		sumLo, sumHi = sumLo+a, sumHi+b
	}
	lo, hi = bounds(label[h])
	return max(lo, rest-sumHi), min(hi, rest-sumLo)
}

// checkPartition: in a partition of cells (indicators) whose total is
// shown, no hidden count of 1 to 4 can be recomputed by difference
// (feasible gives it two values at least), and every label says the
// truth (« < 5 » only under 5, a cell masked to protect another 5 or
// more).
func checkPartition(t *testing.T, round int, what string, pub map[string]PublicLine, value map[string]int, total int, cells []string) {
	t.Helper()
	rest := total
	var hid []string
	var label []string
	for _, c := range cells {
		p := pub[c]
		switch {
		case !p.Hidden:
			rest -= value[c]
			if value[c] < Threshold {
				t.Fatalf("round %d %s: %s = %d shown", round, what, c, value[c])
			}
		case p.Value == Suppressed && (p.Reason != ReasonSmall || value[c] >= Threshold),
			p.Value == Masked && (p.Reason != ReasonSecondary && p.Reason != ReasonBreakdown || p.Reason == ReasonSecondary && value[c] < Threshold),
			p.Value != Suppressed && p.Value != Masked:
			t.Fatalf("round %d %s: %s = %d reads %q (%s)", round, what, c, value[c], p.Value, p.Reason)
		default:
			hid, label = append(hid, c), append(label, p.Reason)
		}
	}
	for i, c := range hid {
		if value[c] == 0 || value[c] >= Threshold {
			continue
		}
		if lo, hi := feasible(i, label, rest); lo >= hi || value[c] < lo || value[c] > hi {
			t.Fatalf("round %d %s: hidden %v (%v) of %d: %s = %d recomputed in [%d, %d]", round, what, hid, label, total, c, value[c], lo, hi)
		}
	}
}

// TestPublicNoRecomputation: on many random pages (an accompaniments'
// total, the headline pair, and three breakdowns of it), every count under
// 5 is hidden « < 5 » and nothing else reads « < 5 »; in every partition,
// no hidden count of 1 to 4 can be recomputed by difference by a reader
// who believes the labels (checked by intervals, not by the code under
// test); the total is shown whenever it is 5 or more, and a breakdown
// without a small count is shown whole whatever the others are.
func TestPublicNoRecomputation(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	split := func(total, k int) []int {
		cells := make([]int, k)
		left := total
		for i := range k - 1 {
			switch rng.Intn(3) {
			case 0:
				cells[i] = min(left, rng.Intn(5))
			case 1:
				cells[i] = min(left, Threshold-1)
			default:
				cells[i] = rng.Intn(left + 1)
			}
			left -= cells[i]
		}
		cells[k-1] = left
		rng.Shuffle(k, func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
		return cells
	}
	prefixes := []string{"genre:", "statut:", "commune_residence:"}
	for round := range 5000 {
		total := rng.Intn(70)
		value := map[string]int{"accompagnements": total}
		lines := []Line{{"accompagnements", total}}
		head := split(total, 2)
		for i, ind := range []string{"activites_individuelles", "participants_ateliers"} {
			value[ind] = head[i]
			lines = append(lines, Line{ind, head[i]})
		}
		parts := map[string][]string{"headline": {"activites_individuelles", "participants_ateliers"}}
		for _, pre := range prefixes {
			for i, v := range split(total, 2+rng.Intn(4)) {
				ind := pre + string(rune('a'+i))
				value[ind] = v
				lines = append(lines, Line{ind, v})
				parts[pre] = append(parts[pre], ind)
			}
		}
		got := Public(lines)
		pub := map[string]PublicLine{}
		for _, p := range got {
			pub[p.Indicator] = p
		}
		if head := pub["accompagnements"]; head.Hidden != (total < Threshold) {
			t.Fatalf("round %d: %d accompaniments read %q", round, total, head.Value)
		}
		if total < Threshold {
			for _, p := range got {
				if p.Value != Suppressed {
					t.Fatalf("round %d: total %d, %s reads %q", round, total, p.Indicator, p.Value)
				}
			}
			continue
		}
		for what, cells := range parts {
			checkPartition(t, round, what, pub, value, total, cells)
			small := false
			for _, c := range cells {
				small = small || value[c] < Threshold
			}
			for _, c := range cells {
				if !small && pub[c].Hidden {
					t.Fatalf("round %d: %s = %d hidden in %s, which has no small count", round, c, value[c], what)
				}
			}
		}
	}
}

// The review's case (issue 11, review 11N): a territory of 60
// accompaniments whose commune of residence is 4 in Albi and 56 not said.
// The 4 reads « < 5 », the 56 « masqué » (it would give the 4 back: 60 −
// 56); the total and every other breakdown are shown.
func TestPublicOneBreakdownDoesNotBlankThePage(t *testing.T) {
	lines := []Line{{"accompagnements", 60}, {"activites_individuelles", 24}, {"ateliers", 5}, {"participants_ateliers", 36},
		{"source:saisie", 9}, {"source:import_coop", 6}, {"source:agregat", 45},
		{"genre:masculin", 20}, {"genre:feminin", 34}, {"genre:non_communique", 6},
		{"statut:retraite", 41}, {"statut:non_communique", 19},
		{"lieu:fs-470", 14}, {"lieu:fs-471", 45}, {"hors_lieu_du_registre", 1},
		{"commune_residence:81004", 4}, {"commune_residence:non_communique", 56}}
	got := map[string]PublicLine{}
	for _, p := range Public(lines) {
		got[p.Indicator] = p
	}
	for ind, want := range map[string][2]string{
		"accompagnements": {"60", ""}, "activites_individuelles": {"24", ""}, "ateliers": {"5", ""}, "participants_ateliers": {"36", ""},
		"source:agregat": {"45", ""}, "genre:feminin": {"34", ""}, "statut:retraite": {"41", ""}, "lieu:fs-471": {"45", ""},
		"commune_residence:81004":          {Suppressed, ReasonSmall},
		"commune_residence:non_communique": {Masked, ReasonSecondary},
		"hors_lieu_du_registre":            {Suppressed, ReasonSmall},
		"lieu:fs-470":                      {Masked, ReasonSecondary},
	} {
		if g := got[ind]; g.Value != want[0] || g.Reason != want[1] {
			t.Errorf("%s: %q (%s), want %q (%s)", ind, g.Value, g.Reason, want[0], want[1])
		}
	}
}

func TestPublicShowsBigCounts(t *testing.T) {
	got := Public([]Line{{"accompagnements", 30}, {"genre:feminin", 12}, {"genre:masculin", 15}, {"genre:non_communique", 3}, {"thematique:email", 4}, {"ateliers", 7}})
	// 3 not said is under 5; the 12 women would give it back (30 − 15 −
	// 12): hidden too, « masqué » (not « < 5 »: it is not small).
	want := map[string]string{"accompagnements": "30", "genre:feminin": Masked, "genre:masculin": "15", "genre:non_communique": "< 5", "thematique:email": "< 5", "ateliers": "7"}
	for _, p := range got {
		if want[p.Indicator] != p.Value {
			t.Errorf("%s: %q, want %q", p.Indicator, p.Value, want[p.Indicator])
		}
	}
}

// When one partition pins its cells (4 + 4 of 8), hiding the cells is
// not enough (they are under 5 and add up to 8): the breakdown is
// withheld whole, both « masqué » (the reader no longer knows they are
// small), and the rest of the page is shown, the total included.
func TestPublicPinnedBreakdownWithheldWhole(t *testing.T) {
	got := map[string]PublicLine{}
	for _, p := range Public([]Line{{"accompagnements", 8}, {"genre:feminin", 4}, {"genre:masculin", 4}, {"source:saisie", 8}, {"source:agregat", 0},
		{"activites_individuelles", 8}, {"participants_ateliers", 0}}) {
		got[p.Indicator] = p
	}
	for ind, want := range map[string][2]string{"accompagnements": {"8", ""}, "genre:feminin": {Masked, ReasonBreakdown}, "genre:masculin": {Masked, ReasonBreakdown},
		"source:saisie": {"8", ""}, "source:agregat": {Suppressed, ReasonSmall}, "activites_individuelles": {"8", ""}, "participants_ateliers": {Suppressed, ReasonSmall}} {
		if g := got[ind]; g.Value != want[0] || g.Reason != want[1] {
			t.Errorf("%s: %q (%s), want %q (%s)", ind, g.Value, g.Reason, want[0], want[1])
		}
	}
}

// One orientation in a territory of 23 accompaniments: the orientation's
// count is hidden, the rest of the page is not (how many orientations
// there were is on no line, so nothing recomputes it).
func TestPublicOneOrientationHidesOnlyItself(t *testing.T) {
	got := map[string]PublicLine{}
	for _, p := range Public([]Line{{"accompagnements", 23}, {"activites_individuelles", 11}, {"participants_ateliers", 12},
		{"orientation:venue", 1}, {"orientation:envoyee", 0}, {"coordination:animation", 1}, {"coordination:evenement", 0}}) {
		got[p.Indicator] = p
	}
	for ind, want := range map[string]string{"accompagnements": "23", "activites_individuelles": "11", "participants_ateliers": "12",
		"orientation:venue": Suppressed, "coordination:animation": Suppressed} {
		if got[ind].Value != want {
			t.Errorf("%s: %q, want %q", ind, got[ind].Value, want)
		}
	}
}

// Three people redirected (reorientes 3, hidden) in a territory of 60
// accompaniments: their categories are hidden, the page is not.
func TestPublicSmallTotalHidesOnlyItsPartition(t *testing.T) {
	got := map[string]PublicLine{}
	for _, p := range Public([]Line{{"accompagnements", 60}, {"activites_individuelles", 60}, {"participants_ateliers", 0},
		{"genre:feminin", 30}, {"genre:masculin", 30}, {"reorientes", 3}, {"redirection:france_services", 2}, {"redirection:caf", 1},
		{"ateliers", 0}}) {
		got[p.Indicator] = p
	}
	for ind, want := range map[string]string{"accompagnements": "60", "genre:feminin": "30", "reorientes": Suppressed,
		"redirection:france_services": Suppressed, "redirection:caf": Suppressed} {
		if got[ind].Value != want {
			t.Errorf("%s: %q, want %q", ind, got[ind].Value, want)
		}
	}
}
