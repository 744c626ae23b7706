package territory

import (
	"slices"
	"testing"
)

// TestCommuneCodes: a commune divided into municipal arrondissements holds
// their codes, written here by hand from the COG; an arrondissement and any
// other commune only their own.
func TestCommuneCodes(t *testing.T) {
	for _, tt := range []struct {
		code        string
		n           int
		first, last string
	}{
		{"75056", 21, "75101", "75120"},
		{"69123", 10, "69381", "69389"},
		{"13055", 17, "13201", "13216"},
		{"75111", 1, "75111", "75111"},
		{"81004", 1, "81004", "81004"},
	} {
		got := CommuneCodes(tt.code)
		if len(got) != tt.n || got[0] != tt.code || got[min(1, len(got)-1)] != tt.first || got[len(got)-1] != tt.last {
			t.Errorf("CommuneCodes(%s) = %v; want %d codes, %s … %s", tt.code, got, tt.n, tt.first, tt.last)
		}
		for _, c := range got[1:] {
			if ParentOf(c) != tt.code {
				t.Errorf("CommuneCodes(%s) holds %s, whose commune is %q", tt.code, c, ParentOf(c))
			}
		}
	}
	if got := CommuneCodes("75056"); !slices.Contains(got, "75111") || slices.Contains(got, "75100") || slices.Contains(got, "75121") {
		t.Errorf("Paris: %v", got)
	}
}
