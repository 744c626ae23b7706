// Package audit is the append-only journal of every change to a place, an
// account or a permission. Each entry carries the hash of the one before
// it, so that changing or removing a past entry breaks the chain.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Entry is one change.
type Entry struct {
	Seq      int64
	At       time.Time
	Actor    string // "compte:42", "système", "public"
	Action   string // "lieu.modifie", "compte.cree"…
	Kind     string // "lieu", "compte", "revendication", "proposition", "signalement"
	ObjectID string
	Before   json.RawMessage // JSON, or empty
	After    json.RawMessage
	PrevHash string
	Hash     string
}

// Genesis is the hash before the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// TimeLayout is how times are hashed (stores write them with a fixed
// width, see store.TimeLayout: the hash reads the time, not the text).
const TimeLayout = time.RFC3339Nano

// ComputeHash returns the hash of an entry chained to PrevHash.
func (e *Entry) ComputeHash() string {
	h := sha256.New()
	for _, part := range []string{e.PrevHash, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(TimeLayout), e.Actor,
		e.Action, e.Kind, e.ObjectID, string(e.Before), string(e.After)} {
		fmt.Fprintf(h, "%d:%s|", len(part), part)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Seal sets the chain fields of e, the entry that follows prev (nil for the first).
func (e *Entry) Seal(prev *Entry) {
	if prev == nil {
		e.Seq, e.PrevHash = 1, Genesis
	} else {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = e.ComputeHash()
}

// BrokenError says where the chain breaks.
type BrokenError struct {
	Seq    int64
	Reason string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("journal d'audit altéré à l'entrée %d : %s", e.Seq, e.Reason)
}

// Verifier checks entries given in order.
type Verifier struct {
	prev  *Entry
	Count int64
}

// Check verifies the next entry.
func (v *Verifier) Check(e *Entry) error {
	wantSeq, wantPrev := int64(1), Genesis
	if v.prev != nil {
		wantSeq, wantPrev = v.prev.Seq+1, v.prev.Hash
	}
	switch {
	case e.Seq != wantSeq:
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("numéro %d attendu (entrée supprimée ou insérée)", wantSeq)}
	case e.PrevHash != wantPrev:
		return &BrokenError{Seq: e.Seq, Reason: "ne suit pas l'entrée précédente"}
	case e.ComputeHash() != e.Hash:
		return &BrokenError{Seq: e.Seq, Reason: "contenu modifié après coup"}
	}
	cp := *e
	v.prev = &cp
	v.Count++
	return nil
}

// JSON encodes v for Before/After.
func JSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(strconv.Quote(err.Error()))
	}
	return b
}
