package main

import (
	"strings"
	"testing"
)

func TestParseRetentionDays(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		err  string
	}{
		{"730", 730, ""},
		{" 365 ", 365, ""},
		{"30", 0, "« 30 » n'est pas un nombre de jours entre 31 et 3660"},
		{"deux ans", 0, "« deux ans »"},
		{"100000", 0, "« 100000 »"},
	} {
		got, err := parseRetentionDays(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: %v, want an error saying %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: %d %v, want %d", tt.in, got, err, tt.want)
		}
	}
}
