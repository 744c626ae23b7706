package harvest

import (
	"testing"
	"time"
)

func TestInterval(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		back string
	}{
		{"24h", 24 * time.Hour, "1j"}, {"7j", 7 * 24 * time.Hour, "7j"}, {"30m", 30 * time.Minute, "30m"},
		{"6h", 6 * time.Hour, "6h"}, {"", 0, "à la demande"}, {"0", 0, "à la demande"},
	} {
		got, err := ParseInterval(tt.in)
		if err != nil || got != tt.want || FormatInterval(got) != tt.back {
			t.Errorf("ParseInterval(%q) = %v, %v (%q), want %v (%q)", tt.in, got, err, FormatInterval(got), tt.want, tt.back)
		}
	}
	for _, bad := range []string{"souvent", "-1h", "2x", "j", "99999j"} {
		if _, err := ParseInterval(bad); err == nil {
			t.Errorf("ParseInterval(%q) accepted", bad)
		}
	}
}
