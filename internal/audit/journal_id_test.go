package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A checkpoint names its journal; the verifier sets aside those of another
// journal (another database's, in the same folder) instead of calling the
// journal rewritten, and still checks its own. Lines written before
// checkpoints named their journal count as this journal's.
func TestCheckpointsOfAnotherJournal(t *testing.T) {
	es := chain(3)
	other := chain(1)
	other[0].Actor = "compte:2"
	other[0].Seal(nil, nil)
	id, otherID := JournalID(es[0].Hash), JournalID(other[0].Hash)
	if id == otherID || len(id) != 32 || !strings.HasPrefix(es[0].Hash, id) {
		t.Fatalf("journal ids %q %q", id, otherID)
	}
	// A signed hash is named by its digest, not by its key's prefix.
	signed := "hmac-sha256:01efd6a17654:e26880d3985695dd967e3a3433b3291d80c6e14e995be3b5cd45344796d1c594"
	if got := JournalID(signed); got != "e26880d3985695dd967e3a3433b3291d" {
		t.Errorf("JournalID(%s) = %q", signed, got)
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	own := Checkpoint{At: at, Seq: 3, Hash: es[2].Hash, Journal: id}
	foreign := Checkpoint{At: at, Seq: 1, Hash: other[0].Hash, Journal: otherID}
	foreignLong := Checkpoint{At: at, Seq: 9, Hash: other[0].Hash, Journal: otherID}
	legacyWrong := Checkpoint{At: at, Seq: 1, Hash: other[0].Hash}
	for _, tt := range []struct {
		name             string
		es               []Entry
		cps              []Checkpoint
		want             string // "" for accepted
		matched, foreign int
	}{
		{"own and another's", es, []Checkpoint{foreign, own}, "", 1, 1},
		{"another's only", es, []Checkpoint{foreign, foreignLong}, "", 0, 2},
		{"own beyond the head (truncated)", es[:2], []Checkpoint{foreign, own}, "journal tronqué ou vidé", 1, 1},
		{"own of another head (rewritten)", es, []Checkpoint{{At: at, Seq: 2, Hash: es[2].Hash, Journal: id}}, "journal réécrit", 1, 0},
		{"legacy line of another journal", es, []Checkpoint{legacyWrong}, "journal réécrit", 1, 0},
		{"emptied journal", nil, []Checkpoint{own}, "journal tronqué ou vidé", 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := Verifier{Checkpoints: tt.cps}
			var err error
			for i := range tt.es {
				if err = v.Check(&tt.es[i]); err != nil {
					break
				}
			}
			if err == nil {
				err = v.Finish()
			}
			switch {
			case tt.want == "" && err != nil, tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want %q", err, tt.want)
			case v.Matched != tt.matched || v.Foreign != tt.foreign:
				t.Errorf("matched %d foreign %d, want %d %d", v.Matched, v.Foreign, tt.matched, tt.foreign)
			}
		})
	}
}

// A checkpoint line carries its journal, and old three-field lines still
// read; the same head of another journal is a new line.
func TestCheckpointFileNamesTheJournal(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	legacy := "2026-12-01T09:00:00Z 1 " + strings.Repeat("a", 64) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "journal-2026-12-01.txt"), []byte(legacy), 0o644); err != nil {
		t.Fatal(err)
	}
	a := Checkpoint{At: at, Seq: 1, Hash: strings.Repeat("a", 64), Journal: strings.Repeat("a", 32)}
	b := Checkpoint{At: at.Add(time.Minute), Seq: 1, Hash: strings.Repeat("a", 64), Journal: strings.Repeat("b", 32)}
	for _, c := range []Checkpoint{a, a, b} {
		if err := WriteCheckpoint(dir, c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadCheckpoints(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-12-01T09:00:00Z 1 " + strings.Repeat("a", 64), a.String(), b.String()}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("line %d: %q, want %q", i+1, got[i], want[i])
		}
	}
	if !strings.HasSuffix(a.String(), " "+strings.Repeat("a", 32)) {
		t.Errorf("the line does not name its journal: %q", a)
	}
}
