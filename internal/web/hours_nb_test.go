package web

import (
	"regexp"
	"strings"
	"testing"
)

// nbHours finds, in a text a test expects, the spaces of hours that the
// pages write as no-break spaces: between a number and « h », after « h »
// before its minutes, around a range's dash.
var nbHours = regexp.MustCompile(`([0-9]) h( [0-9]{2})?( – )?`)

// nb writes the hours of an expected text as the pages do: « 9 h – 12 h »
// with no-break spaces (openinghours.HourText, SpanText), so that the
// tests read as plain French and still fail on an ordinary space.
func nb(s string) string {
	return nbHours.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, " ", "\u00a0") })
}

func TestNB(t *testing.T) {
	if got := nb("ouvre à 9 h ; 8 h 30 – 12 h, 14 h – 17 h 05."); got != "ouvre à 9\u00a0h ; 8\u00a0h\u00a030\u00a0–\u00a012\u00a0h, 14\u00a0h\u00a0–\u00a017\u00a0h\u00a005." {
		t.Errorf("nb: %q", got)
	}
}
