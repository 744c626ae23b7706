package audit

import (
	"errors"
	"testing"
	"time"
)

func chain(n int) []Entry {
	var es []Entry
	var prev *Entry
	for i := 0; i < n; i++ {
		e := Entry{At: time.Date(2026, 11, 22, 10, i, 0, 0, time.UTC), Actor: "compte:1", Action: "lieu.modifie", Kind: "lieu",
			ObjectID: "a", Before: JSON(map[string]string{"nom": "A"}), After: JSON(map[string]string{"nom": "B"})}
		e.Seal(prev, nil)
		es = append(es, e)
		prev = &es[len(es)-1]
	}
	return es
}

func verify(es []Entry) error {
	var v Verifier
	for i := range es {
		if err := v.Check(&es[i]); err != nil {
			return err
		}
	}
	return nil
}

func TestChain(t *testing.T) {
	es := chain(5)
	if err := verify(es); err != nil {
		t.Fatal(err)
	}
	var be *BrokenError
	tampered := chain(5)
	tampered[2].After = JSON(map[string]string{"nom": "C"})
	if err := verify(tampered); !errors.As(err, &be) || be.Seq != 3 {
		t.Errorf("changed content: %v", err)
	}
	removed := append(chain(5)[:2], chain(5)[3:]...)
	if err := verify(removed); !errors.As(err, &be) || be.Seq != 4 {
		t.Errorf("removed entry: %v", err)
	}
	rehashed := chain(5)
	rehashed[1].Actor = "compte:2"
	rehashed[1].Hash = rehashed[1].ComputeHash(nil) // a forger recomputes one hash…
	if err := verify(rehashed); !errors.As(err, &be) || be.Seq != 3 {
		t.Errorf("…the next entry gives it away: %v", err)
	}
}
