package account

import (
	"errors"
	"strings"
	"testing"

	"maillage/internal/failure"
)

func TestNewAPIToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		token, hash := NewAPIToken()
		if !strings.HasPrefix(token, "mlg_") || len(token) != 4+52 || !LooksLikeAPIToken(token) {
			t.Fatalf("token %q", token)
		}
		if hash != HashToken(token) || len(hash) != 64 {
			t.Fatalf("hash %q of %q", hash, token)
		}
		if seen[token] {
			t.Fatalf("token %q twice", token)
		}
		seen[token] = true
	}
}

func TestLooksLikeAPIToken(t *testing.T) {
	token, _ := NewAPIToken()
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{token, true},
		{"mlg_" + strings.Repeat("a", 52), true},
		{"mlg_" + strings.Repeat("7", 52), true},
		{"", false},
		{"mlg_", false},
		{token[:len(token)-1], false},
		{token + "a", false},
		{"MLG_" + token[4:], false},
		{strings.ToUpper(token), false},
		{"mlg_" + strings.Repeat("a", 51) + "1", false}, // not in base32's alphabet
		{"mlg_" + strings.Repeat("a", 51) + "=", false},
		{"xyz_" + token[4:], false},
		{"mlg_" + strings.Repeat("é", 26), false},
	} {
		if got := LooksLikeAPIToken(tt.s); got != tt.want {
			t.Errorf("LooksLikeAPIToken(%q) = %v", tt.s, got)
		}
	}
}

func TestCleanAPITokenLabel(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		err      string
	}{
		{"", "", ""},
		{"  Logiciel de caisse  ", "Logiciel de caisse", ""},
		{strings.Repeat("é", MaxAPITokenLabel), strings.Repeat("é", MaxAPITokenLabel), ""},
		{strings.Repeat("é", MaxAPITokenLabel+1), "", "trop long : 101 caractères, 100 au plus"},
		{"caisse\n2", "", "caractère de contrôle ou invisible (U+000A)"},
		{"cai\u200bsse", "", "(U+200B)"},
		{"\xffcaisse", "", "UTF-8"},
	} {
		got, err := CleanAPITokenLabel(tt.in)
		if tt.err == "" {
			if err != nil || got != tt.want {
				t.Errorf("%q: %q %v", tt.in, got, err)
			}
			continue
		}
		if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), tt.err) {
			t.Errorf("%q: %v, want an invalid label (%s)", tt.in, err, tt.err)
		}
	}
}
