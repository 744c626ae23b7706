package openinghours

import (
	"strings"
	"testing"
)

// An inverted range is said to be inverted; only a plausible night range
// gets the past-midnight spelling as a hint.
func TestCheckInvertedWording(t *testing.T) {
	for _, tt := range []struct {
		src       string
		want      []string
		forbidden string
	}{
		{"Su 12:00-10:00", []string{"12:00-10:00", "10:00-12:00"}, "34:00"},
		{"Mo 17:00-09:00", []string{"17:00-09:00", "09:00-17:00"}, "33:00"},
		{"Fr 22:00-02:00", []string{"22:00-26:00"}, ""},
	} {
		err := CheckInverted(tt.src)
		if err == nil {
			t.Errorf("%s: accepted", tt.src)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", tt.src, err, w)
			}
		}
		if tt.forbidden != "" && strings.Contains(err.Error(), tt.forbidden) {
			t.Errorf("%s: %q suggests %s", tt.src, err, tt.forbidden)
		}
	}
}
