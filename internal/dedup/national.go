package dedup

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// NationalScores is the national pipeline's view of a pair (mednum-cli
// dedupliquer, see NATIONAL-SYSTEMS.md §2.3): fuzzy ratios of the name and
// of the street (0–100), a distance score and their truncated mean.
type NationalScores struct {
	Candidate bool // same INSEE code, other id, compatible typologies
	Name      int
	Street    int
	Distance  int
	Score     int
}

// National scores a pair by the national rule. It is kept to compare
// maillage's matcher with what the national map does.
func National(a, b Record) NationalScores {
	la, lb := a.Lieu, b.Lieu
	var s NationalScores
	s.Candidate = la.CodeINSEE != "" && la.CodeINSEE == lb.CodeINSEE &&
		!(nationalSource(a) == nationalSource(b) && la.ID == lb.ID) &&
		compatibleTypologies(la.Typologie, lb.Typologie)
	s.Name = FuzzRatio(la.Nom, lb.Nom)
	s.Street = FuzzRatio(la.Adresse, lb.Adresse)
	s.Distance = 100
	if la.Coordinates != nil && lb.Coordinates != nil {
		dlat := la.Coordinates.Lat - lb.Coordinates.Lat
		dlon := la.Coordinates.Lon - lb.Coordinates.Lon
		d := math.Sqrt(dlat*dlat + dlon*dlon)
		if d >= 0.0004 {
			s.Distance = int(100 / (d*1000 + 1))
		}
	}
	s.Score = (s.Name + s.Street + s.Distance) / 3
	return s
}

// NationalMatch is the national rule as a matcher: the same place when the
// pair is a candidate and its score is above 83 across sources, above 90
// within one source; distinct otherwise (the rule has no review band).
func NationalMatch(a, b Record) Band {
	s := National(a, b)
	if !s.Candidate {
		return Distinct
	}
	limit := 83
	if nationalSource(a) == nationalSource(b) {
		limit = 90
	}
	if s.Score > limit {
		return Same
	}
	return Distinct
}

func nationalSource(r Record) string {
	if r.Source != "" {
		return r.Source
	}
	return r.Lieu.Source
}

// compatibleTypologies: the same typologies, or either empty, or RFS and
// PIMMS.
func compatibleTypologies(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	if slices.Equal(x, y) {
		return true
	}
	j := strings.Join(x, "|") + "/" + strings.Join(y, "|")
	return j == "RFS/PIMMS" || j == "PIMMS/RFS"
}

// FuzzRatio is the Levenshtein ratio of fuzzball.ratio (a port of
// python-Levenshtein's ratio): both strings lowercased, every character
// that is not a letter or a digit turned into a space, runs of spaces
// collapsed, trimmed; then
// round(100 × (len1 + len2 − d) / (len1 + len2)) where d is the edit
// distance counting a substitution as 2. Lengths count characters.
func FuzzRatio(a, b string) int {
	x, y := fuzzProcess(a), fuzzProcess(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	sum := len(x) + len(y)
	d := indelDistance(x, y)
	return int(math.Round(100 * float64(sum-d) / float64(sum)))
}

func fuzzProcess(s string) []rune {
	r := []rune(strings.ToLower(s))
	for i, c := range r {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			r[i] = ' '
		}
	}
	return []rune(strings.Join(strings.Fields(string(r)), " "))
}

// indelDistance is the edit distance with insertions and deletions costing 1
// and substitutions 2.
func indelDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := 2
			if a[i-1] == b[j-1] {
				sub = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
