package access

import (
	"errors"
	"io"
	"strings"
	"testing"

	"maillage/internal/failure"
)

// The errors of a candidates file are French, name the file, the line,
// the column or field, the value and the rule; nothing of Go's English
// messages reaches the user.
func TestReadCandidatesFrenchErrors(t *testing.T) {
	ref := testReferential()
	for _, tt := range []struct{ name, in, want string }{
		{"bare quote", "id,lat,lon\na,4\"5,4\n", "sites.csv, ligne 2, caractère 4 : CSV illisible : guillemet isolé dans un champ sans guillemets"},
		{"quote never closed", "id,lat,lon\na,\"45\n", "sites.csv, ligne 2 : CSV illisible : guillemet en trop ou jamais refermé"},
		{"bare quote in the header", "i\"d,lat,lon\na,45,4\n", "sites.csv, ligne 1, caractère 2 : CSV illisible : guillemet isolé"},
		{"name too long", "id,nom,lat,lon\na," + strings.Repeat("é", 301) + ",45,4\n", "sites.csv, ligne 2, colonne « nom », valeur « éééé"},
		{"control character", "id,nom,lat,lon\na,\"x\x1b[2Jy\",45,4\n", "sites.csv, ligne 2, colonne « nom », valeur « x\\x1b[2Jy » : caractère de contrôle"},
		{"too many", "id,lat,lon\na,45,4\nb,45,4\nc,45,4\n", "sites.csv, ligne 4 : plus de 2 sites candidats : un fichier en a 2 au plus"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func(n int) { maxCandidates = n }(maxCandidates)
			maxCandidates = 2
			_, err := ReadCandidates(strings.NewReader(tt.in), "sites.csv", ref)
			msg := failure.MessageOf(err)
			if !errors.Is(err, failure.ErrInvalid) || !strings.Contains(msg, tt.want) {
				t.Fatalf("%v\nwant %q", err, tt.want)
			}
			for _, english := range []string{"parse error", "bare", "quoted-field", "extraneous"} {
				if strings.Contains(msg, english) {
					t.Errorf("English in the message: %q", msg)
				}
			}
		})
	}
	if _, err := ReadCandidates(strings.NewReader("id,nom,lat,lon\na,"+strings.Repeat("é", 300)+",45,4\n"), "sites.csv", ref); err != nil {
		t.Errorf("a name of 300 characters: %v", err)
	}
}

// A candidates file is read up to a bound: a file without end is stopped
// with an error naming the file and the bound, not read into memory.
func TestReadCandidatesSizeBound(t *testing.T) {
	defer func(n int64) { maxCandidatesBytes = n }(maxCandidatesBytes)
	maxCandidatesBytes = 1 << 20
	endless := io.MultiReader(strings.NewReader("id,nom,lat,lon\na,"), neverEnding('x'))
	_, err := ReadCandidates(endless, "sites.csv", testReferential())
	if want := "sites.csv : fichier de plus de 1 Mo : lecture arrêtée (un fichier de sites candidats en a 1 Mo au plus)"; !errors.Is(err, failure.ErrInvalid) || !strings.Contains(failure.MessageOf(err), want) {
		t.Fatalf("%v\nwant %q", err, want)
	}
}

// neverEnding is an endless stream of one byte.
type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}
