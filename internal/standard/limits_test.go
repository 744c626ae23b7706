package standard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"maillage/internal/place"
)

const header = "id,nom,commune,code_postal,adresse,date_maj\n"

// scanAll reads a whole file with the given limits, returning the error
// diagnostics and the error that stopped it.
func scanAll(t *testing.T, in io.Reader, lim Limits) ([]Diagnostic, Summary, error) {
	t.Helper()
	return scanAllCtx(t, context.Background(), in, lim)
}

func scanAllCtx(t *testing.T, ctx context.Context, in io.Reader, lim Limits) ([]Diagnostic, Summary, error) {
	t.Helper()
	sc, err := NewScannerOptions(in, "f", Options{Context: ctx, Limits: lim})
	if err != nil {
		return nil, Summary{}, err
	}
	var errs []Diagnostic
	for sc.Scan() {
		for _, d := range sc.Entry().Diagnostics {
			if d.Severity == place.Error {
				errs = append(errs, d)
			}
		}
	}
	return errs, sc.Summary, sc.Err()
}

// endless repeats b up to n bytes without keeping them in memory.
type endless struct {
	b   []byte
	n   int64
	off int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && int64(k) < e.n {
		p[k] = e.b[e.off%len(e.b)]
		e.off++
		k++
	}
	e.n -= int64(k)
	return k, nil
}

func TestLimitsStopTheFile(t *testing.T) {
	lim := Limits{File: 64 << 20, Record: 1 << 20, Field: 64 << 10}
	good := "a,EPN,Albi,81000,1 rue,2026-01-01\n"
	for _, tt := range []struct {
		name string
		in   io.Reader
		want string
	}{
		{"endless line", io.MultiReader(strings.NewReader(header+good), &endless{b: []byte("x"), n: 200 << 20}),
			"f, ligne 3 : enregistrement commençant ligne 3 de plus de 1 Mo"},
		{"endless quoted field", io.MultiReader(strings.NewReader(header+good+"b,\""), &endless{b: []byte("ab\n"), n: 200 << 20}),
			"f, ligne 3 : enregistrement commençant ligne 3 de plus de 1 Mo"},
		{"endless header", &endless{b: []byte("id,nom,"), n: 200 << 20},
			"f, ligne 1 : en-tête de plus de 1 Mo"},
		{"too big a file", io.MultiReader(strings.NewReader(header), &endless{b: []byte(good), n: 100 << 20}),
			"f : fichier de plus de 2 Mo (après décompression)"},
		{"endless JSON element", io.MultiReader(strings.NewReader(`[{"id":"a","nom":"`), &endless{b: []byte("x"), n: 200 << 20}),
			"f : l'élément 1 de plus de 1 Mo (un élément JSON"},
		{"JSON element with too many keys", io.MultiReader(strings.NewReader(`[{"id":"a"`), &endless{b: []byte(`,"k":1`), n: 200 << 20}),
			"f : l'élément 1 de plus de 1 Mo (un élément JSON"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lim := lim
			if tt.name == "too big a file" {
				lim.File = 2 << 20
			}
			_, _, err := scanAll(t, tt.in, lim)
			var le *LimitError
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.As(err, &le) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// 100 000 distinct keys in one object are read in linear time (every key
// was looked up in a list of the keys seen: 500 000 took 12 minutes), and
// the element is rejected with one diagnostic: more than MaxKeys keys.
// BenchmarkJSONManyKeys measures it.
func TestJSONManyKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString(`[{"id":"a","nom":"EPN","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"`)
	for i := range 100000 {
		fmt.Fprintf(&b, `,"k%d":1`, i)
	}
	b.WriteString("}]")
	errs, sum, err := scanAll(t, strings.NewReader(b.String()), Limits{Record: 8 << 20, Field: 64 << 10})
	if err != nil || len(errs) != 1 || sum.Rejected != 1 || !strings.Contains(errs[0].Message, "l'élément 1 a 100\u202f006 champs : plus que la limite de 256") {
		t.Fatalf("%v %v %s", err, errs, sum)
	}
}

func TestValuesRefused(t *testing.T) {
	lim := Limits{Record: 1 << 20, Field: 100}
	long := strings.Repeat("é", 60)
	for _, tt := range []struct {
		name, in string
		want     string // in the only error diagnostic
		field    string
		rule     string
	}{
		{"long CSV value", header + "a," + long + ",Albi,81000,1 rue,2026-01-01\n",
			"f, ligne 2 : erreur [id a] champ nom : valeur de 120 octets dans le champ nom : plus que la limite de 100 octets par valeur", "nom", place.RuleMaxSize},
		{"NUL in CSV", header + "a,EPN\x00,Albi,81000,1 rue,2026-01-01\n",
			"caractère nul (octet 0) dans le champ nom : refusé", "nom", place.RuleControl},
		{"long JSON value", `[{"id":"a","nom":"` + long + `","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"}]`,
			"f, élément 1 : erreur [id a] champ nom : valeur de 120 octets dans le champ nom", "nom", place.RuleMaxSize},
		{"NUL in JSON", `[{"id":"a","nom":"EPN\u0000","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"}]`,
			"caractère nul (octet 0) dans le champ nom : refusé", "nom", place.RuleControl},
		{"NUL in a JSON key", `[{"id":"a","nom\u0000":"EPN","commune":"Albi","code_postal":"81000","adresse":"1 rue","date_maj":"2026-01-01"}]`,
			"nom de champ refusé : caractère nul", "nom\x00", place.RuleControl},
	} {
		t.Run(tt.name, func(t *testing.T) {
			errs, sum, err := scanAll(t, strings.NewReader(tt.in), lim)
			if err != nil || len(errs) != 1 || sum.Rejected != 1 {
				t.Fatalf("%v %v %s", err, errs, sum)
			}
			d := errs[0]
			if !strings.Contains(d.String(), tt.want) || d.Field != tt.field || d.Rule != tt.rule || len(d.Value) > 100 {
				t.Errorf("%s\nwant %q (field %q, rule %s)", d.String(), tt.want, tt.field, tt.rule)
			}
		})
	}
	if _, _, err := scanAll(t, strings.NewReader("id,n\x00om\n"), lim); err == nil || !strings.Contains(err.Error(), "caractère nul") {
		t.Errorf("NUL in the header: %v", err)
	}
}

// Reading stops when the context is cancelled, even in the middle of a file.
func TestReadingHonoursTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := io.MultiReader(strings.NewReader(header), &endless{b: []byte("a,EPN,Albi,81000,1 rue,2026-01-01\n"), n: 1 << 40})
	sc, err := NewScannerOptions(in, "f", Options{Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for sc.Scan() {
		if n++; n == 1000 {
			cancel()
		}
	}
	if err := sc.Err(); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "lecture interrompue") {
		t.Errorf("%d records, %v", n, err)
	}
}

func TestJSONErrorsSayLineAndColumn(t *testing.T) {
	for in, want := range map[string]string{
		"[\n  {\"id\": \"a\",\n   \"nom\" \"x\"}\n]": "f, ligne 3 : JSON invalide (colonne 10) : caractère « \" » inattendu : « : » est attendu après le nom d'un champ",
		"\n\n[{\"id\": \"a\"},\n {\"id\": \"b\",}]":  "f, ligne 4 : JSON invalide (colonne 13) : caractère « } » inattendu : le nom d'un champ, entre guillemets, est attendu",
		"[{\"id\": \"é\", \"nom\": x}]":              "f, ligne 1 : JSON invalide (colonne 21) : caractère « x » inattendu : une valeur est attendue",
		"[{\"id\": \"a\"}, {\"id\": ":                "f, ligne 1 : JSON invalide (colonne 22) : fin de fichier inattendue : le fichier semble tronqué",
		"{\"lieux\": {\"id\": 1}}":                   "f, ligne 1 : JSON inattendu (colonne 11) : « lieux » devrait être un tableau",
	} {
		_, _, err := scanAll(t, strings.NewReader(in), DefaultLimits)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "octet") {
			t.Errorf("%q: %v\nwant %q", in, err, want)
		}
	}
}

func TestCSVErrorsInFrench(t *testing.T) {
	errs, _, err := scanAll(t, strings.NewReader(header+"a,EP\"N,Albi,81000,1 rue,2026-01-01\n"), DefaultLimits)
	if err != nil || len(errs) != 1 || !strings.Contains(errs[0].Message, "guillemet « \" » au milieu d'une valeur sans guillemets") {
		t.Errorf("%v %v", err, errs)
	}
}

func TestSizes(t *testing.T) {
	for in, want := range map[string]int64{"512Mo": 512 << 20, "64 Ko": 64 << 10, "1,5 Mo": 3 << 19, "2G": 2 << 30, "1048576": 1 << 20, "0": 0, "10mib": 10 << 20} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "Mo", "12 lieues", "1e30", "-3Mo"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
	for n, want := range map[int64]string{64 << 10: "64 Ko", 1 << 20: "1 Mo", 3 << 19: "1,5 Mo", 100: "100 octets", 256 << 20: "256 Mo"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
