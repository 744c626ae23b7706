package audit

import (
	"strings"
	"testing"
)

// Once keys exist, entries without a MAC are trusted only up to the last
// checkpoint: an attacker who rewrites the journal as plain SHA-256
// entries (and removes the checkpoints) is not "intact".
func TestUnsignedEntriesNeedACheckpoint(t *testing.T) {
	keys := Keyring{NewKey([]byte(strings.Repeat("k", 32)))}
	es := chain(4) // plain SHA-256, as before keys
	head := Checkpoint{Seq: 4, Hash: es[3].Hash}
	mid := Checkpoint{Seq: 2, Hash: es[1].Hash}
	for _, tt := range []struct {
		name string
		keys Keyring
		cps  []Checkpoint
		want string // "" for accepted
	}{
		{"no keys, plain chain", nil, nil, ""},
		{"keys, no checkpoint", keys, nil, "entrée 1 : entrée non authentifiée (sans clé) qu'aucun point de contrôle n'atteste"},
		{"keys, checkpoint of the head", keys, []Checkpoint{head}, ""},
		{"keys, checkpoint before the head", keys, []Checkpoint{mid}, "entrée 3 : entrée non authentifiée"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := Verifier{Keys: tt.keys, Checkpoints: tt.cps}
			var err error
			for i := range es {
				if err = v.Check(&es[i]); err != nil {
					break
				}
			}
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
