package pass

import (
	"strings"
	"testing"
)

func TestCodeRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		c := NewCode(KindPass)
		s := c.String()
		if len(s) != len("PN-7K3Q-M2XD-9HFA-TW4R-Z") || !strings.HasPrefix(s, "PN-") {
			t.Fatalf("format: %q", s)
		}
		if seen[s] {
			t.Fatalf("duplicate code %s in 2000 draws", s)
		}
		seen[s] = true
		for _, typed := range []string{s, strings.ToLower(s), strings.ReplaceAll(s, "-", ""), strings.ReplaceAll(s, "-", " "), s[3:], strings.ReplaceAll(s[3:], "-", "")} {
			got, ok := ParseCode(typed, KindPass)
			if !ok || got != c {
				t.Fatalf("ParseCode(%q) = %v, %v; want %v", typed, got, ok, c)
			}
		}
		if _, ok := ParseCode(s, KindCarnet); ok {
			t.Fatalf("a pass code %s read as a carnet's", s)
		}
	}
}

func TestCodeLookalikes(t *testing.T) {
	c := Code{Kind: KindPass, Data: "01AB01AB01AB01AB"}
	s := c.String()
	typed := strings.NewReplacer("0", "o", "1", "l").Replace(strings.ToLower(s[3:]))
	if got, ok := ParseCode(typed, KindPass); !ok || got != c {
		t.Fatalf("ParseCode(%q) = %v, %v", typed, got, ok)
	}
	typed = strings.ReplaceAll(s, "1", "I")
	if got, ok := ParseCode(typed, KindPass); !ok || got != c {
		t.Fatalf("ParseCode(%q) = %v, %v", typed, got, ok)
	}
}

// TestCodeTypos: every single-character substitution and every
// transposition of two adjacent data characters of many codes is refused.
func TestCodeTypos(t *testing.T) {
	for i := 0; i < 300; i++ {
		c := NewCode(KindPass)
		raw := []byte(c.Data + string(checkChar(c.Data)))
		for p := range raw {
			for _, x := range []byte(checks) {
				if x == raw[p] || (p < dataLen && x == 'U') {
					continue
				}
				typo := append([]byte(nil), raw...)
				typo[p] = x
				if got, ok := ParseCode(string(typo), KindPass); ok {
					t.Fatalf("typo %s of %s accepted as %v", typo, raw, got)
				}
			}
			if p+1 < dataLen && raw[p] != raw[p+1] {
				swap := append([]byte(nil), raw...)
				swap[p], swap[p+1] = swap[p+1], swap[p]
				if got, ok := ParseCode(string(swap), KindPass); ok {
					t.Fatalf("transposition %s of %s accepted as %v", swap, raw, got)
				}
			}
		}
	}
}

func TestCodeRefused(t *testing.T) {
	ok := NewCode(KindPass).String()
	for _, s := range []string{"", "PN", ok[:len(ok)-1], ok + "0", "PN-ÉÉÉÉ-M2XD-9HFA-TW4R-Z", "XX" + ok[2:], strings.Repeat("0", 200), "PN-UUUU-0000-0000-0000-0"} {
		if c, good := ParseCode(s, KindPass); good {
			t.Errorf("ParseCode(%q) accepted: %v", s, c)
		}
	}
}

// TestCodeNotASCII: a letter outside ASCII is refused, even when its
// upper case is an ASCII letter of the code (ſ → S, ı → I, and the Kelvin
// sign K, whose lower case is k).
func TestCodeNotASCII(t *testing.T) {
	for _, tt := range []struct {
		ascii  byte
		looked string
	}{{'S', "ſ"}, {'1', "ı"}, {'K', "\u212a"}} {
		for i := 0; ; i++ {
			s := NewCode(KindPass).String()
			at := strings.IndexByte(s[3:], tt.ascii)
			if at < 0 {
				continue
			}
			typed := s[:3+at] + tt.looked + s[3+at+1:]
			if c, ok := ParseCode(typed, KindPass); ok {
				t.Errorf("ParseCode(%q) of %s accepted: %v", typed, s, c)
			}
			break
		}
	}
}

func FuzzParseCode(f *testing.F) {
	f.Add("PN-9ER\u017f-ETC5-VCX4-ZH5R-Y") // PN-9ERS-ETC5-VCX4-ZH5R-Y with ſ
	f.Add("pn-vtjq-ctyv-htw7-fcp\u0131-u") // PN-VTJQ-CTYV-HTW7-FCP1-U with ı
	f.Add("PN-7K3Q-M2XD-9HFA-TW4R-Z")
	f.Add(NewCode(KindPass).String())
	f.Add(NewCode(KindCarnet).String())
	f.Add("pn 7k3q m2xd 9hfa tw4r z")
	f.Add("0000000000000000U")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := ParseCode(s, KindPass)
		if !ok {
			return
		}
		// Only ASCII is read: a code is typed on any keyboard.
		for i := 0; i < len(s); i++ {
			if s[i] > 0x7f {
				t.Fatalf("%q, not ASCII, read as %v", s, c)
			}
		}
		// A code read is printed in its canonical form, which reads back the same.
		back, ok := ParseCode(c.String(), KindPass)
		if !ok || back != c {
			t.Fatalf("%q → %v → %q → %v, %v", s, c, c.String(), back, ok)
		}
		if len(c.Data) != dataLen || c.Kind != KindPass {
			t.Fatalf("%q → %v", s, c)
		}
	})
}
