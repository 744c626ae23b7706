package search

import (
	"unicode"
	"unicode/utf8"
)

// Name search (the API's q=): every word of the query must begin a word of
// the place's name, ignoring case and accents: « media cantepau » finds
// « Médiathèque de Cantepau ». The index stores nothing for it: names are
// folded on the fly, without allocating, so the index stays as small as
// it was.

// MaxNameQuery bounds the length of a name query, in bytes.
const MaxNameQuery = 200

// nameMatcher is a compiled name query: its folded words.
type nameMatcher struct {
	words [][]byte
	buf   []byte // the folded name being matched (one query, one goroutine)
}

// compileName folds a name query into words; nil when it has none.
func compileName(q string) *nameMatcher {
	if len(q) > MaxNameQuery {
		q = q[:MaxNameQuery]
	}
	var m nameMatcher
	m.words = splitFolded(nil, string(foldName(nil, q)))
	if len(m.words) == 0 {
		return nil
	}
	return &m
}

// splitFolded splits a folded string into its words.
func splitFolded(dst [][]byte, s string) [][]byte {
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				dst = append(dst, []byte(s[start:i]))
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return dst
}

// match reports whether every word of the query begins a word of name.
func (m *nameMatcher) match(name string) bool {
	m.buf = foldName(m.buf[:0], name)
	for _, w := range m.words {
		if !hasWordPrefix(m.buf, w) {
			return false
		}
	}
	return true
}

// hasWordPrefix reports whether w begins one of the space-separated words of s.
func hasWordPrefix(s, w []byte) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if (i == 0 || s[i-1] == ' ') && string(s[i:i+len(w)]) == string(w) {
			return true
		}
	}
	return false
}

// foldName appends name folded (lower case, without accents, words
// separated by one space, as territory.Fold does), for the letters of
// French and its neighbours; other letters are only lower-cased.
func foldName(dst []byte, name string) []byte {
	space := false
	for i := 0; i < len(name); {
		c := name[i]
		var r rune
		if c < utf8.RuneSelf {
			r = rune(c)
			i++
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(name[i:])
			i += n
		}
		var folded string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			dst = appendWordByte(dst, &space, byte(r))
			continue
		case r >= 'A' && r <= 'Z':
			dst = appendWordByte(dst, &space, byte(r)+'a'-'A')
			continue
		case r < utf8.RuneSelf:
			space = true
			continue
		default:
			folded = latinFold[r]
		}
		if folded == "" {
			if unicode.Is(unicode.Mn, r) {
				continue // a combining accent
			}
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				space = true
				continue
			}
			folded = string(unicode.ToLower(r))
		}
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, folded...)
	}
	return dst
}

func appendWordByte(dst []byte, space *bool, b byte) []byte {
	if *space && len(dst) > 0 {
		dst = append(dst, ' ')
	}
	*space = false
	return append(dst, b)
}

// latinFold folds the accented letters of Latin-1 and Latin Extended-A.
var latinFold = func() map[rune]string {
	m := map[rune]string{}
	for _, g := range []struct{ base, letters string }{
		{"a", "àáâãäåÀÁÂÃÄÅāăąĀĂĄ"}, {"c", "çÇćĉċčĆĈĊČ"}, {"d", "ďđĎĐ"}, {"e", "èéêëÈÉÊËēĕėęěĒĔĖĘĚ"},
		{"g", "ĝğġģĜĞĠĢ"}, {"h", "ĥħĤĦ"}, {"i", "ìíîïÌÍÎÏĩīĭįıĨĪĬĮİ"}, {"j", "ĵĴ"}, {"k", "ķĶ"},
		{"l", "ĺļľŀłĹĻĽĿŁ"}, {"n", "ñÑńņňŃŅŇ"}, {"o", "òóôõöøÒÓÔÕÖØōŏőŌŎŐ"}, {"r", "ŕŗřŔŖŘ"},
		{"s", "śŝşšŚŜŞŠ"}, {"t", "ţťŧŢŤŦ"}, {"u", "ùúûüÙÚÛÜũūŭůűųŨŪŬŮŰŲ"}, {"w", "ŵŴ"}, {"y", "ýÿÝŷŶŸ"},
		{"z", "źżžŹŻŽ"}, {"oe", "œŒ"}, {"ae", "æÆ"}, {"ss", "ß"},
	} {
		for _, r := range g.letters {
			m[r] = g.base
		}
	}
	return m
}()
