package dedup

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"maillage/internal/store"
)

// PlacedRecord is a current source record with the place it belongs to.
type PlacedRecord struct {
	Record
	// Place is the public id of the record's place, PlaceName its
	// published name.
	Place, PlaceName string
	// PlaceCreated is when that place was first published: of two places
	// merged, the older survives.
	PlaceCreated time.Time
}

// Key returns the record's key.
func (r PlacedRecord) Key() store.RecordKey {
	return store.RecordKey{Source: r.Source, ID: r.Lieu.ID}
}

// Merger merges the places of pairs of records, in one transaction: the
// records of the younger place move to the older and its id redirects to
// it; the records compared are marked so in the same transaction
// (store.Records.MergeRecords).
type Merger interface {
	MergeRecords(ctx context.Context, pairs []store.RecordMerge, compared []store.PendingRecord) ([]store.Merged, error)
}

// Store is what the merge run needs of the storage.
type Store interface {
	store.Duplicates
	Merger
}

// Actor is who the automatic merges are journaled as.
const Actor = "dedup"

// The sizes of a merge run's write transactions: each takes well under a
// second on the reference machine.
const (
	pairsPerTx  = 5000
	mergesPerTx = 1000
)

// RunStore runs the merge on the stored records: the pairs of the records
// waiting for a run (written by an import since a run compared them, or
// left by a run that failed), against every current record. With none
// waiting it costs one query. Imports and harvests call it after their
// commit; the records it compared stop waiting in the transaction of its
// merges.
func (c Config) RunStore(ctx context.Context, st Store) (RunReport, error) {
	pending, err := st.HasPending(ctx)
	if err != nil || !pending {
		return RunReport{}, err
	}
	var recs []PlacedRecord
	var compared []store.PendingRecord
	changed := []store.RecordKey{}
	err = st.RecordsToMatch(ctx, func(m store.MatchRecord) error {
		l := m.Lieu
		r := PlacedRecord{Record: Record{Source: m.Source, Lieu: &l}, Place: m.Place, PlaceName: m.PlaceName, PlaceCreated: m.PlaceCreated}
		recs = append(recs, r)
		if m.Pending != 0 {
			compared = append(compared, store.PendingRecord{Key: r.Key(), Token: m.Pending})
			changed = append(changed, r.Key())
		}
		return nil
	})
	if err != nil {
		return RunReport{}, err
	}
	return c.run(ctx, st, st, recs, changed, compared)
}

// RunReport says what a merge run did.
type RunReport struct {
	Records  int // records indexed
	Compared int // candidate pairs scored
	Same     int // pairs in the band "same place"
	// AlreadyTogether counts the pairs "same place" whose records were
	// already in one place (merged before).
	AlreadyTogether int
	Review          int // pairs in the band "to review"
	Merged          int // places absorbed by merges
	// Blocked counts the pairs "same place" not merged because a person
	// separated their places: the pair itself rejected or split, or
	// another pair between the two places.
	Blocked int
}

func (r RunReport) String() string {
	same := fmt.Sprintf("%d même lieu", r.Same)
	if r.AlreadyTogether > 0 {
		same += fmt.Sprintf(" (dont %d déjà dans un même lieu)", r.AlreadyTogether)
	}
	return fmt.Sprintf("%s : %s, %d à vérifier ; %s, %s", plural(r.Compared, "paire comparée", "paires comparées"),
		same, r.Review, plural(r.Merged, "fusion", "fusions"),
		plural(r.Blocked, "paire « même lieu » laissée séparée par une décision", "paires « même lieu » laissées séparées par une décision"))
}

// plural writes n and its noun, singular for 0 and 1 as French does.
func plural(n int, one, many string) string {
	if n <= 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Run scores the candidate pairs that involve the changed records (every
// record when changed is nil), saves the pairs of the bands "same" and "to
// review" (and the new scores of pairs already saved) keeping the decisions
// taken, and merges the places of pairs in the band "same" or confirmed by
// a person, unless a person rejected or split a pair between the two
// places. Decisions are never overwritten.
func (c Config) Run(ctx context.Context, st store.Duplicates, m Merger, recs []PlacedRecord, changed []store.RecordKey) (RunReport, error) {
	return c.run(ctx, st, m, recs, changed, nil)
}

func (c Config) run(ctx context.Context, st store.Duplicates, m Merger, recs []PlacedRecord, changed []store.RecordKey, compared []store.PendingRecord) (RunReport, error) {
	rep := RunReport{Records: len(recs)}
	plain := make([]Record, len(recs))
	pos := make(map[store.RecordKey]int, len(recs))
	for i, r := range recs {
		plain[i] = r.Record
		pos[r.Key()] = i
	}
	ix := c.NewIndex(plain)
	var pairs []Pair
	if changed == nil {
		pairs = ix.Pairs()
	} else {
		var at []int
		for _, k := range changed {
			if i, ok := pos[k]; ok {
				at = append(at, i)
			}
		}
		pairs = ix.PairsOf(at)
	}

	decisions, err := st.PairDecisions(ctx)
	if err != nil {
		return rep, err
	}

	type scored struct {
		key   store.PairKey
		i, j  int
		total float64
	}
	// The pairs to save go in transactions of bounded size as they come:
	// a long write transaction would keep every other writer (an edit, a
	// harvest renewing its lease) waiting, and the run's memory stays
	// bounded.
	var save []store.DuplicatePair
	flush := func() error {
		if len(save) == 0 {
			return nil
		}
		err := st.SavePairs(ctx, save)
		save = save[:0]
		return err
	}
	var merges []scored
	for _, p := range pairs {
		rep.Compared++
		s := ix.score(p.I, p.J)
		key := store.NewPairKey(recs[p.I].Key(), recs[p.J].Key())
		decision, known := decisions[key]
		switch s.Band {
		case Same:
			rep.Same++
			switch {
			case decision == store.DecisionRejected || decision == store.DecisionSplit:
				rep.Blocked++
			case recs[p.I].Place == recs[p.J].Place:
				rep.AlreadyTogether++
			}
		case Review:
			rep.Review++
		}
		if s.Band == Distinct && !known {
			continue
		}
		s = ix.Compare(p.I, p.J) // with the notes' details, for people
		js, err := json.Marshal(s)
		if err != nil {
			return rep, err
		}
		dp := store.DuplicatePair{PairKey: key, Scores: string(js), Total: s.Total, Band: s.Band.Code()}
		if s.Band == Same {
			dp.Decision = store.DecisionAuto
		}
		save = append(save, dp)
		if len(save) == pairsPerTx {
			if err := flush(); err != nil {
				return rep, err
			}
		}
		if s.Band == Same && (decision == "" || decision == store.DecisionAuto) || decision == store.DecisionConfirmed {
			merges = append(merges, scored{key, p.I, p.J, s.Total})
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}

	// Pairs a person said are two places: their places are never merged,
	// whichever pairs would join them.
	blocked := map[store.PairKey]bool{}
	for k, d := range decisions {
		if d == store.DecisionRejected || d == store.DecisionSplit {
			blocked[k] = true
		}
	}
	// Places as they are merged: members and creation times.
	placeOf := make([]string, len(recs))
	members := map[string][]int{}
	created := map[string]time.Time{}
	for i, r := range recs {
		placeOf[i] = r.Place
		members[r.Place] = append(members[r.Place], i)
		if t, ok := created[r.Place]; !ok || r.PlaceCreated.Before(t) {
			created[r.Place] = r.PlaceCreated
		}
	}
	sort.SliceStable(merges, func(a, b int) bool { return merges[a].total > merges[b].total })
	var toMerge []store.RecordMerge
	for _, mg := range merges {
		pa, pb := placeOf[mg.i], placeOf[mg.j]
		if pa == pb {
			continue
		}
		if separated(blocked, recs, members[pa], members[pb]) {
			rep.Blocked++
			continue
		}
		survivor, absorbed := pa, pb
		if created[pb].Before(created[pa]) || created[pb].Equal(created[pa]) && pb < pa {
			survivor, absorbed = pb, pa
		}
		// The components' points, so that the journal explains the merge
		// (scored again, only for the merges done: the run keeps totals).
		sc := ix.Compare(mg.i, mg.j)
		reason := fmt.Sprintf("Même lieu (score %.1f) : %s « %s » et %s « %s » — %s", mg.total,
			mg.key.A.Source, mg.key.A.ID, mg.key.B.Source, mg.key.B.ID, sc.Summary())
		if decisions[mg.key] == store.DecisionConfirmed {
			reason = "Fusion confirmée par une personne : " + reason
		}
		toMerge = append(toMerge, store.RecordMerge{A: mg.key.A, B: mg.key.B, Why: store.MergeInfo{Actor: Actor, Reason: reason, Score: mg.total}})
		for _, k := range members[absorbed] {
			placeOf[k] = survivor
		}
		members[survivor] = append(members[survivor], members[absorbed]...)
		delete(members, absorbed)
	}
	// Merges in transactions of bounded size too; the records compared
	// stop waiting with the last one (a run interrupted before is done
	// again: the merges already done are skipped).
	for start := 0; start < len(toMerge) || start == 0 && len(compared) > 0; start += mergesPerTx {
		chunk := toMerge[start:min(start+mergesPerTx, len(toMerge))]
		var last []store.PendingRecord
		if start+mergesPerTx >= len(toMerge) {
			last = compared
		}
		done, err := m.MergeRecords(ctx, chunk, last)
		if err != nil {
			return rep, fmt.Errorf("fusion de %d paires de lieux : %w", len(chunk), err)
		}
		rep.Merged += len(done)
	}
	return rep, nil
}

// separated reports whether a person rejected or split a pair between a
// record of one group and a record of the other.
func separated(blocked map[store.PairKey]bool, recs []PlacedRecord, a, b []int) bool {
	if len(blocked) == 0 {
		return false
	}
	for _, i := range a {
		for _, j := range b {
			if blocked[store.NewPairKey(recs[i].Key(), recs[j].Key())] {
				return true
			}
		}
	}
	return false
}
