package dedup

import "maillage/internal/store"

// placesSeparated returns a test of whether a person said two places are
// distinct: a pair they rejected or split joins a record of one to a
// record of the other (the merge run's rule, separated). Pairs between
// such places are not offered for review: a confirmation would be refused.
func placesSeparated(recs []PlacedRecord, pairs []store.DuplicatePair) func(pa, pb string) bool {
	blocked := map[store.PairKey]bool{}
	for _, p := range pairs {
		if p.Decision == store.DecisionRejected || p.Decision == store.DecisionSplit {
			blocked[p.PairKey] = true
		}
	}
	if len(blocked) == 0 {
		return func(string, string) bool { return false }
	}
	members := map[string][]int{}
	for i := range recs {
		members[recs[i].Place] = append(members[recs[i].Place], i)
	}
	return func(pa, pb string) bool { return separated(blocked, recs, members[pa], members[pb]) }
}
