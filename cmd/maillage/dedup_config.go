package main

import (
	"fmt"
	"strconv"
	"strings"

	"maillage/internal/dedup"
)

// dedupConfig reads the thresholds of the merge run that ends every import
// and harvest: MAILLAGE_DOUBLONS_FUSION (the total from which two records
// are merged automatically, default 7) and MAILLAGE_DOUBLONS_A_VERIFIER
// (from which a pair goes to the coordinators' review, default 3).
func dedupConfig(e *env) (*dedup.Config, error) {
	c := dedup.DefaultConfig()
	for _, v := range []struct {
		name string
		to   *float64
	}{{"MAILLAGE_DOUBLONS_FUSION", &c.Same}, {"MAILLAGE_DOUBLONS_A_VERIFIER", &c.Review}} {
		s := strings.TrimSpace(e.getenv(v.name))
		if s == "" {
			continue
		}
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil {
			return nil, usageError{fmt.Sprintf("%s : « %s » n'est pas un nombre de points", v.name, s)}
		}
		*v.to = f
	}
	if c.Review > c.Same {
		return nil, usageError{fmt.Sprintf("MAILLAGE_DOUBLONS_A_VERIFIER (%g) dépasse MAILLAGE_DOUBLONS_FUSION (%g)", c.Review, c.Same)}
	}
	return &c, nil
}
