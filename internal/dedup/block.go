package dedup

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"maillage/internal/place"
)

// Pair is a candidate pair: positions in the records given to the index,
// I < J.
type Pair struct{ I, J int }

// Index holds records by their blocking keys: commune, position on a grid,
// phone, e-mail, SIRET and website domain. Pairs come from shared keys
// only, so that the work grows with the records, not with their square.
type Index struct {
	cfg     Config
	recs    []*prepared
	buckets map[string][]int // "c:INSEE", "cw:INSEE word", "t:phone"…
	big     map[string]bool  // commune keys compared within name words only
	grid    map[[2]int32][]int
	cellDeg float64
}

// NewIndex prepares and indexes records.
func (c Config) NewIndex(recs []Record) *Index {
	if c.Radius <= 0 {
		c.Radius = DefaultConfig().Radius
	}
	if c.MaxBucket <= 0 {
		c.MaxBucket = DefaultConfig().MaxBucket
	}
	ix := &Index{
		cfg:     c,
		recs:    make([]*prepared, len(recs)),
		buckets: map[string][]int{},
		big:     map[string]bool{},
		grid:    map[[2]int32][]int{},
		cellDeg: c.Radius / metresPerDegree,
	}
	prepareAll(recs, ix.recs)
	for i, p := range ix.recs {
		if k := communeKey(p); k != "" {
			ix.buckets[k] = append(ix.buckets[k], i)
		}
		for _, k := range contactKeys(p) {
			ix.buckets[k] = append(ix.buckets[k], i)
		}
		if p.point != nil {
			cell := ix.cell(*p.point)
			ix.grid[cell] = append(ix.grid[cell], i)
		}
	}
	ix.markOperatorContacts()
	// Communes too big to compare pairwise are compared within name words
	// (near each other) and addresses.
	for i, p := range ix.recs {
		k := communeKey(p)
		if k == "" || len(ix.buckets[k]) <= c.MaxBucket {
			continue
		}
		ix.big[k] = true
		for _, w := range nameKeys(p) {
			ix.buckets[k+"|"+w] = append(ix.buckets[k+"|"+w], i)
		}
		if a := addressKey(p); a != "" {
			ix.buckets[k+"@"+a] = append(ix.buckets[k+"@"+a], i)
		}
	}
	return ix
}

// bigCommuneReach is how far apart two records of a commune too big to
// compare pairwise may be and still be compared for a name word they
// share, unless few records share it (bigCommuneRareWord): geocodes are
// often 100–900 m off, so farther than the grid's radius; the records of
// a big city sharing a word are many, most of them far apart.
const (
	bigCommuneReach    = 1000
	bigCommuneRareWord = 30
)

// nearInBigCommune reports whether two records of a big commune that
// share a name word neither rare nor too common are to be compared: both
// positioned within bigCommuneReach, or, when one has no position, with
// addresses that may be one (the same street, spelled alike, with the same
// number, 12 and 12bis alike, or a number on one side only).
func nearInBigCommune(a, b *prepared) bool {
	if a.point != nil && b.point != nil {
		return distanceMetres(*a.point, *b.point) <= bigCommuneReach
	}
	return AddressSimilarity(a.addr, b.addr) >= sameAddress
}

// sameAddress is the least address similarity of two addresses that may
// be one: the same street with the same number or one missing.
const sameAddress = 0.8

// addressKey is the record's postal address as a blocking key: the house
// number and the street's words ("" without both); the street's type
// is left out, often abbreviated or miswritten.
func addressKey(p *prepared) string {
	if p.addr.Number == "" || len(p.addr.Street) == 0 {
		return ""
	}
	return p.addr.Number + " " + strings.Join(p.addr.Street, " ")
}

// within reports whether records a and b are at most m metres apart
// (false when one has no position).
func within(a, b *prepared, m float64) bool {
	return a.point != nil && b.point != nil && distanceMetres(*a.point, *b.point) <= m
}

// prepareAll prepares recs into out on every core (prepare reads only its
// record).
func prepareAll(recs []Record, out []*prepared) {
	workers := runtime.GOMAXPROCS(0)
	per := (len(recs) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(recs); start += per {
		wg.Add(1)
		go func(part []Record, into []*prepared) {
			defer wg.Done()
			for i, r := range part {
				into[i] = prepare(r)
			}
		}(recs[start:min(start+per, len(recs))], out[start:min(start+per, len(recs))])
	}
	wg.Wait()
}

const metresPerDegree = 111320.0

func communeKey(p *prepared) string {
	switch {
	case p.insee != "":
		return "c:" + p.insee
	case p.commune != "":
		return "cn:" + p.commune
	}
	return ""
}

func contactKeys(p *prepared) []string {
	var keys []string
	for _, t := range p.phones {
		keys = append(keys, "t:"+t)
	}
	for _, e := range p.emails {
		keys = append(keys, "e:"+e)
	}
	if p.pivot.SIRET != "" {
		keys = append(keys, "s:"+p.pivot.SIRET)
	}
	for _, d := range p.domains {
		keys = append(keys, "w:"+d)
	}
	return keys
}

func nameKeys(p *prepared) []string {
	keys := append([]string(nil), p.name.Kinds...)
	return append(keys, p.name.Words...)
}

func (ix *Index) cell(pt place.Point) [2]int32 {
	return [2]int32{int32(math.Floor(pt.Lat / ix.cellDeg)), int32(math.Floor(pt.Lon / ix.cellDeg))}
}

// Pairs returns every candidate pair, each once, sorted.
func (ix *Index) Pairs() []Pair {
	return ix.pairs(nil)
}

// PairsOf returns the candidate pairs that involve at least one of the
// records at the given positions (the records an import created or
// changed), each once, sorted.
func (ix *Index) PairsOf(changed []int) []Pair {
	if changed == nil {
		changed = []int{}
	}
	return ix.pairs(changed)
}

func (ix *Index) pairs(changed []int) []Pair {
	isChanged := make([]bool, len(ix.recs))
	for _, i := range changed {
		isChanged[i] = true
	}
	from := changed
	if changed == nil {
		from = make([]int, len(ix.recs))
		for i := range from {
			from[i] = i
		}
	}
	// The records looked from are shared among the cores, a part at a
	// time; each part's pairs are its own, sorted together below.
	workers := runtime.GOMAXPROCS(0)
	per := max(1, (len(from)+4*workers-1)/(4*workers))
	parts := make([][]Pair, (len(from)+per-1)/per)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen := make([]int, len(ix.recs)) // seen[j] == i+1: pair (i, j) already out
			for k := range next {
				parts[k] = ix.pairsFrom(from[k*per:min((k+1)*per, len(from))], changed == nil, isChanged, seen)
			}
		}()
	}
	for k := range parts {
		next <- k
	}
	close(next)
	wg.Wait()
	return sortPairs(parts, len(ix.recs))
}

// pairsFrom returns the candidate pairs of the records at from, each once
// (all: every record is looked from; otherwise those changed).
func (ix *Index) pairsFrom(from []int, all bool, isChanged []bool, seen []int) []Pair {
	var out []Pair
	emit := func(i, j int) {
		if i == j || seen[j] == i+1 {
			return
		}
		if all || isChanged[j] {
			// Both are looked from: emit once, from the smaller.
			if j < i {
				return
			}
		}
		seen[j] = i + 1
		if i < j {
			out = append(out, Pair{i, j})
		} else {
			out = append(out, Pair{j, i})
		}
	}
	for _, i := range from {
		p := ix.recs[i]
		if k := communeKey(p); k != "" {
			if ix.big[k] {
				// Within name words: a rare word wherever the records
				// are, another only near each other (both positioned),
				// since in a city the records that share it are many,
				// most of them far apart, or, when one has no position,
				// at addresses that may be one (sameAddress); a word
				// shared by too many records (a kind of place) forms no
				// pairs. And within a postal address. The position and
				// the contacts still form theirs.
				for _, w := range nameKeys(p) {
					if b := ix.buckets[k+"|"+w]; len(b) <= ix.cfg.MaxBucket {
						rare := len(b) <= bigCommuneRareWord
						for _, j := range b {
							if rare || nearInBigCommune(p, ix.recs[j]) {
								emit(i, j)
							}
						}
					}
				}
				if a := addressKey(p); a != "" {
					if b := ix.buckets[k+"@"+a]; len(b) <= ix.cfg.MaxBucket {
						for _, j := range b {
							emit(i, j)
						}
					}
				}
			} else {
				for _, j := range ix.buckets[k] {
					emit(i, j)
				}
			}
		}
		for _, k := range contactKeys(p) {
			if b := ix.buckets[k]; len(b) <= ix.cfg.MaxBucket {
				for _, j := range b {
					emit(i, j)
				}
			}
		}
		if p.point != nil {
			c := ix.cell(*p.point)
			cos := math.Cos(p.point.Lat * math.Pi / 180)
			span := int32(1)
			if cos > 0.01 {
				span = int32(math.Ceil(1 / cos))
			} else {
				span = 100
			}
			for dy := int32(-1); dy <= 1; dy++ {
				for dx := -span; dx <= span; dx++ {
					for _, j := range ix.grid[[2]int32{c[0] + dy, c[1] + dx}] {
						if distanceMetres(*p.point, *ix.recs[j].point) <= ix.cfg.Radius {
							emit(i, j)
						}
					}
				}
			}
		}
	}
	return out
}

// sortPairs puts the parts' pairs in one list sorted by I then J: counted
// by I (positions below n), then each I's few pairs sorted by J.
func sortPairs(parts [][]Pair, n int) []Pair {
	start := make([]int, n+1)
	for _, part := range parts {
		for _, p := range part {
			start[p.I+1]++
		}
	}
	for i := range n {
		start[i+1] += start[i]
	}
	out := make([]Pair, start[n])
	at := append([]int(nil), start[:n]...)
	for _, part := range parts {
		for _, p := range part {
			out[at[p.I]] = p
			at[p.I]++
		}
	}
	for i := range n {
		if run := out[start[i]:start[i+1]]; len(run) > 1 {
			slices.SortFunc(run, func(a, b Pair) int { return a.J - b.J })
		}
	}
	return out
}

// score scores the pair (i, j) without the notes' details (fast).
func (ix *Index) score(i, j int) Scores { return ix.cfg.compare(ix.recs[i], ix.recs[j], false) }

// Compare scores the candidate pair (i, j).
func (ix *Index) Compare(i, j int) Scores { return ix.cfg.compare(ix.recs[i], ix.recs[j], true) }
