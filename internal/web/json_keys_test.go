package web

import (
	"encoding/json"
	"testing"
)

func TestDuplicateKey(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":1,"b":2}`:                          "",
		`{"a":1,"a":2}`:                          "a",
		`{"a":{"b":1,"c":{"d":1,"d":2}}}`:        "a.c.d",
		`{"a":[{"b":1},{"b":1,"b":2}]}`:          "a.b",
		`{"a":{"b":1},"b":{"b":1}}`:              "",
		`[{"x":1},{"x":1}]`:                      "",
		`{"a":1,"a"`:                             "a",
		`{"a":`:                                  "",
		`{"\u0061":1,"a":2}`:                     "a",
		`{"participants":{"total":1},"total":2}`: "",
	} {
		if got := duplicateKey([]byte(in)); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

// FuzzDuplicateKey: never panics; a document it finds no key twice in
// decodes to the same keys (count) as Go's decoder reads.
func FuzzDuplicateKey(f *testing.F) {
	f.Add([]byte(`{"a":{"b":[1,{"c":2,"c":3}]}}`))
	f.Add([]byte(`{"type":"individuel","participants":{"total":1}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		dup := duplicateKey(b)
		var m map[string]json.RawMessage
		if dup != "" || json.Unmarshal(b, &m) != nil {
			return
		}
		var raw map[string]any
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatal(err)
		}
		if len(raw) != len(m) {
			t.Fatalf("keys %d vs %d", len(raw), len(m))
		}
	})
}
