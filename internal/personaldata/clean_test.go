package personaldata

import (
	"testing"
	"unicode/utf8"
)

// TestClean: the invisible characters go, the text stays; line breaks
// stay where allowed and become spaces elsewhere. Expected texts written
// by hand.
func TestClean(t *testing.T) {
	for _, tt := range []struct {
		in     string
		breaks bool
		want   string
	}{
		{"Atelier tablette\u00ad : création d’une adresse", true, "Atelier tablette : création d’une adresse"},
		{"👩\u200d💻 atelier", false, "👩💻 atelier"},
		{"\ufeffBOM", false, "BOM"},
		{"Bon\u200bjour", false, "Bonjour"},
		{"EPN\u202e", false, "EPN"},
		{"ligne 1\nligne 2\ttab", true, "ligne 1\nligne 2\ttab"},
		{"ligne 1\nligne 2\ttab", false, "ligne 1 ligne 2 tab"},
		{"bip\x07 fin\x00", true, "bip fin"},
		{"06\u200d12 34 56 78", false, "0612 34 56 78"},
		{"rien à retirer", false, "rien à retirer"},
	} {
		if got := Clean(tt.in, tt.breaks); got != tt.want {
			t.Errorf("Clean(%q, %v) = %q, want %q", tt.in, tt.breaks, got, tt.want)
		}
	}
}

// FuzzClean: Invisible finds nothing in what Clean returns, and Clean
// keeps every character Invisible does not flag.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\u00adb", "\ufeffx", "a\nb\tc\rd", "\u202ex\u2066", "👩\u200d💻"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, breaks bool) {
		if !utf8.ValidString(s) {
			return
		}
		c := Clean(s, breaks)
		if r, found := Invisible(c, breaks); found {
			t.Fatalf("Clean(%q, %v) = %q keeps U+%04X", s, breaks, c, r)
		}
		if _, found := Invisible(s, breaks); !found && c != s {
			t.Fatalf("Clean(%q, %v) = %q changed a text without invisible characters", s, breaks, c)
		}
	})
}
