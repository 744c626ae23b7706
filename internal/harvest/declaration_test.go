package harvest

import (
	"strings"
	"testing"
	"time"

	"maillage/internal/store"
)

// Intervals under the minimum are refused, said plainly (1ns was echoed
// then stored as 0: on demand only).
func TestIntervalMinimum(t *testing.T) {
	for _, in := range []string{"1ns", "500ms", "59s", "4m", "4m59s"} {
		_, err := ParseInterval(in)
		if err == nil || !strings.Contains(err.Error(), "au moins 5 minutes") {
			t.Errorf("ParseInterval(%q): %v", in, err)
		}
	}
	for _, in := range []string{"5m", "300s", "1h"} {
		if d, err := ParseInterval(in); err != nil || d < MinInterval {
			t.Errorf("ParseInterval(%q) = %v, %v", in, d, err)
		}
	}
}

// A declaration with an out-of-bounds priority or interval, or an address
// in another scheme than http(s), is refused in French.
func TestCheckBounds(t *testing.T) {
	ok := store.Source{Name: "hub", Type: store.SourceStandard, URL: "https://exemple.fr/l.csv"}
	tests := []struct {
		name string
		edit func(*store.Source)
		want string
	}{
		{"priority too low", func(s *store.Source) { s.Priority = -99999999999 }, "priorité"},
		{"priority too high", func(s *store.Source) { s.Priority = MaxPriority + 1 }, "entre -1000 et 1000"},
		{"interval too short", func(s *store.Source) { s.Interval = time.Nanosecond }, "au moins 5 minutes"},
		{"ftp", func(s *store.Source) { s.URL = "ftp://x/y" }, "seules les adresses http:// et https://"},
		{"file", func(s *store.Source) { s.URL = "file:///etc/passwd" }, "seules les adresses http:// et https://"},
		{"coop in ftp", func(s *store.Source) { s.Type, s.URL = store.SourceCoop, "ftp://x/y" }, "https://"},
	}
	for _, tt := range tests {
		src := ok
		tt.edit(&src)
		if err := Check(&src); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	for _, p := range []int{-MaxPriority, 0, MaxPriority} {
		src := ok
		src.Priority = p
		if err := Check(&src); err != nil {
			t.Errorf("priority %d: %v", p, err)
		}
	}
}
