package place

import (
	"strings"
	"testing"
)

// Ids become parts of addresses (/lieux/{id}/…): characters with a meaning
// in a URL path are rewritten, with a warning and the original kept; ids that
// cannot be made safe reject their record.
func TestIDCharacters(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		sev      Severity // of the id-caracteres problem; -1: none
	}{
		{"epn-albi-1", "epn-albi-1", -1},
		{"EPN 12 (mairie)", "EPN 12 (mairie)", -1},
		{"médiathèque:3", "médiathèque:3", -1},
		{"a/b", "a-b", Warning},
		{"../../espace/supprimer?x=", "..-..-espace-supprimer-x=", Warning},
		{`a\b#c%2Fd`, "a-b-c-2Fd", Warning},
		{"a\tb\x7fc\u0085d\u2028e", "a-b-c-d-e", Warning},
		// invisible: zero-width, bidi controls, BOM, soft hyphen
		{"lieu-1\u200b", "lieu-1-", Warning},
		{"\u202eabc", "-abc", Warning},
		{"a\u200cb\u200dc\u2060d\ufeffe\u00adf\u2066g", "a-b-c-d-e-f-g", Warning},
		{"..", "", Error},
		{".", "", Error},
		{strings.Repeat("x", 201), "", Error},
	} {
		l, ps, ok := hoursParser.Parse(valid(map[string]string{"id": tt.in}))
		p := problem(ps, "id", RuleIDChars)
		switch {
		case tt.sev < 0 && (p != nil || !ok || l.ID != tt.want):
			t.Errorf("%q: id %q ok=%v %+v", tt.in, l.ID, ok, p)
		case tt.sev >= 0 && (p == nil || p.Severity != tt.sev || p.Value != tt.in || ok != (tt.sev != Error)):
			t.Errorf("%q: ok=%v problem %+v, want severity %v", tt.in, ok, p, tt.sev)
		case tt.sev == Warning && (l.ID != tt.want || l.Provenance.Original["id"] != tt.in || !strings.Contains(p.Message, "« "+tt.want+" »")):
			t.Errorf("%q: id %q, original %q, %s", tt.in, l.ID, l.Provenance.Original["id"], p.Message)
		}
	}
}

// A safe id never holds what the rewriting removes, and is its own safe id.
func FuzzSafeID(f *testing.F) {
	for _, s := range []string{"epn-1", "../../espace/supprimer?x=", "a\\b#c%2F", "..", "a\tb\u2028", "é/ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		safe, ok := SafeID(id)
		if !ok {
			return
		}
		if strings.IndexFunc(safe, idReplaced) >= 0 || safe == "." || safe == ".." || len(safe) > MaxIDLength {
			t.Fatalf("SafeID(%q) = %q", id, safe)
		}
		if again, ok := SafeID(safe); !ok || again != safe {
			t.Fatalf("SafeID(%q) = %q, then %q", id, safe, again)
		}
	})
}
