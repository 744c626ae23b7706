package main

import (
	"math"
	"strings"
	"testing"
)

// TestDedupConfigWithinSource: the thresholds of pairs within one source
// are configuration, "jamais" turns the automatic merge within a source off,
// and bad values are refused with the variable's name.
func TestDedupConfigWithinSource(t *testing.T) {
	tests := []struct {
		name                  string
		env                   map[string]string
		sameWithin, revWithin float64
		err                   string
	}{
		{"defaults", nil, 8, 7, ""},
		{"numbers", map[string]string{"MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE": "12,5", "MAILLAGE_DOUBLONS_A_VERIFIER_MEME_SOURCE": "8"}, 12.5, 8, ""},
		{"never", map[string]string{"MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE": "jamais"}, math.Inf(1), 7, ""},
		{"not a number", map[string]string{"MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE": "souvent"}, 0, 0, "MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE"},
		{"review above merge", map[string]string{"MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE": "8", "MAILLAGE_DOUBLONS_A_VERIFIER_MEME_SOURCE": "9"}, 0, 0, "MAILLAGE_DOUBLONS_A_VERIFIER_MEME_SOURCE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &env{getenv: func(k string) string { return tt.env[k] }}
			c, err := dedupConfig(e)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one naming %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.SameWithin != tt.sameWithin || c.ReviewWithin != tt.revWithin {
				t.Errorf("within one source %v/%v, want %v/%v", c.SameWithin, c.ReviewWithin, tt.sameWithin, tt.revWithin)
			}
		})
	}
}
