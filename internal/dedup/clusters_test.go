package dedup

import (
	"encoding/json"
	"testing"
	"time"

	"maillage/internal/store"
)

func TestClustersAndReviewQueue(t *testing.T) {
	recs := []PlacedRecord{
		{Record: rec("hub", "1", "Médiathèque Jean Moulin", "", "01053", 0, 0), Place: "P2", PlaceName: "Médiathèque Jean Moulin"},
		{Record: rec("anct", "9", "MEDIATHEQUE J. MOULIN", "", "01053", 0, 0), Place: "P2", PlaceName: "Médiathèque Jean Moulin"},
		{Record: rec("coop", "c", "Médiathèque", "", "01053", 0, 0), Place: "P2", PlaceName: "Médiathèque Jean Moulin"},
		{Record: rec("hub", "2", "Mairie", "", "01053", 0, 0), Place: "P1", PlaceName: "Mairie"},
		{Record: rec("hub", "3", "Association Alpha", "", "01053", 0, 0), Place: "P3", PlaceName: "Association Alpha"},
		{Record: rec("anct", "x", "Association Alpha", "", "01053", 0, 0), Place: "P4", PlaceName: "Association Alpha"},
	}
	key := func(s, id string) store.RecordKey { return store.RecordKey{Source: s, ID: id} }
	js, err := json.Marshal(Scores{Total: 4, Name: Component{Value: 1, Points: 4, Note: "mêmes mots distinctifs"}})
	if err != nil {
		t.Fatal(err)
	}
	pairs := []store.DuplicatePair{
		{PairKey: store.NewPairKey(key("hub", "1"), key("anct", "9")), Total: 9, Band: "meme", Decision: "auto", Scores: "{}"},
		{PairKey: store.NewPairKey(key("hub", "1"), key("coop", "c")), Total: 5, Band: "a_verifier", Decision: "confirmee", Scores: "{}"},
		{PairKey: store.NewPairKey(key("anct", "9"), key("coop", "c")), Total: 6, Band: "a_verifier", Decision: "confirmee", Scores: "{}"},
		{PairKey: store.NewPairKey(key("hub", "3"), key("anct", "x")), Total: 4, Band: "a_verifier", Scores: string(js), LastSeen: time.Now()},
		// Decided, or already merged, or a withdrawn record: not to review.
		{PairKey: store.NewPairKey(key("hub", "2"), key("anct", "x")), Total: 3.5, Band: "a_verifier", Decision: "rejetee", Scores: "{}"},
		{PairKey: store.NewPairKey(key("hub", "3"), key("gone", "z")), Total: 3.5, Band: "a_verifier", Scores: "{}"},
	}
	cs := Clusters(recs, pairs)
	if len(cs) != 1 {
		t.Fatalf("clusters %+v, want one", cs)
	}
	c := cs[0]
	if c.Number != 1 || c.Place != "P2" || c.Name != "Médiathèque Jean Moulin" || len(c.Members) != 3 {
		t.Fatalf("cluster %+v", c)
	}
	want := []Member{
		{Source: "anct", ID: "9", RawID: "9", Name: "MEDIATHEQUE J. MOULIN", Score: 9, Decision: "auto", HasPair: true},
		{Source: "coop", ID: "c", RawID: "c", Name: "Médiathèque", Score: 6, Decision: "confirmee", HasPair: true},
		{Source: "hub", ID: "1", RawID: "1", Name: "Médiathèque Jean Moulin", Score: 9, Decision: "auto", HasPair: true},
	}
	for i, m := range c.Members {
		// The member keeps its pair, whose total is the member's score.
		if m.Pair.Total != m.Score || m.HasPair && m.Other() == (store.RecordKey{Source: m.Source, ID: m.ID}) {
			t.Errorf("member %d: pair %+v", i, m.Pair)
		}
		m.Pair = store.DuplicatePair{}
		if m != want[i] {
			t.Errorf("member %d: %+v, want %+v", i, m, want[i])
		}
	}
	q, err := ReviewQueue(recs, pairs)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 || q[0].A.Lieu.ID != "x" || q[0].B.Lieu.ID != "3" || q[0].Scores.Name.Note != "mêmes mots distinctifs" {
		t.Fatalf("review queue %+v", q)
	}
}

// TestReviewQueueWeakenedMerges: an automatic merge whose score fell out
// of the band « même lieu » is to review, its records still in one place,
// with the reason; a sound automatic merge is not.
func TestReviewQueueWeakenedMerges(t *testing.T) {
	recs := []PlacedRecord{
		{Record: rec("hub", "1", "Médiathèque Jean Moulin", "", "01053", 0, 0), Place: "P1"},
		{Record: rec("anct", "9", "Espace numérique", "", "01053", 0, 0), Place: "P1"},
		{Record: rec("coop", "c", "Médiathèque Jean Moulin", "", "01053", 0, 0), Place: "P1"},
	}
	key := func(s, id string) store.RecordKey { return store.RecordKey{Source: s, ID: id} }
	pairs := []store.DuplicatePair{
		{PairKey: store.NewPairKey(key("hub", "1"), key("anct", "9")), Total: 4.5, Band: "a_verifier", Decision: "auto", Scores: "{}"},
		{PairKey: store.NewPairKey(key("hub", "1"), key("coop", "c")), Total: 9, Band: "meme", Decision: "auto", Scores: "{}"},
	}
	q, err := ReviewQueue(recs, pairs)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 1 || q[0].PairKey != pairs[0].PairKey || q[0].Scores.Reason != "fusion automatique à revoir : le score est tombé à 4,5 points" {
		t.Fatalf("review queue %+v", q)
	}
}
