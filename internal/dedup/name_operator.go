package dedup

import (
	"slices"
	"strings"
	"unicode"
)

// A place's name often carries its operator, an intercommunality, beside
// what the place is: « France services Rieumes - CC Cœur de Garonne »,
// « Maison France services (Communauté de communes du Pays de X) »,
// « France services, Gaillac Graulhet Agglo ». Another source names the
// same place without it (« MSAP Rieumes »). The operator's name tells who
// runs the place, not which place it is (one operator runs several), so
// its words are set apart from the distinctive words (Name.Operator) — as
// long as the name says something else; a name that is only its operator
// (« Communauté de communes du Pays de X ») is the operator's seat and is
// kept whole.

// operatorPrefixes name an intercommunality before its name (folded,
// expanded: « CC », « CdC » and « CA » are expanded before).
var operatorPrefixes = []string{
	"communaute de communes", "communaute communes", "communaute d agglomeration",
	"communaute agglomeration", "communaute urbaine", "metropole", "agglomeration",
}

// operatorSuffixes name an intercommunality after its name
// (« Gaillac Graulhet Agglo », « Toulouse Métropole »).
var operatorSuffixes = []string{"agglo", "agglomeration", "metropole"}

// nameSegments splits a name at the marks that separate its parts:
// parentheses, commas, slashes, dashes with a space beside them (a hyphen
// inside a word, « Cœur-de-Garonne », does not separate).
func nameSegments(name string) []string {
	var segs []string
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		sep := false
		switch r {
		case '(', ')', '[', ']', ',', ';', '|', ':', '/', '–', '—':
			sep = true
		case '-':
			sep = i > 0 && unicode.IsSpace(rs[i-1]) || i+1 < len(rs) && unicode.IsSpace(rs[i+1])
		}
		if sep {
			segs = append(segs, b.String())
			b.Reset()
			continue
		}
		b.WriteRune(r)
	}
	return append(segs, b.String())
}

// splitOperator returns a name folded and expanded, with spaces around
// every word, without its operator's part, and the operator's words. When
// nothing but the operator would remain, the name is returned whole.
func splitOperator(name string) (string, []string) {
	whole := " " + expand(fold(joinAcronyms(name))) + " "
	if !mentionsOperator(whole) {
		return whole, nil
	}
	var kept strings.Builder
	var operator []string
	kept.WriteByte(' ')
	for _, seg := range nameSegments(name) {
		f := " " + expand(fold(joinAcronyms(seg))) + " "
		rest, op := cutOperator(f)
		kept.WriteString(strings.TrimSpace(rest))
		kept.WriteByte(' ')
		operator = append(operator, op...)
	}
	if len(operator) == 0 || !saysSomething(kept.String()) {
		return whole, nil
	}
	return kept.String(), operator
}

// mentionsOperator reports whether a folded name (spaces around) holds a
// word of an intercommunality.
func mentionsOperator(s string) bool {
	for _, p := range operatorPrefixes {
		if strings.Contains(s, " "+p+" ") {
			return true
		}
	}
	for _, p := range operatorSuffixes {
		if strings.Contains(s, " "+p+" ") {
			return true
		}
	}
	return false
}

// cutOperator cuts the operator's part out of one folded segment (spaces
// around): an intercommunality's prefix and the words after it, or the
// words before its suffix when the segment names nothing else.
func cutOperator(f string) (rest string, operator []string) {
	at, end := -1, 0
	for _, p := range operatorPrefixes {
		if i := strings.Index(f, " "+p+" "); i >= 0 && (at < 0 || i < at) {
			at, end = i, i+len(p)+1
		}
	}
	if at >= 0 {
		if words := contentWords(f[end:]); len(words) > 0 {
			return f[:at+1], words
		}
	}
	for _, p := range operatorSuffixes {
		if !strings.HasSuffix(f, " "+p+" ") {
			continue
		}
		before := f[:len(f)-len(p)-1]
		if words := contentWords(before); len(words) > 0 && !namesAPlace(before) {
			return " ", words
		}
	}
	return f, nil
}

// contentWords returns the words of a folded string that are not stop
// words.
func contentWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// saysSomething reports whether a folded name has a word other than stop
// words.
func saysSomething(s string) bool { return len(contentWords(s)) > 0 }

// namesAPlace reports whether a folded segment (spaces around) names a kind
// of place or a secondary site: then it is not only an operator's name.
func namesAPlace(s string) bool {
	if branchName(s) {
		return true
	}
	for _, r := range renamings {
		if r[1] != "epci" && strings.Contains(s, " "+r[0]+" ") {
			return true
		}
	}
	return false
}

// pairWords returns the distinctive words to compare for two names. The
// operators' words are set apart (Name.Words) unless they tell the two
// apart or together: when both names give an operator, or when one name's
// operator is what the other name says (« Communauté de communes Vaison
// Ventoux » and « CC Vaison Ventoux (France services) »), each name is
// compared with its operator's words.
func pairWords(a, b Name) (wa, wb []string) {
	wa, wb = a.Words, b.Words
	switch {
	case len(a.Operator) > 0 && len(b.Operator) > 0,
		len(a.Operator) > 0 && WordsSimilarity(a.Operator, b.Words) >= 0.6,
		len(b.Operator) > 0 && WordsSimilarity(b.Operator, a.Words) >= 0.6:
		wa, wb = slices.Concat(a.Words, a.Operator), slices.Concat(b.Words, b.Operator)
	}
	return wa, wb
}
