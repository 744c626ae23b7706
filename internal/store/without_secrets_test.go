package store

import "testing"

func TestWithoutSecrets(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://hub:S3CRET@api.exemple.fr/v0/lieux.csv?token=TOK3N&format=csv", "https://hub:masqué@api.exemple.fr/v0/lieux.csv?format=masqué&token=masqué"},
		// A lone user part is a token (https://TOKEN@host/).
		{"https://ghp_T0KEN@api.exemple.fr/lieux.csv", "https://masqué@api.exemple.fr/lieux.csv"},
		{"https://api.exemple.fr/lieux.csv#cle=T0KEN", "https://api.exemple.fr/lieux.csv#masqué"},
		// Not parsed as a URL (a bad port): masked all the same.
		{"http://hub:S3CRET@api.exemple.fr:port/lieux.csv?token=TOK3N", "http://masqué@api.exemple.fr:port/lieux.csv?masqué"},
		{"http://api.exemple.fr:port/lieux.csv?token=TOK3N", "http://api.exemple.fr:port/lieux.csv?masqué"},
		{"https://api.exemple.fr/lieux.csv", "https://api.exemple.fr/lieux.csv"},
		{"FILE:///etc/passwd", "FILE:///etc/passwd"},
		{"/srv/donnees/lieux.csv", "/srv/donnees/lieux.csv"},
		{"lieux-de-mediation-numerique-du-tarn", "lieux-de-mediation-numerique-du-tarn"},
		{"", ""},
	} {
		if got := WithoutSecrets(c.in); got != c.want {
			t.Errorf("WithoutSecrets(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
