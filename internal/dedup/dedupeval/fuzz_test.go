package dedupeval

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParse: any input gives pairs or an error naming the file, never a
// panic; what Parse accepts has readable records on both sides.
func FuzzParse(f *testing.F) {
	f.Add([]byte(line("P1", "same", "same_renamed", recA, recB)))
	f.Add([]byte(line("P1", "distinct", "distinct_neighbours", recA, recB) + "\n\n{"))
	f.Add([]byte(`{"id":"x","label":"same","category":"same_real","origin":"real","a":{"source":"s","fields":{"latitude":"91"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pairs, err := Parse(bytes.NewReader(data), "f.jsonl")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.jsonl, ligne ") {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		for _, p := range pairs {
			if p.A.Lieu == nil || p.B.Lieu == nil || p.ID == "" {
				t.Fatalf("accepted pair without records or id: %+v", p)
			}
		}
	})
}
