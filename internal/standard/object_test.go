package standard

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"maillage/internal/place"
)

const objectBase = `"commune":"Albi","code_postal":"81000","adresse":"1 rue","source":"x","date_maj":"2026-01-01"`

// A file of elements each with thousands of invented keys: each element is
// rejected with one diagnostic, and the unknown keys of the accepted ones
// bring a bounded number of notices, not one per key.
func TestUnknownKeysBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for e := range 5 {
		if e > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"big-%d","nom":"Gros",%s`, e, objectBase)
		for k := range 3000 {
			fmt.Fprintf(&b, `,"x%d_%d":"v"`, e, k)
		}
		b.WriteString("}")
	}
	// 40 elements with 50 new unknown keys each: 2 000 names in all.
	for e := range 40 {
		fmt.Fprintf(&b, `,{"id":"ok-%d","nom":"Petit",%s`, e, objectBase)
		for k := range 50 {
			fmt.Fprintf(&b, `,"y%d_%d":"v"`, e, k)
		}
		b.WriteString("}")
	}
	b.WriteString("]")
	sc, err := NewScanner(strings.NewReader(b.String()), "f.json")
	if err != nil {
		t.Fatal(err)
	}
	unknown, tooMany := len(sc.FileDiagnostics), 0
	for sc.Scan() {
		for _, d := range sc.Entry().Diagnostics {
			switch {
			case d.Rule == place.RuleUnknownColumn:
				unknown++
				if d.Field != "" {
					t.Errorf("unknown-key notice with a field (never grouped): %s", d.String())
				}
			case d.Severity == place.Error && strings.Contains(d.Message, "a 3007 champs : plus que la limite de 256 par élément"):
				tooMany++
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if tooMany != 5 || sc.Summary.Rejected != 5 || sc.Summary.Accepted != 40 {
		t.Errorf("%d too-many-keys errors, %s", tooMany, sc.Summary)
	}
	// one per element bringing new keys, until 1 000 names, then one last
	if unknown > 25 {
		t.Errorf("%d unknown-key notices for 2 000 keys", unknown)
	}
}

// The unknown columns of a CSV header make one notice listing them.
func TestUnknownColumnsOneNotice(t *testing.T) {
	head := "id,nom,commune,code_postal,adresse,date_maj"
	for i := range 30 {
		head += fmt.Sprintf(",extra%d", i)
	}
	sc, err := NewScanner(strings.NewReader(head+"\n"), "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.FileDiagnostics) != 1 {
		t.Fatalf("%d notices: %v", len(sc.FileDiagnostics), sc.FileDiagnostics)
	}
	msg := sc.FileDiagnostics[0].Message
	for _, want := range []string{"30 colonnes inconnues du standard v1.0", "« extra0 »", "« extra19 » et 10 autres"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
}

// A key given twice in one element rejects it, naming the key and both values.
func TestDuplicateJSONKey(t *testing.T) {
	in := `[{"id":"d1","nom":"Premier","nom":"Second",` + objectBase + `}]`
	errs, sum, err := scanAll(t, strings.NewReader(in), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 1 || len(errs) != 1 {
		t.Fatalf("%s %v", sum, errs)
	}
	want := "champ « nom » en double dans l'élément 1 (valeurs « Premier » et « Second »)"
	if d := errs[0]; !strings.Contains(d.Message, want) || d.Field != "nom" {
		t.Errorf("%s, want %q", d.String(), want)
	}
}

// An element of half a million keys read without a record limit stops
// soon after the context is cancelled.
func TestManyKeysHonourContext(t *testing.T) {
	var b strings.Builder
	b.WriteString(`[{"id":"a"`)
	for i := range 500000 {
		fmt.Fprintf(&b, `,"k%d":1`, i)
	}
	b.WriteString("}]")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancelled once the whole element is read: what remains is the keys.
	in := &cancelAtEOF{r: strings.NewReader(b.String()), cancel: cancel}
	_, _, err := scanAllCtx(t, ctx, in, Limits{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want the context's error", err)
	}
}

type cancelAtEOF struct {
	r      *strings.Reader
	cancel context.CancelFunc
}

func (c *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.r.Len() == 0 {
		c.cancel()
	}
	return n, err
}

func TestJSONMessages(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string
	}{
		{"deep nesting", strings.Repeat("[", 10050) + strings.Repeat("]", 10050),
			"valeurs imbriquées sur plus de 10\u202f000 niveaux : refusé"},
		{"deep object", `[{"id":"d","nom":` + strings.Repeat(`{"a":`, 10050) + "1" + strings.Repeat("}", 10050) + "}]",
			"valeurs imbriquées sur plus de 10\u202f000 niveaux"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := scanAll(t, strings.NewReader(tt.in), DefaultLimits)
			// valid JSON, refused: not "JSON invalide"
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "JSON refusé (colonne ") {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// countKeys counts the first-level keys only, whatever the strings hold.
func TestCountKeys(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{`{}`, 0},
		{`{"a":1}`, 1},
		{`{"a":"x:y","b":{"c":1,"d":[{"e":2}]}}`, 2},
		{`{"a":"\"}{:\\","b:c":"\\\":"}`, 2},
	} {
		n, err := countKeys(context.Background(), []byte(tt.in))
		if err != nil || n != tt.want {
			t.Errorf("%s: %d keys, %v; want %d", tt.in, n, err, tt.want)
		}
	}
}
