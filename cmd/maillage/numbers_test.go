package main

import (
	"strings"
	"testing"
)

// TestNumbersAsPeopleWriteThem: the numbers of options and settings are
// read as people write them (a decimal point or comma), never in Go's own
// syntaxes (0x1p-2, 3_0, Inf), and a refusal names the option, the value
// and the rule.
func TestNumbersAsPeopleWriteThem(t *testing.T) {
	for _, s := range []string{"0x1p-2", "3_0%", "0x1P-2%", "0_3", "1e-1_0", "30 %%"} {
		if f, err := parseShare(s); err == nil {
			t.Errorf("parseShare(%q) = %v, want refused", s, f)
		} else if !strings.Contains(err.Error(), s) || !strings.Contains(err.Error(), "illisible") {
			t.Errorf("parseShare(%q): %v", s, err)
		}
	}
	// 0 % is refused with the valid range, as 150 % is.
	for _, s := range []string{"0%", "0", "0,0", "-0,3", "150%"} {
		if f, err := parseShare(s); err == nil {
			t.Errorf("parseShare(%q) = %v, want refused", s, f)
		} else if !strings.Contains(err.Error(), "entre 0 et 1 (0 exclu)") {
			t.Errorf("parseShare(%q): %v", s, err)
		}
	}
	for s, want := range map[string]float64{"30%": 0.3, "30 %": 0.3, "0,25": 0.25, "0.25": 0.25, "2,5 %": 0.025, "1": 1, "100%": 1} {
		if f, err := parseShare(s); err != nil || f != want {
			t.Errorf("parseShare(%q) = %v, %v; want %v", s, f, err, want)
		}
	}
	for _, v := range []string{"0x10", "1_0", "Inf"} {
		e := &env{getenv: func(k string) string {
			if k == "MAILLAGE_DOUBLONS_FUSION" {
				return v
			}
			return ""
		}}
		if _, err := dedupConfig(e); err == nil || !strings.Contains(err.Error(), "MAILLAGE_DOUBLONS_FUSION") || !strings.Contains(err.Error(), v) {
			t.Errorf("MAILLAGE_DOUBLONS_FUSION=%s: %v", v, err)
		}
	}
	for _, c := range [][2]string{{"0x1p-1", ""}, {"0_5", ""}, {"", "0x10"}, {"", "1_0"}} {
		if _, err := geocodingOptions("aucun", c[0], c[1]); err == nil {
			t.Errorf("geocoding score %q, rate %q accepted", c[0], c[1])
		}
	}
	if g, err := geocodingOptions("aucun", "0,6", "2,5"); err != nil || g.MinScore != 0.6 {
		t.Errorf("geocoding score 0,6, rate 2,5: %+v, %v", g, err)
	}
}
