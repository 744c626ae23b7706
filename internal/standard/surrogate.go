package standard

import "strconv"

// loneSurrogate returns the first escape of half a UTF-16 pair without its
// other half in the JSON string literal v ("\ud800" alone), or "":
// encoding/json would put U+FFFD in its place, silently changing the value.
func loneSurrogate(v []byte) string {
	code := func(i int) (rune, bool) { // the \u escape (four hexadecimal digits) at v[i:]
		if i+6 > len(v) || v[i] != '\\' || v[i+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(v[i+2:i+6]), 16, 16)
		return rune(n), err == nil
	}
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' {
			continue
		}
		r, ok := code(i)
		if !ok {
			i++ // another escape: \" \\ \n…
			continue
		}
		switch {
		case r >= 0xD800 && r <= 0xDBFF:
			if low, ok := code(i + 6); ok && low >= 0xDC00 && low <= 0xDFFF {
				i += 11
				continue
			}
			return string(v[i : i+6])
		case r >= 0xDC00 && r <= 0xDFFF:
			return string(v[i : i+6])
		}
		i += 5
	}
	return ""
}
