package place

import (
	"strings"
	"testing"
)

// An id mixing alphabets (a Cyrillic "і" among Latin letters) may pass for
// another: it is kept, with a warning.
func TestIDMixedScripts(t *testing.T) {
	for _, tt := range []struct {
		in   string
		warn string // in the message; "" for no warning
	}{
		{"lieu-1", ""},
		{"médiathèque-Œuvre-3", ""},
		{"lіeu-1", "latin et cyrillique"},   // U+0456
		{"еpn-albi", "latin et cyrillique"}, // U+0435
		{"epn-αlbi", "latin et grec"},       // U+03B1
		{"библиотека-7", ""},                // one alphabet
		{"ελληνικά-2", ""},
	} {
		l, ps, ok := hoursParser.Parse(valid(map[string]string{"id": tt.in}))
		p := problem(ps, "id", RuleIDChars)
		switch {
		case !ok || l.ID != tt.in:
			t.Errorf("%q: ok=%v id %q", tt.in, ok, l.ID)
		case tt.warn == "" && p != nil:
			t.Errorf("%q: %+v", tt.in, p)
		case tt.warn != "" && (p == nil || p.Severity != Warning || p.Value != tt.in || !strings.Contains(p.Message, tt.warn)):
			t.Errorf("%q: %+v, want a warning %q", tt.in, p, tt.warn)
		}
	}
}
