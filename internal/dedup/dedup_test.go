package dedup

import "testing"

func TestBandNames(t *testing.T) {
	tests := []struct {
		b          Band
		name, code string
	}{
		{Same, "même lieu", "meme"},
		{Review, "à vérifier", "a_verifier"},
		{Distinct, "distincts", "distincts"},
		{Band(9), "bande inconnue", ""},
	}
	for _, tt := range tests {
		if got := tt.b.String(); got != tt.name {
			t.Errorf("Band(%d).String() = %q, want %q", tt.b, got, tt.name)
		}
		if got := tt.b.Code(); got != tt.code {
			t.Errorf("Band(%d).Code() = %q, want %q", tt.b, got, tt.code)
		}
	}
}
