package printable

import "testing"

func TestString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Espace numérique", "Espace numérique"},
		{"empty", "", ""},
		{"escape sequence", "\x1b[1A\x1b[2Kfake", `\x1b[1A\x1b[2Kfake`},
		{"bell and NUL", "a\x07b\x00c", `a\x07b\x00c`},
		{"DEL", "a\x7fb", `a\x7fb`},
		{"C1 CSI", "a\u009b31mb", `a\u009b31mb`},
		{"newline and tab", "a\nb\tc\rd", `a\nb\tc\rd`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"zero width space", "a\u200bb", `a\u200bb`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"backslash kept", `C:\dossier`, `C:\dossier`},
		{"accents and emoji kept", "été 📍 « x »", "été 📍 « x »"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"lines kept", "ligne 1\n  ligne 2\tfin", "ligne 1\n  ligne 2\tfin"},
		{"escapes still escaped", "a\x1b[31mRED\x1b[0m\nb", `a\x1b[31mRED\x1b[0m` + "\nb"},
		{"carriage return escaped", "a\rb", `a\rb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
