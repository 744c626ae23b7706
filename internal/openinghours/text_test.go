package openinghours

import "testing"

// TestHourText: hours written for reading hold no ordinary space, so
// that a phone never wraps « 17 » / « h » (review 12N minor 5).
func TestHourText(t *testing.T) {
	for _, tc := range []struct {
		from, to   int
		hour, span string
	}{
		{9 * 60, 12 * 60, "9\u00a0h", "9\u00a0h\u00a0–\u00a012\u00a0h"},
		{14*60 + 30, 17*60 + 5, "14\u00a0h\u00a030", "14\u00a0h\u00a030\u00a0–\u00a017\u00a0h\u00a005"},
		{0, 24 * 60, "0\u00a0h", "0\u00a0h\u00a0–\u00a024\u00a0h"},
	} {
		if got := HourText(tc.from); got != tc.hour {
			t.Errorf("HourText(%d) = %q, want %q", tc.from, got, tc.hour)
		}
		if got := SpanText(tc.from, tc.to); got != tc.span {
			t.Errorf("SpanText(%d, %d) = %q, want %q", tc.from, tc.to, got, tc.span)
		}
	}
	if got := PlainSpaces(SpanText(9*60, 12*60+30)); got != "9 h – 12 h 30" {
		t.Errorf("PlainSpaces: %q", got)
	}
}
