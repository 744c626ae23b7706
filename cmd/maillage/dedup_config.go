package main

import (
	"fmt"
	"math"
	"strings"

	"maillage/internal/dedup"
)

// dedupConfig reads the thresholds of the merge run that ends every import
// and harvest: MAILLAGE_DOUBLONS_FUSION (the total from which two records
// are merged automatically, default 7) and MAILLAGE_DOUBLONS_A_VERIFIER
// (from which a pair goes to the coordinators' review, default 3); for two
// records of one source under different ids, MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE
// (default 8; "jamais": never merged automatically) and
// MAILLAGE_DOUBLONS_A_VERIFIER_MEME_SOURCE (default 7).
func dedupConfig(e *env) (*dedup.Config, error) {
	c := dedup.DefaultConfig()
	for _, v := range []struct {
		name  string
		to    *float64
		never bool // "jamais" is allowed: +Inf
	}{
		{"MAILLAGE_DOUBLONS_FUSION", &c.Same, false},
		{"MAILLAGE_DOUBLONS_A_VERIFIER", &c.Review, false},
		{"MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE", &c.SameWithin, true},
		{"MAILLAGE_DOUBLONS_A_VERIFIER_MEME_SOURCE", &c.ReviewWithin, false},
	} {
		s := strings.TrimSpace(e.getenv(v.name))
		if s == "" {
			continue
		}
		if v.never && strings.EqualFold(s, "jamais") {
			*v.to = math.Inf(1)
			continue
		}
		f, ok := decimalNumber(s)
		if !ok {
			if v.never {
				return nil, usageError{fmt.Sprintf("%s : « %s » n'est ni un nombre de points ni « jamais »", v.name, s)}
			}
			return nil, usageError{fmt.Sprintf("%s : « %s » n'est pas un nombre de points", v.name, s)}
		}
		if f <= 0 {
			// Every pair compared would be merged (or reviewed).
			return nil, usageError{fmt.Sprintf("%s : « %s » : un nombre de points positif est attendu", v.name, s)}
		}
		*v.to = f
	}
	if c.Review > c.Same {
		return nil, usageError{fmt.Sprintf("MAILLAGE_DOUBLONS_A_VERIFIER (%g) dépasse MAILLAGE_DOUBLONS_FUSION (%g)", c.Review, c.Same)}
	}
	if c.ReviewWithin > c.SameWithin {
		return nil, usageError{fmt.Sprintf("MAILLAGE_DOUBLONS_A_VERIFIER_MEME_SOURCE (%g) dépasse MAILLAGE_DOUBLONS_FUSION_MEME_SOURCE (%g)", c.ReviewWithin, c.SameWithin)}
	}
	return &c, nil
}
