package standard

import (
	"bytes"
	"strings"
	"testing"
)

func TestLoneSurrogate(t *testing.T) {
	for in, want := range map[string]string{
		`"abc"`:                  "",
		`"\ud83d\ude00 ok"`:      "",
		`"\\ud800"`:              "", // an escaped backslash, then text
		`"a \ud800 b"`:           `\ud800`,
		`"a \uDC00"`:             `\uDC00`,
		`"\ud83d\u0041"`:         `\ud83d`,
		`"fin \ud83d"`:           `\ud83d`,
		`"\n\t\"\ud83d\ude00\""`: "",
	} {
		if got := loneSurrogate([]byte(in)); got != want {
			t.Errorf("loneSurrogate(%s) = %q, want %q", in, got, want)
		}
	}
}

// A JSON record with a lone surrogate in a field is not read with U+FFFD
// in its place, silently: the record gets an error naming the field.
func TestJSONLoneSurrogate(t *testing.T) {
	in := `[{"id":"a","nom":"Espace \ud800 numérique","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"}]`
	r, err := NewReader(bytes.NewReader([]byte(in)), "surrogate.json")
	if err != nil {
		t.Fatal(err)
	}
	it, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if it.ErrField != "nom" || !strings.Contains(it.Err, `\ud800`) {
		t.Errorf("item: field %q, error %q, nom %q", it.ErrField, it.Err, it.Raw.Values[1])
	}
}
