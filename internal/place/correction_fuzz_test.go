package place

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCorrection: a correction request the form accepts holds only
// readable text (what PostgreSQL stores), and what the form shows again
// after a refusal is readable.
func FuzzCorrection(f *testing.F) {
	for _, seed := range []struct{ field, message, contact string }{
		{"horaires", "Fermé le lundi", ""},
		{"horaires", "Fermé\x00 le lundi", ""},
		{"autre", "Ferm\xe9", "ada@hub.fr"},
		{"adresse", "ligne 1\r\nligne 2\tfin", "ada\x00@hub.fr"},
		{"ferme\xff", "\x7f\u0085", ""},
	} {
		f.Add(seed.field, seed.message, seed.contact)
	}
	f.Fuzz(func(t *testing.T, field, message, contact string) {
		c := Correction{Field: field, Message: message, Contact: contact}
		if c.Validate() == "" {
			for _, s := range []string{c.Field, c.Message, c.Contact} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Errorf("accepted %q", s)
				}
			}
		}
		for _, s := range []string{field, message, contact} {
			if r := Readable(s); unreadable(r) {
				t.Errorf("Readable(%q) = %q, still unreadable", s, r)
			}
		}
	})
}
