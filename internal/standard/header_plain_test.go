package standard

import (
	"errors"
	"strings"
	"testing"
)

// A header error's plain form, for messages shown to others than who gave
// the file, names the standard's columns but none of the file's others.
func TestHeaderPlain(t *testing.T) {
	tests := []struct {
		in    string
		wants []string
	}{
		{"adresse,code_postal,SECRET=abc\n1 rue,81000,x\n", []string{
			"f.csv, ligne 1 : en-tête incomplet", "colonnes du standard trouvées : adresse, code_postal", "1 autre colonne", "maillage validate"}},
		{"SECRET=abc;Raison sociale\n1;EPN\n", []string{
			"f.csv, ligne 1 : en-tête non reconnu", "parmi les 2 colonnes du fichier", "ce n'est pas un fichier du standard"}},
		{"SECRET=abc,SECRET=abc\n1,2\n", []string{"colonne en double dans l'en-tête"}},
	}
	for _, tt := range tests {
		_, err := NewScanner(strings.NewReader(tt.in), "f.csv")
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Fatalf("%q: %v", tt.in, err)
		}
		plain := fe.PlainError()
		if strings.Contains(plain, "SECRET") || strings.Contains(plain, "Raison") {
			t.Errorf("%q: plain form quotes the file: %s", tt.in, plain)
		}
		for _, w := range tt.wants {
			if !strings.Contains(plain, w) {
				t.Errorf("%q: %s\nwant %q", tt.in, plain, w)
			}
		}
	}
	// A column of the standard given twice is named.
	_, err := NewScanner(strings.NewReader("id,nom,id\n1,a,1\n"), "f.csv")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.PlainError(), "« id » en double") {
		t.Errorf("standard column twice: %v", err)
	}
}
