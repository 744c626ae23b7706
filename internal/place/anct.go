package place

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The ANCT model library (@gouvfr-anct/lieux-de-mediation-numerique),
// through which the national tools read the standard's files, is stricter
// than the schema on two address fields (lib/cjs/models/adresse/adresse.js):
//
//	commune: ^[A-Za-z\dÀ-ÖØ-öø-ÿœ-ŸŒ\-'’\s]+$
//	voie:    ^[0-9A-Za-z\dÀ-ÖØ-öø-ÿœ-ŸŒ\-,()°.&:+–|;'’/\s]+$
//
// and it rejects the whole record when one fails. The official name
// « Château-Chinon (Ville) », a left quote used as an apostrophe or the
// literal escapes a spreadsheet export left behind (« 337\x20Rue… »)
// are enough. PublishableCommune and PublishableVoie rewrite a value so
// that it passes, keeping what it says.

// PublishableCommune returns the commune name as the ANCT library accepts
// it (parentheses and other signs become spaces), and whether it changed.
func PublishableCommune(s string) (string, bool) {
	return publishable(s, communeRune)
}

// PublishableVoie returns the street as the ANCT library accepts it, and
// whether it changed.
func PublishableVoie(s string) (string, bool) {
	return publishable(s, voieRune)
}

func publishable(s string, allowed func(rune) bool) (string, bool) {
	if s == "" {
		return s, false
	}
	ok := true
	for _, r := range s {
		if !allowed(r) {
			ok = false
			break
		}
	}
	if ok && strings.TrimSpace(s) == s {
		return s, false
	}
	t := decodeHexEscapes(s)
	var b strings.Builder
	for _, r := range t {
		switch {
		case allowed(r) && !unicode.IsSpace(r):
			b.WriteRune(r)
		case isApostrophe(r):
			b.WriteRune('’')
		case isDash(r):
			b.WriteRune('-')
		case unicode.IsLetter(r):
			// A letter outside the library's ranges (ł, ș…): its base
			// letter when it has one, a space otherwise.
			if base := baseLetter(r); base != 0 && allowed(base) {
				b.WriteRune(base)
			} else {
				b.WriteByte(' ')
			}
		default:
			b.WriteByte(' ')
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	return out, out != s
}

// decodeHexEscapes turns the literal escapes \xHH of a printable ASCII
// character, a tab, a line break or a no-break space back into the
// character.
func decodeHexEscapes(s string) string {
	if !strings.Contains(s, `\x`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) && s[i+1] == 'x' {
			if n, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil &&
				(n >= 0x20 && n < 0x7f || n == 0x09 || n == 0x0a || n == 0x0d || n == 0xa0) {
				b.WriteRune(rune(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// stroked are letters without a canonical decomposition.
var stroked = map[rune]rune{'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i'}

func baseLetter(r rune) rune {
	if b, ok := stroked[r]; ok {
		return b
	}
	d := norm.NFD.String(string(r))
	for _, c := range d {
		if c < 0x80 && unicode.IsLetter(c) {
			return c
		}
	}
	return 0
}

func isApostrophe(r rune) bool {
	switch r {
	case '‘', '‛', '`', '´', 'ʼ', 'ʹ', '′':
		return true
	}
	return false
}

func isDash(r rune) bool {
	switch r {
	case '‐', '‑', '‒', '—', '―', '−':
		return true
	}
	return false
}

// latinLetter is the library's [A-Za-zÀ-ÖØ-öø-ÿœ-ŸŒ].
func latinLetter(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' ||
		r >= 'À' && r <= 'Ö' || r >= 'Ø' && r <= 'ö' || r >= 'ø' && r <= 'ÿ' ||
		r >= 'œ' && r <= 'Ÿ' || r == 'Œ'
}

func communeRune(r rune) bool {
	return latinLetter(r) || r >= '0' && r <= '9' || r == '-' || r == '\'' || r == '’' || r == ' '
}

func voieRune(r rune) bool {
	if communeRune(r) {
		return true
	}
	return strings.ContainsRune(",()°.&:+–|;/", r)
}

// publishable rewrites the value of field i (commune or adresse) to the
// characters the ANCT library admits, keeping the source's value and
// saying what was done.
func (ps *parseState) publishable(i int, v string, allowed func(rune) bool) string {
	out, changed := publishable(v, allowed)
	if !changed {
		return v
	}
	ps.keep(i, ps.raw.Values[i])
	if out == "" {
		ps.add(Error, i, v, RuleANCTCharacters, "aucun caractère admis par la bibliothèque de l'ANCT (lettres latines, chiffres, espaces, apostrophes, tirets)")
		return v
	}
	var what []string
	if decodeHexEscapes(v) != v {
		what = append(what, "séquences d'échappement \\xHH décodées")
	}
	for _, r := range decodeHexEscapes(v) {
		if !allowed(r) && !unicode.IsSpace(r) {
			what = append(what, "caractères refusés par la bibliothèque de l'ANCT remplacés")
			break
		}
	}
	if strings.Join(strings.Fields(decodeHexEscapes(v)), " ") != decodeHexEscapes(v) {
		what = append(what, "espaces en trop retirés")
	}
	ps.add(Info, i, v, RuleANCTCharacters, "valeur réécrite en « "+out+" » ("+strings.Join(what, ", ")+")")
	return out
}
