package store

import (
	"strings"
	"testing"

	"maillage/internal/place"
)

// The id a colliding record gets is built from its source's name and goes
// through the same rule as ids: no path syntax, no control characters, no
// more than place.MaxIDLength bytes.
func TestPublicIDIsSafe(t *testing.T) {
	taken := map[string]bool{"lieu-1": true, "hub-lieu-1": true, strings.Repeat("i", 200): true}
	isTaken := func(s string) bool { return taken[s] }
	for _, tt := range []struct{ id, source, want string }{
		{"lieu-2", "hub", "lieu-2"},
		{"lieu-1", "cr", "cr-lieu-1"},
		{"lieu-1", "hub", "hub-lieu-1-2"},
		{"lieu-1", "../../espace/supprimer?x=", "..-..-espace-supprimer-x=-lieu-1"},
		{"lieu-1", "a\x1b[31mRED\x1b[0m/../b", "a-[31mRED-[0m-..-b-lieu-1"},
		{"lieu-1", "..", "..-lieu-1"},
		// The changes feed's path segment is no place's id.
		{"changements", "hub", "hub-changements"},
		{strings.Repeat("i", 200), "hub", "hub-" + strings.Repeat("i", 196)},
	} {
		got := PublicID(tt.id, tt.source, isTaken)
		if got != tt.want {
			t.Errorf("PublicID(%q, %q) = %q, want %q", tt.id, tt.source, got, tt.want)
		}
		if safe, ok := place.SafeID(got); !ok || safe != got {
			t.Errorf("PublicID(%q, %q) = %q is not a safe id", tt.id, tt.source, got)
		}
	}
}
