package dedup

import (
	"encoding/json"
	"runtime"

	"maillage/internal/store"
)

// scored is what scoring a candidate pair gives the run, when the pair is
// saved or counted in a band.
type scored struct {
	key   store.PairKey
	i, j  int
	total float64
	band  Band // the band of the score without notes (the report's)
	// blocked: "same place" but a person separated the pair; together:
	// "same place", already in one place.
	blocked, together bool
	// save is the pair to save (its explanation), when saved; merge: its
	// records' places are to be merged.
	save  store.DuplicatePair
	saved bool
	merge bool
}

// scoreChunk is how many pairs a worker scores at a time.
const scoreChunk = 2048

type scoredChunk struct {
	compared int
	out      []scored
	err      error
}

// scoreAll scores pairs on every core, a chunk at a time, and hands the
// results to use chunk by chunk in the order of pairs: the run saves what
// a chunk gives while the next chunks are scored, and decides as if the
// pairs were scored one after the other. score reports false for a pair
// neither saved nor counted.
func scoreAll(pairs []Pair, score func(Pair) (scored, bool, error), use func(compared int, out []scored) error) error {
	n := (len(pairs) + scoreChunk - 1) / scoreChunk
	if n == 0 {
		return nil
	}
	workers := runtime.GOMAXPROCS(0)
	outs := make([]chan scoredChunk, n)
	for k := range outs {
		outs[k] = make(chan scoredChunk, 1)
	}
	ahead := make(chan struct{}, 4*workers) // chunks scored but not used yet: bounded memory
	done := make(chan struct{})
	defer close(done)
	next := make(chan int)
	go func() {
		defer close(next)
		for k := range n {
			select {
			case ahead <- struct{}{}:
			case <-done:
				return
			}
			select {
			case next <- k:
			case <-done:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for k := range next {
				chunk := pairs[k*scoreChunk : min((k+1)*scoreChunk, len(pairs))]
				c := scoredChunk{compared: len(chunk)}
				for _, p := range chunk {
					s, ok, err := score(p)
					if err != nil {
						c.err = err
						break
					}
					if ok {
						c.out = append(c.out, s)
					}
				}
				outs[k] <- c
			}
		}()
	}
	for k := range n {
		c := <-outs[k]
		<-ahead
		if c.err != nil {
			return c.err
		}
		if err := use(c.compared, c.out); err != nil {
			return err
		}
	}
	return nil
}

// scorePair scores one candidate pair for a run: its band, and, when it
// is saved (a band other than "distinct", or a pair a decision was taken
// on), its explanation and whether its places are to be merged.
//
// A pair apart (stored, but no longer a candidate: its records share
// neither a commune, a neighbourhood nor a contact any more) is never in
// the band "same": its automatic merge waits for a person (NotCompared).
func scorePair(ix *Index, recs []PlacedRecord, g *groups, decisions map[store.PairKey]string, p Pair, apart bool) (scored, bool, error) {
	s := ix.score(p.I, p.J)
	if apart {
		s = notCompared(s)
	}
	key := store.NewPairKey(recs[p.I].Key(), recs[p.J].Key())
	decision, known := decisions[key]
	r := scored{key: key, i: p.I, j: p.J, band: s.Band}
	if s.Band == Same {
		switch {
		case decision == store.DecisionRejected || decision == store.DecisionSplit:
			r.blocked = true
		case g.placeOf[p.I] == g.placeOf[p.J]:
			r.together = true
		}
	}
	if s.Band == Distinct && !known {
		return r, false, nil
	}
	s = ix.Compare(p.I, p.J) // with the notes' details, for people
	if apart {
		s = notCompared(s)
	}
	js, err := json.Marshal(s)
	if err != nil {
		return r, false, err
	}
	r.save = store.DuplicatePair{PairKey: key, Scores: string(js), Total: s.Total, Band: s.Band.Code()}
	if s.Band == Same {
		r.save.Decision = store.DecisionAuto
	}
	r.saved, r.total = true, s.Total
	r.merge = s.Band == Same && (decision == "" || decision == store.DecisionAuto) || decision == store.DecisionConfirmed
	return r, true, nil
}

// NotCompared is the reason given for a stored pair whose records
// blocking no longer puts together.
const NotCompared = "les deux enregistrements ne partagent plus ni commune, ni voisinage, ni contact : ils ne seraient plus comparés"

// notCompared puts the scores of a pair apart out of the band "same",
// saying why.
func notCompared(s Scores) Scores {
	if s.Band == Same {
		s.Band = Review
	}
	s.Reason = NotCompared
	return s
}
