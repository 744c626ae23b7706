package evaluation

import (
	"math/rand"
	"testing"
)

// TestPublicNoRecomputation: on many random figures, every count under 5
// is hidden, and in every partition whose total is on the page, no hidden
// count of 1 to 4 can be recomputed by difference, even by someone who
// knows which hidden cells are small (0 to 4): the sums that fit give it
// two values at least. Checked by enumeration, not by the code under test.
func TestPublicNoRecomputation(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for round := range 3000 {
		// A partition of 2 to 5 cells with small and large counts, and its total.
		k := 2 + rng.Intn(4)
		cells := make([]int, k)
		total := 0
		for i := range cells {
			if rng.Intn(2) == 0 {
				cells[i] = rng.Intn(5)
			} else {
				cells[i] = 5 + rng.Intn(20)
			}
			total += cells[i]
		}
		lines := []Line{{"accompagnements", total}}
		names := []string{"genre:a", "genre:b", "genre:c", "genre:d", "genre:e"}
		for i, v := range cells {
			lines = append(lines, Line{names[i], v})
		}
		pub := Public(lines)
		shown := map[string]bool{}
		for _, p := range pub {
			shown[p.Indicator] = !p.Hidden
		}
		for _, l := range lines {
			if l.Value < Threshold && shown[l.Indicator] {
				t.Fatalf("round %d: %s = %d shown", round, l.Indicator, l.Value)
			}
		}
		if !shown["accompagnements"] {
			continue // every cell is under 5 then, all hidden
		}
		rest := total
		var hid []int
		for i, v := range cells {
			if shown[names[i]] {
				rest -= v
			} else {
				hid = append(hid, i)
			}
		}
		// For each hidden cell, the values it may take among the
		// assignments that add up to rest.
		for _, h := range hid {
			if cells[h] == 0 {
				continue
			}
			possible := map[int]bool{}
			var walk func(j, left, mine int)
			walk = func(j, left, mine int) {
				if j == len(hid) {
					if left == 0 {
						possible[mine] = true
					}
					return
				}
				hi := rest
				if cells[hid[j]] < Threshold {
					hi = Threshold - 1
				}
				for v := 0; v <= hi && v <= left; v++ {
					m := mine
					if hid[j] == h {
						m = v
					}
					walk(j+1, left-v, m)
				}
			}
			walk(0, rest, -1)
			if len(possible) < 2 {
				t.Fatalf("round %d: cells %v (total %d), hidden %v: cell %d = %d recomputed (%v)", round, cells, total, hid, h, cells[h], possible)
			}
		}
	}
}

func TestPublicShowsBigCounts(t *testing.T) {
	got := Public([]Line{{"accompagnements", 30}, {"genre:feminin", 12}, {"genre:masculin", 15}, {"genre:non_communique", 3}, {"thematique:email", 4}, {"ateliers", 7}})
	want := map[string]string{"accompagnements": "30", "genre:feminin": "< 5", "genre:masculin": "15", "genre:non_communique": "< 5", "thematique:email": "< 5", "ateliers": "7"}
	for _, p := range got {
		if want[p.Indicator] != p.Value {
			t.Errorf("%s: %q, want %q", p.Indicator, p.Value, want[p.Indicator])
		}
	}
}

// When one partition pins its cells (4 + 4 of 8), hiding the total is
// not enough (source:saisie and activites_individuelles give it back):
// every count is hidden.
func TestPublicHiddenTotalStaysHidden(t *testing.T) {
	got := map[string]PublicLine{}
	for _, p := range Public([]Line{{"accompagnements", 8}, {"genre:feminin", 4}, {"genre:masculin", 4}, {"source:saisie", 8}, {"source:agregat", 0},
		{"activites_individuelles", 8}, {"participants_ateliers", 0}}) {
		got[p.Indicator] = p
	}
	for _, p := range got {
		if !p.Hidden {
			t.Errorf("%s shown (%s) on a page too small", p.Indicator, p.Value)
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
