package harvest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseInterval reads how often a source is harvested: "24h", "30m",
// "7j" (days); "" or "0" is on demand only.
func ParseInterval(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	bad := fmt.Errorf("durée « %s » illisible : 24h, 30m ou 7j", s)
	if days, ok := strings.CutSuffix(s, "j"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 3660 {
			return 0, bad
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, bad
	}
	if d < MinInterval {
		return 0, shortInterval(s)
	}
	return d, nil
}

// shortInterval refuses an interval under MinInterval.
func shortInterval(s string) error {
	return fmt.Errorf("durée « %s » trop courte : au moins 5 minutes entre deux moissons (5m, 1h, 24h, 7j ; 0 pour moissonner à la demande seulement)", s)
}

// FormatInterval writes an interval as ParseInterval reads it, "à la
// demande" for none.
func FormatInterval(d time.Duration) string {
	switch {
	case d <= 0:
		return "à la demande"
	case d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + "j"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
	return d.String()
}
