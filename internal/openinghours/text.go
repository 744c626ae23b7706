package openinghours

import (
	"fmt"
	"strings"
)

// NoBreak is the no-break space (U+00A0) that the hours written for
// reading put between a number and « h » and around a range's dash, so
// that a narrow screen never wraps « 17 » away from « h », nor « – 17 h »
// away from its range.
const NoBreak = "\u00a0"

// HourText writes a time of day (minutes since midnight) for reading, in
// the French way: « 9 h », « 9 h 30 », « 17 h », with no-break spaces.
func HourText(minutes int) string {
	h, m := minutes/60, minutes%60
	if m == 0 {
		return fmt.Sprintf("%d%sh", h, NoBreak)
	}
	return fmt.Sprintf("%d%sh%s%02d", h, NoBreak, NoBreak, m)
}

// SpanText writes a range of hours for reading: « 9 h – 12 h », held
// together by no-break spaces.
func SpanText(from, to int) string {
	return HourText(from) + NoBreak + "–" + NoBreak + HourText(to)
}

// PlainSpaces turns the no-break spaces of HourText and SpanText back
// into ordinary spaces, for a text that is not laid out on a screen (an
// SMS: a no-break space is outside its 7-bit alphabet and would halve
// the characters a message holds).
func PlainSpaces(s string) string { return strings.ReplaceAll(s, NoBreak, " ") }
