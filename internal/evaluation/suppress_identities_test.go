package evaluation

import (
	"math/rand"
	"strings"
	"testing"
)

// The oracle of these tests is written here, not taken from suppress.go:
// the linear relations Compute makes hold among a page's lines (each one
// Σ plus − Σ minus = 0, members by whole indicator or by prefix), and a
// solver that says which hidden counts they pin.
type relation struct{ plus, minus []string }

var pageRelations = []relation{
	{[]string{"accompagnements"}, []string{"activites_individuelles", "participants_ateliers"}},
	{[]string{"accompagnements"}, []string{"source:"}},
	{[]string{"accompagnements"}, []string{"genre:"}},
	{[]string{"accompagnements"}, []string{"statut:"}},
	{[]string{"canal:"}, []string{"activites_individuelles", "ateliers"}},
	{[]string{"duree:"}, []string{"activites_individuelles", "ateliers"}},
	{[]string{"reorientes"}, []string{"redirection:"}},
}

func member(ind string, of []string) bool {
	for _, m := range of {
		if ind == m || strings.HasSuffix(m, ":") && strings.HasPrefix(ind, m) {
			return true
		}
	}
	return false
}

const prime = 1_000_000_007

// rankMod is the rank of rows modulo a large prime (the coefficients are
// -1, 0, 1 and the systems small: the same rank as over the rationals).
func rankMod(rows [][]int64) int {
	m := make([][]int64, len(rows))
	for i, r := range rows {
		m[i] = make([]int64, len(r))
		for j, v := range r {
			m[i][j] = ((v % prime) + prime) % prime
		}
	}
	if len(m) == 0 {
		return 0
	}
	rank := 0
	for col := 0; col < len(m[0]) && rank < len(m); col++ {
		p := -1
		for i := rank; i < len(m); i++ {
			if m[i][col] != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[rank], m[p] = m[p], m[rank]
		inv := powMod(m[rank][col], prime-2)
		for i := range m {
			if i == rank || m[i][col] == 0 {
				continue
			}
			f := m[i][col] * inv % prime
			for j := col; j < len(m[i]); j++ {
				m[i][j] = ((m[i][j]-f*m[rank][j])%prime + prime) % prime
			}
		}
		rank++
	}
	return rank
}

func powMod(b, e int64) int64 {
	r := int64(1)
	for b %= prime; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = r * b % prime
		}
		b = b * b % prime
	}
	return r
}

// pinned lists the hidden counts (other than 0) that the shown lines and
// pageRelations determine exactly, for a reader who also guesses every
// hidden 0 (the worst case): a count is pinned when its unit row lies in
// the span of the relations restricted to the unknowns.
func pinned(lines []Line, pub []PublicLine) []string {
	hidden := map[string]bool{}
	for _, p := range pub {
		hidden[p.Indicator] = p.Hidden
	}
	var unknowns []string
	col := map[string]int{}
	for _, l := range lines {
		if hidden[l.Indicator] && l.Value != 0 {
			col[l.Indicator] = len(unknowns)
			unknowns = append(unknowns, l.Indicator)
		}
	}
	var rows [][]int64
	for _, r := range pageRelations {
		row := make([]int64, len(unknowns))
		used := false
		for _, l := range lines {
			c, ok := col[l.Indicator]
			if !ok {
				continue
			}
			if member(l.Indicator, r.plus) {
				row[c]++
				used = true
			}
			if member(l.Indicator, r.minus) {
				row[c]--
				used = true
			}
		}
		if used {
			rows = append(rows, row)
		}
	}
	base := rankMod(rows)
	var out []string
	for i, u := range unknowns {
		unit := make([]int64, len(unknowns))
		unit[i] = 1
		if rankMod(append(append([][]int64{}, rows...), unit)) == base {
			out = append(out, u)
		}
	}
	return out
}

// reviewPage is review 11A MAJOR 1's page: 3 individual accompaniments
// and 5 workshops of 8, all at a place, all of 45 minutes.
func reviewPage() []Line {
	return []Line{{"accompagnements", 43}, {"activites_individuelles", 3}, {"ateliers", 5}, {"participants_ateliers", 40},
		{"duree_minutes", 360}, {"source:saisie", 43}, {"source:import_coop", 0}, {"source:agregat", 0},
		{"genre:feminin", 0}, {"genre:masculin", 0}, {"genre:non_communique", 43},
		{"duree:30", 0}, {"duree:60", 8}, {"duree:120", 0}, {"duree:more", 0},
		{"canal:lieu_activite", 8}, {"canal:autre_lieu", 0}, {"canal:domicile", 0}, {"canal:a_distance", 0}}
}

// TestPublicCrossPartitionReview: on the review's page, the hidden
// individual accompaniments (3) no longer come back as Σ canal − ateliers
// (8 − 5) nor Σ duree − ateliers, the workshop participants not as 43 − 3,
// the minutes are hidden (360 = 8 × 45), and the total stays.
func TestPublicCrossPartitionReview(t *testing.T) {
	lines := reviewPage()
	pub := Public(lines)
	got := map[string]PublicLine{}
	for _, p := range pub {
		got[p.Indicator] = p
	}
	if p := pinned(lines, pub); len(p) > 0 {
		t.Errorf("recomputed exactly: %v (%v)", p, pub)
	}
	for ind, want := range map[string]string{"accompagnements": "43", "activites_individuelles": Suppressed, "participants_ateliers": Masked, "duree_minutes": Masked} {
		if got[ind].Value != want {
			t.Errorf("%s: %q, want %q", ind, got[ind].Value, want)
		}
	}
}

// TestPublicMinutesOfOneSession: the review's commune page (one session of
// 47 minutes) hides the minutes with everything else; Stats.PublicFigures
// also hides them when few of many accompaniments were recorded one by one.
func TestPublicMinutesOfOneSession(t *testing.T) {
	for _, p := range Public([]Line{{"accompagnements", 1}, {"activites_individuelles", 1}, {"ateliers", 0}, {"participants_ateliers", 0}, {"duree_minutes", 47}}) {
		if !p.Hidden {
			t.Errorf("%s shown: %q", p.Indicator, p.Value)
		}
	}
	s := newStats(Year(2026))
	s.Accompaniments, s.Individual, s.Minutes, s.Sessions = 30, 30, 47, 1
	for _, p := range s.PublicFigures() {
		if p.Indicator == "duree_minutes" && !p.Hidden {
			t.Errorf("one session's 47 minutes shown among 30 accompaniments: %q", p.Value)
		}
		if p.Indicator == "accompagnements" && p.Value != "30" {
			t.Errorf("accompagnements %q", p.Value)
		}
	}
}

// TestPublicNoCrossRecomputation: on many small random pages whose lines
// obey pageRelations (the headline pair, sources, genders, statuses,
// channels and durations of the sessions, redirections), no hidden count
// other than 0 is determined by the shown lines and the relations, the
// total is shown whenever it is 5 or more, the labels tell the truth within every partition of the total, and the
// minutes are hidden whenever the sessions are fewer than 5 or one of their
// counts is hidden.
func TestPublicNoCrossRecomputation(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	split := func(total, k int) []int {
		cells := make([]int, k)
		left := total
		for i := range k - 1 {
			if rng.Intn(2) == 0 {
				cells[i] = min(left, rng.Intn(Threshold))
			} else {
				cells[i] = rng.Intn(left + 1)
			}
			left -= cells[i]
		}
		cells[k-1] = left
		rng.Shuffle(k, func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
		return cells
	}
	for round := range 10000 {
		ind, part := rng.Intn(25), rng.Intn(25)
		if rng.Intn(4) == 0 {
			part = 0
		}
		work := 0
		if part > 0 {
			work = 1 + rng.Intn(part)
		}
		acc, sessions := ind+part, ind+work
		oriented := rng.Intn(ind + 1)
		value := map[string]int{}
		var lines []Line
		add := func(i string, v int) {
			value[i] = v
			lines = append(lines, Line{i, v})
		}
		add("accompagnements", acc)
		add("activites_individuelles", ind)
		add("ateliers", work)
		add("participants_ateliers", part)
		add("duree_minutes", sessions*(1+rng.Intn(90)))
		parts := map[string][]string{"headline": {"activites_individuelles", "participants_ateliers"}}
		for _, b := range []struct {
			prefix string
			total  int
		}{{"source:", acc}, {"genre:", acc}, {"statut:", acc}, {"canal:", sessions}, {"duree:", sessions}, {"redirection:", oriented}} {
			for i, v := range split(b.total, 2+rng.Intn(3)) {
				name := b.prefix + string(rune('a'+i))
				add(name, v)
				parts[b.prefix] = append(parts[b.prefix], name)
			}
		}
		add("reorientes", oriented)
		pub := Public(lines)
		got := map[string]PublicLine{}
		for _, p := range pub {
			got[p.Indicator] = p
		}
		if p := pinned(lines, pub); len(p) > 0 {
			t.Fatalf("round %d: %v recomputed exactly from %v (values %v)", round, p, pub, value)
		}
		if (got["activites_individuelles"].Hidden || got["ateliers"].Hidden || sessions < Threshold) && !got["duree_minutes"].Hidden {
			t.Fatalf("round %d: minutes of %d sessions shown beside %v", round, sessions, pub)
		}
		if got["accompagnements"].Hidden != (acc < Threshold) {
			t.Fatalf("round %d: %d accompaniments read %q", round, acc, got["accompagnements"].Value)
		}
		if acc < Threshold {
			continue
		}
		for _, pre := range []string{"headline", "source:", "genre:", "statut:"} {
			checkPartition(t, round, pre, got, value, acc, parts[pre])
		}
		if !got["activites_individuelles"].Hidden && !got["ateliers"].Hidden {
			for _, pre := range []string{"canal:", "duree:"} {
				checkPartition(t, round, pre, got, value, sessions, parts[pre])
			}
		}
	}
}
