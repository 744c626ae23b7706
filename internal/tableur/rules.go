package tableur

import (
	"strings"
	"unicode"

	"maillage/internal/place"
)

// wordsOf splits s into its words, folded (case and accents ignored):
// « L'Espace  Numérique » → l, espace, numerique.
func wordsOf(s string) []string {
	return strings.FieldsFunc(place.FoldKey(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// hasPhrase reports whether the words ws hold one of the phrases (each a
// run of words) in a row.
func hasPhrase(ws []string, phrases [][]string) bool {
	for _, p := range phrases {
		for i := 0; i+len(p) <= len(ws); i++ {
			match := true
			for j, w := range p {
				if ws[i+j] != w {
					match = false
					break
				}
			}
			if match {
				return true
			}
		}
	}
	return false
}

// matches reports whether the rule recognises v (one value of one cell).
func (r *rule) matches(v string) bool {
	var ok bool
	switch {
	case r.byValue:
		k := place.FoldKey(strings.TrimSpace(v))
		for _, x := range r.values {
			if x == k {
				ok = true
				break
			}
		}
	case r.words != nil:
		ok = hasPhrase(wordsOf(v), r.words)
	case r.re != nil:
		ok = r.re.MatchString(v)
	}
	if !ok {
		return false
	}
	if r.exceptW != nil && hasPhrase(wordsOf(v), r.exceptW) {
		return false
	}
	if r.exceptR != nil && r.exceptR.MatchString(v) {
		return false
	}
	return true
}

// appliesTo reports whether the rule reads the column of key k (columnKey).
func (r *rule) appliesTo(k string) bool {
	if r.columns == nil {
		return true
	}
	for _, c := range r.colKeys {
		if c == k {
			return true
		}
	}
	return false
}
