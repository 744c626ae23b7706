package main

import (
	"slices"
	"strings"
	"testing"
)

// TestParseReminderDays: serve --rappels-pass takes days separated by
// commas, or « aucun »; anything else is refused in French.
func TestParseReminderDays(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []int
		err  string
	}{
		{"30,7", []int{30, 7}, ""},
		{" 15 , 3 ", []int{15, 3}, ""},
		{"aucun", []int{}, ""},
		{"30,sept", nil, "« sept » n'est pas un nombre de jours"},
		{"-1", nil, "« -1 » n'est pas un nombre de jours"},
		{"400", nil, "« 400 »"},
	} {
		got, err := parseReminderDays(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: %v, want an error saying %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) || got == nil {
			t.Errorf("%q: %v %v, want %v", tt.in, got, err, tt.want)
		}
	}
}
