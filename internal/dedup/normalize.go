package dedup

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold lowercases s, removes accents, turns ligatures into their letters and
// every character that is not a letter or a digit into a space, and squeezes
// spaces: "Médiathèque  l'Œuvre-St Jean" → "mediatheque l oeuvre st jean".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // no leading space
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
			space = false
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
			space = false
		case r == 'ß':
			b.WriteString("ss")
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// stopWords are French articles, prepositions and conjunctions that carry no
// identity in a name or a street name.
var stopWords = map[string]bool{
	"le": true, "la": true, "les": true, "l": true, "de": true, "du": true, "des": true,
	"d": true, "et": true, "en": true, "au": true, "aux": true, "a": true, "un": true,
	"une": true, "sur": true, "sous": true, "pour": true, "par": true, "dans": true,
	"chez": true, "the": true, "of": true,
}

// abbreviations expands the French abbreviations common in names and
// addresses, token by token (after fold).
var abbreviations = map[string]string{
	"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes",
	"gal": "general", "gen": "general", "mal": "marechal", "pdt": "president",
	"pres": "president", "dr": "docteur", "prof": "professeur", "cdt": "commandant",
	"lt": "lieutenant", "cne": "capitaine", "mgr": "monseigneur", "ndame": "notre dame",
	"nd": "notre dame", "jb": "jean baptiste", "cial": "commercial", "ccial": "commercial",
	"mun": "municipale", "munic": "municipale", "bibli": "bibliotheque", "biblio": "bibliotheque",
	"mediath": "mediatheque", "asso": "association", "assoc": "association",
	"cc": "communaute communes", "cdc": "communaute communes", "ca": "communaute agglomeration",
}

// tokens folds s and splits it into words, expanding abbreviations and
// dropping stop words.
func tokens(s string) []string {
	words := strings.Fields(fold(s))
	out := make([]string, 0, len(words))
	for _, w := range words {
		if e, ok := abbreviations[w]; ok {
			for _, x := range strings.Fields(e) {
				out = append(out, x)
			}
			continue
		}
		if stopWords[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}
