// Package audit is the append-only journal of every change to a place, an
// account or a permission. Each entry carries the hash of the one before
// it, so that changing or removing a past entry breaks the chain.
package audit

import (
	"crypto/hmac"
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

// content is what an entry's hash covers: the previous hash, its number,
// time, actor, action, object and change.
func (e *Entry) content() []byte {
	var b []byte
	for _, part := range []string{e.PrevHash, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(TimeLayout), e.Actor,
		e.Action, e.Kind, e.ObjectID, string(e.Before), string(e.After)} {
		b = fmt.Appendf(b, "%d:%s|", len(part), part)
	}
	return b
}

// ComputeHash returns the hash of an entry chained to PrevHash: its HMAC
// with key, or, without a key (entries written before keys), its SHA-256.
func (e *Entry) ComputeHash(key *Key) string {
	if key != nil {
		return mac(key, e.content())
	}
	sum := sha256.Sum256(e.content())
	return hex.EncodeToString(sum[:])
}

// Seal sets the chain fields of e, the entry that follows prev (nil for
// the first), authenticated with key.
func (e *Entry) Seal(prev *Entry, key *Key) {
	if prev == nil {
		e.Seq, e.PrevHash = 1, Genesis
	} else {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = e.ComputeHash(key)
}

// BrokenError says where the chain breaks.
type BrokenError struct {
	Seq    int64
	Reason string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("journal d'audit altéré à l'entrée %d : %s", e.Seq, e.Reason)
}

// Verifier checks entries given in order, with the keys of the journal and
// the checkpoints of its head kept outside the database. With keys, an
// entry without a MAC (written before keys existed) is accepted only up
// to the last checkpoint, which vouches for it through the chain; without
// keys (stores opened without any, in tests), the plain chain is checked.
type Verifier struct {
	Keys        Keyring
	Checkpoints []Checkpoint
	prev        *Entry
	signed      bool // an authenticated entry was seen
	Count       int64
	// Unsigned counts the entries written before keys (plain SHA-256).
	Unsigned int64
	// Journal is the journal's name (JournalID of its first entry).
	Journal string
	// Base names this database (BaseID of its location): the checkpoints
	// that name it are this database's whatever journal they name, and a
	// journal that does not reach them was emptied, truncated or replaced.
	Base string
	// Matched counts the checkpoints of this database (or, in lines
	// written before checkpoints named their database, of this journal);
	// Foreign those of another database sharing the folder, set aside.
	Matched, Foreign int
	own              []Checkpoint
	at               map[int64]Checkpoint
	vouched          int64 // the last entry a checkpoint attests
}

// sort keeps the checkpoints of this database: those naming its base,
// and, among lines naming no base (written before), those of the journal
// whose first entry is first (nil for an empty journal: then every such
// checkpoint counts, as one of a journal emptied).
func (v *Verifier) sort(first *Entry) {
	v.at = map[int64]Checkpoint{}
	if first != nil && first.Seq == 1 {
		v.Journal = JournalID(first.Hash)
	}
	for _, c := range v.Checkpoints {
		if !c.of(v.Base, v.Journal) {
			v.Foreign++
			continue
		}
		v.Matched++
		v.own = append(v.own, c)
		v.at[c.Seq] = c
		v.vouched = max(v.vouched, c.Seq)
	}
}

// Check verifies the next entry.
func (v *Verifier) Check(e *Entry) error {
	if v.at == nil {
		v.sort(e)
	}
	wantSeq, wantPrev := int64(1), Genesis
	if v.prev != nil {
		wantSeq, wantPrev = v.prev.Seq+1, v.prev.Hash
	}
	switch {
	case e.Seq != wantSeq:
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("numéro %d attendu (entrée supprimée ou insérée)", wantSeq)}
	case e.PrevHash != wantPrev:
		return &BrokenError{Seq: e.Seq, Reason: "ne suit pas l'entrée précédente"}
	}
	var key *Key
	if id := e.KeyID(); id != "" {
		k, ok := v.Keys.Find(id)
		if !ok {
			return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("signée par la clé %s, absente du trousseau (entrée forgée, ou clé ancienne retirée du fichier de clés)", id)}
		}
		key = k
	} else if v.signed {
		return &BrokenError{Seq: e.Seq, Reason: "entrée non authentifiée après des entrées authentifiées (entrée forgée)"}
	} else if len(v.Keys) > 0 && e.Seq > v.vouched {
		// Anyone who can write the database can recompute a plain SHA-256
		// chain (and its dates): once keys exist, an entry without one is
		// only trusted when a checkpoint kept outside the database, which
		// covers it through the chain, vouches for it.
		return &BrokenError{Seq: e.Seq, Reason: "entrée non authentifiée (sans clé) qu'aucun point de contrôle n'atteste : " +
			"les entrées d'avant la clé ne sont admises que jusqu'au dernier point de contrôle (journal réécrit sans la clé, ou points de contrôle perdus)"}
	}
	if !hmac.Equal([]byte(e.ComputeHash(key)), []byte(e.Hash)) {
		return &BrokenError{Seq: e.Seq, Reason: "contenu modifié après coup"}
	}
	if c, ok := v.at[e.Seq]; ok && c.Hash != e.Hash {
		if c.Journal != "" && e.Seq == 1 && c.Journal != JournalID(e.Hash) || c.Journal != "" && v.Journal != "" && c.Journal != v.Journal {
			return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("diffère du point de contrôle du %s, d'un autre journal (%s) de cette base : journal remplacé ou recommencé", c.At.Format(time.RFC3339), c.Journal)}
		}
		return &BrokenError{Seq: e.Seq, Reason: fmt.Sprintf("diffère du point de contrôle du %s (journal réécrit)", c.At.Format(time.RFC3339))}
	}
	if key != nil {
		v.signed = true
	} else {
		v.Unsigned++
	}
	cp := *e
	v.prev = &cp
	v.Count++
	return nil
}

// Finish checks, once every entry was given, that the journal reaches
// every checkpoint: a journal truncated or emptied after a checkpoint was
// written does not.
func (v *Verifier) Finish() error {
	var last int64
	if v.prev != nil {
		last = v.prev.Seq
	}
	if v.at == nil {
		v.sort(nil)
	}
	var beyond *Checkpoint
	for i, c := range v.own {
		if c.Seq > last && (beyond == nil || c.Seq > beyond.Seq) {
			beyond = &v.own[i]
		}
	}
	if c := beyond; c != nil {
		reason := fmt.Sprintf("le journal s'arrête à l'entrée %d, mais le point de contrôle du %s atteste l'entrée %d (journal tronqué ou vidé)",
			last, c.At.Format(time.RFC3339), c.Seq)
		if last == 0 && c.Journal != "" && c.Base == "" {
			reason += fmt.Sprintf(" ; si ce dossier de points de contrôle est celui d'une autre base (journal %s), donnez à celle-ci le sien", c.Journal)
		}
		return &BrokenError{Seq: last + 1, Reason: reason}
	}
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
