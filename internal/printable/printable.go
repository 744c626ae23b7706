// Package printable makes text safe to show on a terminal: control and
// invisible characters of outside data (a value, an id, a file name) are
// written as escapes (\x1b, \u202e) instead of being interpreted by the
// terminal or hidden from the reader.
//
// It is for human-readable output only (text reports, diagnostics on
// stderr, progress); JSON and CSV reports keep values as they are.
package printable

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String escapes every control or invisible character of s, line breaks and
// tabs included: the result holds on one line.
func String(s string) string { return escape(s, false) }

// Text escapes like String but keeps line feeds and tabs, for messages of
// several lines.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepLines bool) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r == utf8.RuneError || unsafe(r, keepLines) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for s = s[i:]; s != ""; {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case r == '\n' && !keepLines:
			b.WriteString(`\n`)
		case r == '\t' && !keepLines:
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafe(r, keepLines) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafe(r, keepLines):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

// unsafe tells a character a terminal would act on or a reader would not
// see: C0, DEL and C1 controls, format characters (bidirectional overrides,
// zero-width spaces, BOM), line and paragraph separators.
func unsafe(r rune, keepLines bool) bool {
	if keepLines && (r == '\n' || r == '\t') {
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}
