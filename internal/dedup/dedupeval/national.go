package dedupeval

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf16"

	"maillage/internal/dedup"
	"maillage/internal/place"
)

// This file is the national pipeline's rule (mednum-cli, src/dedupliquer),
// as documented in NATIONAL-SYSTEMS.md §2.3, written again in Go to measure
// it on the benchmark beside maillage's matcher. It is a baseline: maillage
// does not merge with it.

// National thresholds: a pair is merged when its score is above these.
const (
	NationalAcross = 83 // records of two sources
	NationalWithin = 90 // records of one source
)

// NationalScores are the components of the national rule's score, each 0–100.
type NationalScores struct {
	Nom, Voie, Distance, Score int
}

// NationalScore scores a pair as the national pipeline does. ok is false
// when the pair is not a candidate there: another commune (code_insee, which
// must be known) or incompatible typologies.
func NationalScore(a, b dedup.Record) (s NationalScores, ok bool) {
	la, lb := a.Lieu, b.Lieu
	if la.CodeINSEE == "" || la.CodeINSEE != lb.CodeINSEE {
		return s, false
	}
	if !compatibleTypologies(strings.Join(la.Typologie, "|"), strings.Join(lb.Typologie, "|")) {
		return s, false
	}
	s.Nom = FuzzRatio(la.Nom, lb.Nom)
	s.Voie = FuzzRatio(la.Adresse, lb.Adresse)
	s.Distance = distanceScore(la.Coordinates, lb.Coordinates)
	s.Score = (s.Nom + s.Voie + s.Distance) / 3 // trunc: all three are ≥ 0
	return s, true
}

// NationalRule is the national pipeline's decision: merged when the score is
// above 83 across sources, above 90 within one source; there is no review
// band.
func NationalRule(a, b dedup.Record) dedup.Band {
	s, ok := NationalScore(a, b)
	if !ok {
		return dedup.Distinct
	}
	threshold := NationalAcross
	if a.Source == b.Source {
		threshold = NationalWithin
	}
	if s.Score > threshold {
		return dedup.Same
	}
	return dedup.Distinct
}

// compatibleTypologies: the same typologie, or either empty, or the pair
// RFS (France services) and PIMMS.
func compatibleTypologies(a, b string) bool {
	if a == b || a == "" || b == "" {
		return true
	}
	return (a == "RFS" && b == "PIMMS") || (a == "PIMMS" && b == "RFS")
}

// distanceScore is 100 when the Euclidean distance in degrees is below
// 0.0004, else trunc(100 / (d·1000 + 1)); a missing position counts as
// distance 0.
func distanceScore(a, b *place.Point) int {
	if a == nil || b == nil {
		return 100
	}
	d := math.Sqrt((a.Lat-b.Lat)*(a.Lat-b.Lat) + (a.Lon-b.Lon)*(a.Lon-b.Lon))
	if d < 0.0004 {
		return 100
	}
	return int(math.Trunc(100 / (d*1000 + 1)))
}

// FuzzRatio is fuzzball.ratio with its default options: both strings are
// processed (every character that is not a letter or a digit becomes a
// space, lower case, trimmed, runs of spaces collapsed), then
// round(100·(lensum − dist)/lensum) where dist is the Levenshtein distance
// with substitutions costing 2 and lengths count UTF-16 code units, as
// JavaScript does. An empty processed string scores 0.
func FuzzRatio(a, b string) int {
	pa, pb := fullProcess(a), fullProcess(b)
	if pa == "" || pb == "" {
		return 0
	}
	ua, ub := utf16.Encode([]rune(pa)), utf16.Encode([]rune(pb))
	lensum := len(ua) + len(ub)
	dist := lensum - 2*lcs(ua, ub)
	return int(math.Floor(100*(float64(lensum-dist)/float64(lensum)) + 0.5))
}

func fullProcess(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(strings.ToLower(b.String())), " ")
}

// lcs is the length of the longest common subsequence: with substitutions
// costing 2, Levenshtein's distance is len(a)+len(b)−2·lcs.
func lcs(a, b []uint16) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
