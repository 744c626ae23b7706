package main

import (
	"strings"
	"testing"
)

// TestParseShareRefusesNaN: a share of records that is not a number
// between 0 and 1 (NaN, infinities) is refused in French: NaN would turn
// the mass-loss guard off.
func TestParseShareRefusesNaN(t *testing.T) {
	for _, s := range []string{"NaN", "NaN%", "nan", "Inf", "+Inf%", "-Inf"} {
		if f, err := parseShare(s); err == nil {
			t.Errorf("parseShare(%q) = %v, want refused", s, f)
		} else if !strings.Contains(err.Error(), "illisible") {
			t.Errorf("parseShare(%q): %v", s, err)
		}
	}
	for s, want := range map[string]float64{"40%": 0.4, "0,3": 0.3, "1": 1} {
		if f, err := parseShare(s); err != nil || f != want {
			t.Errorf("parseShare(%q) = %v, %v; want %v", s, f, err, want)
		}
	}
}

// TestDedupThresholdsPositive: a negative or zero threshold would merge
// (or send to review) every pair compared: refused with the variable's
// name.
func TestDedupThresholdsPositive(t *testing.T) {
	for _, vars := range []map[string]string{
		{"MAILLAGE_DOUBLONS_FUSION": "-100"},
		{"MAILLAGE_DOUBLONS_FUSION": "0"},
		{"MAILLAGE_DOUBLONS_A_VERIFIER": "-1"},
		{"MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE": "-8"},
		{"MAILLAGE_DOUBLONS_A_VERIFIER_MEME_SOURCE": "0"},
	} {
		e := &env{getenv: func(k string) string { return vars[k] }}
		var name string
		for k := range vars {
			name = k
		}
		if _, err := dedupConfig(e); err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "positif") {
			t.Errorf("%v: %v, want a refusal naming %s", vars, err, name)
		}
	}
}
