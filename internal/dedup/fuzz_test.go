package dedup

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"MSAP de Bourg-en-Bresse", "Mairie annexe de St Jean", "Médiathèque l'Œuvre", "\xff\xfe", "  ",
		"France services Rieumes - CC Cœur de Garonne", "France services, Gaillac Graulhet Agglo", "(Communauté de communes du Val) – ", "CdC - - Agglo"} {
		f.Add(s, "Saint-Jean")
	}
	f.Fuzz(func(t *testing.T, name, commune string) {
		n := NormalizeName(name, commune)
		for _, w := range n.Words {
			if w == "" || strings.ContainsAny(w, " \t") || !utf8.ValidString(w) || stopWords[w] {
				t.Fatalf("NormalizeName(%q) word %q", name, w)
			}
		}
		for _, w := range n.Operator {
			if w == "" || strings.ContainsAny(w, " \t") || !utf8.ValidString(w) || stopWords[w] {
				t.Fatalf("NormalizeName(%q) operator word %q", name, w)
			}
		}
		if wa, wb := pairWords(n, n); len(wa) > 0 && WordsSimilarity(wa, wb) != 1 {
			t.Fatalf("NormalizeName(%q): words with operators %q not similar to themselves", name, wa)
		}
		// A name compared with itself never conflicts and is fully similar.
		if KindsConflict(n, n) {
			t.Fatalf("NormalizeName(%q) conflicts with itself", name)
		}
		if v := WordsSimilarity(n.Words, n.Words); len(n.Words) > 0 && v != 1 {
			t.Fatalf("WordsSimilarity of %q with itself = %v", n.Words, v)
		}
	})
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"12 bis av. du Gal de Gaulle", "n° 04 rue Pasteur BP 12 01000 Bourg", "12-14 rte de Lyon", "bis", "12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := ParseAddress(s, "Bourg")
		if v := AddressSimilarity(a, a); !a.Empty() && v != 1 && v != -1 {
			// An address is the same as itself, unless it has no street name.
			if len(a.Street) > 0 {
				t.Fatalf("AddressSimilarity(%q) with itself = %v (%+v)", s, v, a)
			}
		}
		if v := AddressSimilarity(a, ParseAddress("1 rue X", "")); v > 1 || v < -1 {
			t.Fatalf("similarity %v out of range", v)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"01 23 45 67 89", "+33 (0)1 23 45 67 89", "0262 12 34 56", "3939", "+", "00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizePhone(s)
		if n == "" {
			return
		}
		if n[0] != '+' || len(n) < 9 || len(n) > 16 || strings.Trim(n[1:], "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q) = %q, not E.164", s, n)
		}
		if again := NormalizePhone(n); again != n {
			t.Fatalf("NormalizePhone(%q) = %q, then %q", s, n, again)
		}
	})
}

func FuzzContacts(f *testing.F) {
	for _, s := range []string{"https://www.mairie-bourg.fr/x", "mailto:A@B.fr", "w123456789", "123 456 789 00012", "http://[::1]:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d := WebsiteDomain(s); d != "" && (strings.Count(d, ".") < 1 || strings.Contains(d, "/") || genericHosts[d]) {
			t.Fatalf("WebsiteDomain(%q) = %q", s, d)
		}
		if e := NormalizeEmail(s); e != "" && (strings.Count(e, "@") < 1 || strings.ToLower(e) != e) {
			t.Fatalf("NormalizeEmail(%q) = %q", s, e)
		}
		p := ParsePivot(s)
		if p.SIRET != "" && (len(p.SIRET) != 14 || p.SIREN != p.SIRET[:9]) {
			t.Fatalf("ParsePivot(%q) = %+v", s, p)
		}
		if p.SIRET == "00000000000000" {
			t.Fatalf("ParsePivot(%q) kept the placeholder", s)
		}
		if r := FuzzRatio(s, s); r != 100 && strings.TrimSpace(string(fuzzProcess(s))) != "" {
			t.Fatalf("FuzzRatio(%q, itself) = %d", s, r)
		}
	})
}
