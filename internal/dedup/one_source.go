package dedup

import (
	"fmt"

	"maillage/internal/store"
)

// A source that lists two records under two ids says they are two places
// (within_source.go): a merge of places is transitive, so two places that
// each hold a record of one source must not be joined by a pair between
// other records (a cross-source pair at 7 points gluing a médiathèque and
// the library of the next street, each listed by two sources). Two groups
// join only if every pair of records of one source they would put
// together is itself a pair « même lieu » under the stricter thresholds
// within one source, or a pair a person confirmed. The run takes the
// pairs by descending score, so that of two ways to group, the strongest
// pairs decide, whatever the order of records.

// sameSource tells which pairs of records of one source may share a
// place.
type sameSource struct {
	// scored: the pairs within one source this run scored (true when
	// « même lieu » and neither rejected nor split: to merge).
	scored    map[store.PairKey]bool
	decisions map[store.PairKey]string
}

// allowed reports whether the pair of two records of one source may
// share a place: this run scored it « même lieu »; or, not scored by this
// run, a run merged it before (auto) or a person confirmed it.
func (s sameSource) allowed(k store.PairKey) bool {
	if ok, seen := s.scored[k]; seen {
		return ok
	}
	d := s.decisions[k]
	return d == store.DecisionAuto || d == store.DecisionConfirmed
}

// noteScored records a pair the run scored, if it is within one source.
func (s sameSource) noteScored(r scored) {
	if r.key.A.Source == r.key.B.Source {
		s.scored[r.key] = r.merge
	}
}

// conflict reports whether joining the groups of records a and b would
// put two records of one source together that may not share a place,
// and names the first such pair.
func (s sameSource) conflict(recs []PlacedRecord, a, b []int) (store.PairKey, bool) {
	for _, i := range a {
		for _, j := range b {
			if k := store.NewPairKey(recs[i].Key(), recs[j].Key()); recs[i].Source == recs[j].Source && !s.allowed(k) {
				return k, true
			}
		}
	}
	return store.PairKey{}, false
}

// oneSourceReason says why a pair « même lieu » is to review: the
// places it would join hold k, two records one source lists apart.
func oneSourceReason(k store.PairKey) string {
	return fmt.Sprintf("leurs lieux tiennent deux enregistrements que la source « %s » donne comme distincts (« %s » et « %s ») : une personne vérifie",
		k.A.Source, k.A.ID, k.B.ID)
}
