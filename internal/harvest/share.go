package harvest

import (
	"fmt"
	"strconv"
	"strings"

	"maillage/internal/place"
)

// ParseShare reads the share of its records a harvest may withdraw (a
// source's perte_max): "0.3", "0,3", "30%" or "30 %", above 0 and at most
// 1. 0 is refused, not read as "no loss allowed": a source's share 0
// means the default one (30 %).
func ParseShare(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	f, ok := place.ParseDecimal(t)
	if !ok {
		return 0, fmt.Errorf("part « %s » illisible : un nombre décimal est attendu, entre 0 et 1 (0,3) ou en pourcentage (30 %%)", s)
	}
	if pct {
		f /= 100
	}
	if f <= 0 || f > 1 {
		return 0, fmt.Errorf("part « %s » hors des bornes : attendu entre 0 et 1 (0 exclu), ou en pourcentage de plus de 0 %% à 100 %%", s)
	}
	return f, nil
}

// FormatShare writes a source's share as a percentage, in French
// ("30 %", "12,5 %"; 0: the default).
func FormatShare(f float64) string {
	if f <= 0 {
		return "par défaut (30 %)"
	}
	return strings.Replace(strconv.FormatFloat(f*100, 'f', -1, 64), ".", ",", 1) + " %"
}
