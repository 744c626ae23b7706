package place

import "testing"

// Control characters in a value (terminal escapes, bells…) are removed with
// a warning, and the source's value is kept in the provenance; tabs and
// line breaks of a text stay.
func TestControlCharactersRemoved(t *testing.T) {
	tests := []struct {
		name, field, value, want string
		warned                   bool
	}{
		{"escape sequence in nom", "nom", "\x1b[1A\x1b[2Kfake", "[1A[2Kfake", true},
		{"bell in commune", "commune", "Albi\x07", "Albi", true},
		{"C1 control in adresse", "adresse", "1 rue\u009b31m", "1 rue31m", true},
		{"DEL in structure_parente", "structure_parente", "Ville\x7f", "Ville", true},
		{"line breaks kept", "presentation_detail", "ligne 1\r\nligne 2\tfin", "ligne 1\r\nligne 2\tfin", false},
		{"plain", "nom", "EPN", "EPN", false},
		// Bidi controls reorder what is displayed: out of identifying fields.
		{"bidi override in nom", "nom", "Espace \u202eeuqèhtaidém", "Espace euqèhtaidém", true},
		{"bidi isolates in adresse", "adresse", "1 rue \u2066du Port\u2069", "1 rue du Port", true},
		{"bidi embedding in commune", "commune", "\u202aAlbi", "Albi", true},
		{"bidi isolates kept in a presentation", "presentation_resume", "Accueil en \u2067العربية\u2069", "Accueil en \u2067العربية\u2069", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := valid(map[string]string{tt.field: tt.value})
			l, ps, ok := hoursParser.Parse(raw)
			if !ok {
				t.Fatalf("rejected: %+v", ps)
			}
			i := FieldIndex[tt.field]
			if got := l.Values()[i]; got != tt.want {
				t.Errorf("%s = %q, want %q", tt.field, got, tt.want)
			}
			warned := false
			for _, p := range ps {
				if p.Rule == RuleControl && p.Field == tt.field && p.Severity == Warning && p.Value == tt.value {
					warned = true
				}
			}
			if warned != tt.warned {
				t.Errorf("warning %s: %v, want %v (%+v)", RuleControl, warned, tt.warned, ps)
			}
			if tt.warned && l.Provenance.Original[tt.field] != tt.value {
				t.Errorf("provenance: %q, want %q", l.Provenance.Original[tt.field], tt.value)
			}
		})
	}
}
