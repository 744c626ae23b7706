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
	// PlaceOrder is that place's creation order, PlaceCreated when it was
	// first published: of two places merged, the one created first
	// survives (by order, then by time when both have none, then by id).
	PlaceOrder   int64
	PlaceCreated time.Time
	// Complete says that Lieu holds every field of the record, as stored
	// (RecordsToMatch's unplaced records): its placement takes it as read.
	Complete bool
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
	store.Placer
}

// Store is what the merge run needs of the storage.
type Store interface {
	store.Duplicates
	Merger
}

// Actor is who the automatic merges are journaled as.
const Actor = "dedup"

// The sizes of a merge run's write transactions: each takes well under a
// second on the reference machine. A placement's transaction writes
// fewer pages per record than a merge's, and each commit writes again
// the index pages its records share: larger.
const (
	pairsPerTx   = 5000
	mergesPerTx  = 1000
	recordsPerTx = 4000
)

// RunStore runs the merge on the stored records: the pairs of the records
// waiting for a run (written by an import since a run compared them, or
// left by a run that failed), against every current record. With none
// waiting it costs one query. Imports and harvests call it after their
// commit; the records it compared stop waiting in the transaction of its
// merges. When st has leases, the run holds MergeLease, waiting for a run
// of another process (or of this one) to end first.
func (c Config) RunStore(ctx context.Context, st Store) (RunReport, error) {
	pending, err := st.HasPending(ctx)
	if err != nil || !pending {
		return RunReport{}, err
	}
	if l, ok := st.(Leases); ok {
		release, err := claim(ctx, l)
		if err != nil {
			return RunReport{}, err
		}
		defer release()
	}
	return c.RunClaimed(ctx, st)
}

// RunClaimed is RunStore for a caller that holds MergeLease itself.
func (c Config) RunClaimed(ctx context.Context, st Store) (RunReport, error) {
	pending, err := st.HasPending(ctx)
	if err != nil || !pending {
		return RunReport{}, err
	}
	var recs []PlacedRecord
	var compared []store.PendingRecord
	changed := []store.RecordKey{}
	err = st.RecordsToMatch(ctx, func(m store.MatchRecord) error {
		l := m.Lieu
		r := PlacedRecord{Record: Record{Source: m.Source, Lieu: &l}, Place: m.Place, PlaceName: m.PlaceName, PlaceCreated: m.PlaceCreated, PlaceOrder: m.PlaceOrder,
			Complete: m.Place == ""}
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
	// Merged counts the places absorbed by merges, and the records an
	// import left unplaced that joined another record's place (a place
	// fewer than records, without one created to be merged).
	Merged int
	// Created counts the places created for unplaced records.
	Created int
	// Blocked counts the pairs "same place" not merged because a person
	// separated their places: the pair itself rejected or split, or
	// another pair between the two places.
	Blocked int
	// OneSource counts the pairs "same place" not merged because their
	// places hold two records of one source that the source lists apart
	// (one_source.go): they go to review.
	OneSource int
}

func (r RunReport) String() string {
	same := fmt.Sprintf("%d même lieu", r.Same)
	if r.AlreadyTogether > 0 {
		same += fmt.Sprintf(" (dont %d déjà dans un même lieu)", r.AlreadyTogether)
	}
	out := fmt.Sprintf("%s : %s, %d à vérifier ; %s, %s", plural(r.Compared, "paire comparée", "paires comparées"),
		same, r.Review, plural(r.Merged, "fusion", "fusions"),
		plural(r.Blocked, "paire « même lieu » laissée séparée par une décision", "paires « même lieu » laissées séparées par une décision"))
	if r.OneSource > 0 {
		out += " ; " + plural(r.OneSource, "paire « même lieu » laissée séparée et mise à vérifier : ses lieux tiennent deux enregistrements distincts d'une même source",
			"paires « même lieu » laissées séparées et mises à vérifier : leurs lieux tiennent deux enregistrements distincts d'une même source")
	}
	if r.Created > 0 {
		out += " ; " + plural(r.Created, "lieu créé", "lieux créés")
	}
	return out
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
	var at []int
	if changed == nil {
		pairs = ix.Pairs()
	} else {
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
	// The stored pairs of the changed records that are no longer
	// candidates are scored again too: a record that changed so much that
	// it no longer shares a commune, a neighbourhood or a contact with its
	// partner would otherwise keep the old score, and its automatic merge.
	apart := storedApart(pairs, decisions, pos, at, changed == nil)
	for p := range apart {
		pairs = append(pairs, p)
	}
	sortPairList(pairs[len(pairs)-len(apart):])

	// The pairs to save go in transactions of bounded size as they come:
	// a long write transaction would keep every other writer (an edit, a
	// harvest renewing its lease) waiting, and the run's memory stays
	// bounded. They are scored on every core meanwhile (scoreAll).
	var save []store.DuplicatePair
	flush := func() error {
		if len(save) == 0 {
			return nil
		}
		err := st.SavePairs(ctx, save)
		save = save[:0]
		return err
	}
	g := newGroups(recs)
	one := sameSource{scored: map[store.PairKey]bool{}, decisions: decisions}
	var merges []scored
	err = scoreAll(pairs, func(p Pair) (scored, bool, error) { return scorePair(ix, recs, g, decisions, p, apart[p]) },
		func(compared int, out []scored) error {
			rep.Compared += compared
			for _, r := range out {
				switch r.band {
				case Same:
					rep.Same++
					if r.blocked {
						rep.Blocked++
					} else if r.together {
						rep.AlreadyTogether++
					}
				case Review:
					rep.Review++
				}
				if !r.saved {
					continue
				}
				one.noteScored(r)
				save = append(save, r.save)
				if len(save) == pairsPerTx {
					if err := flush(); err != nil {
						return err
					}
				}
				if r.merge {
					r.save = store.DuplicatePair{} // its explanation is saved: not kept
					merges = append(merges, r)
				}
			}
			return nil
		})
	if err != nil {
		return rep, err
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
	sort.SliceStable(merges, func(a, b int) bool { return merges[a].total > merges[b].total })
	var toMerge []store.RecordMerge
	var review []store.DuplicatePair // kept apart by the one-source rule
	// joins are the pairs that put unplaced records in a group, by group.
	joins := map[string][]store.PlacedPair{}
	for _, mg := range merges {
		pa, pb := g.placeOf[mg.i], g.placeOf[mg.j]
		if pa == pb {
			continue
		}
		if separated(blocked, recs, g.members[pa], g.members[pb]) {
			rep.Blocked++
			continue
		}
		if k, ok := one.conflict(recs, g.members[pa], g.members[pb]); ok {
			// To review, with the reason: never merged by a run, not
			// forgotten either.
			rep.OneSource++
			sc := ix.Compare(mg.i, mg.j)
			sc.Reason = oneSourceReason(k)
			js, err := json.Marshal(sc)
			if err != nil {
				return rep, err
			}
			review = append(review, store.DuplicatePair{PairKey: mg.key, Scores: string(js), Total: mg.total, Band: Review.Code()})
			continue
		}
		survivor, absorbed := pa, pb
		if g.survives(pb, pa) {
			survivor, absorbed = pb, pa
		}
		confirmed := decisions[mg.key] == store.DecisionConfirmed
		if g.unplaced[absorbed] {
			// No place to merge: the absorbed records join the survivor's
			// group, placed below.
			joins[survivor] = append(append(joins[survivor], joins[absorbed]...), store.PlacedPair{Key: mg.key, Score: mg.total, Confirmed: confirmed})
			delete(joins, absorbed)
		} else {
			// Two published places: the components' points, so that the
			// journal explains the merge (scored again, only for the
			// merges done: the run keeps totals).
			sc := ix.Compare(mg.i, mg.j)
			reason := fmt.Sprintf("Même lieu (score %s) : %s « %s » et %s « %s » — %s", Total(mg.total),
				mg.key.A.Source, mg.key.A.ID, mg.key.B.Source, mg.key.B.ID, sc.Summary())
			if confirmed {
				reason = "Fusion confirmée par une personne : " + reason
			}
			// A record of each place as stored (the pair's own records
			// may be unplaced ones that joined them in this run).
			a, b := recs[g.members[pa][0]].Key(), recs[g.members[pb][0]].Key()
			toMerge = append(toMerge, store.RecordMerge{A: a, B: b, Why: store.MergeInfo{Actor: Actor, Reason: reason, Score: mg.total}})
		}
		g.merge(survivor, absorbed)
	}
	placements := g.placements(recs, joins, compared)
	if err := st.ReviewPairs(ctx, review); err != nil {
		return rep, err
	}

	// Merges in transactions of bounded size too, then the placements
	// (whose places may be those merges' survivors); the records compared
	// stop waiting with the last transaction (a run interrupted before is
	// done again: the merges already done are skipped, the records not
	// placed are still unplaced and waiting).
	mergeTxs := (len(toMerge) + mergesPerTx - 1) / mergesPerTx
	placeTxs := chunkPlacements(placements, recordsPerTx)
	txs := mergeTxs + len(placeTxs)
	if txs == 0 && len(compared) > 0 {
		txs = 1
	}
	for k := range txs {
		var last []store.PendingRecord
		if k == txs-1 {
			last = compared
		}
		switch {
		case k < mergeTxs:
			chunk := toMerge[k*mergesPerTx : min((k+1)*mergesPerTx, len(toMerge))]
			done, err := m.MergeRecords(ctx, chunk, last)
			if err != nil {
				return rep, fmt.Errorf("fusion de %d paires de lieux : %w", len(chunk), err)
			}
			rep.Merged += len(done)
		case k-mergeTxs < len(placeTxs):
			chunk := placeTxs[k-mergeTxs]
			placed, created, err := m.PlaceRecords(ctx, chunk, last)
			if err != nil {
				return rep, fmt.Errorf("placement de %d groupes d'enregistrements : %w", len(chunk), err)
			}
			rep.Merged += placed - created
			rep.Created += created
		default: // nothing to merge nor place: the records compared stop waiting
			if _, err := m.MergeRecords(ctx, nil, last); err != nil {
				return rep, fmt.Errorf("fin de la recherche des doublons : %w", err)
			}
		}
	}
	return rep, nil
}

// groups are the places of a run's records as they are merged: a
// published place, or a record an import left unplaced, a group of its
// own under a key no place id has until it joins another.
type groups struct {
	placeOf  []string // by record
	members  map[string][]int
	created  map[string]time.Time
	order    map[string]int64 // of published places
	unplaced map[string]bool
}

func newGroups(recs []PlacedRecord) *groups {
	g := &groups{placeOf: make([]string, len(recs)), members: map[string][]int{}, created: map[string]time.Time{}, order: map[string]int64{}, unplaced: map[string]bool{}}
	for i, r := range recs {
		id := r.Place
		if id == "" {
			id = unplacedGroup(r.Key())
			g.unplaced[id] = true
		}
		g.placeOf[i] = id
		g.members[id] = append(g.members[id], i)
		if t, ok := g.created[id]; !ok || r.PlaceCreated.Before(t) {
			g.created[id] = r.PlaceCreated
		}
		if r.Place != "" {
			g.order[id] = r.PlaceOrder
		}
	}
	return g
}

// unplacedGroup is the group of an unplaced record before it joins
// another: not a place id (ids have no NUL).
func unplacedGroup(k store.RecordKey) string { return "\x00" + k.Source + "\x00" + k.ID }

// survives tells whether group a survives b when they merge: a published
// place over unplaced records (its id was published), then the place
// created first (as the store's merge decides: by creation order), then
// the older, then the smaller id (for unplaced records, the smaller
// source and id).
func (g *groups) survives(a, b string) bool {
	if g.unplaced[a] != g.unplaced[b] {
		return !g.unplaced[a]
	}
	if oa, ob := g.order[a], g.order[b]; oa != ob {
		return oa < ob
	}
	return g.created[a].Before(g.created[b]) || g.created[a].Equal(g.created[b]) && a < b
}

// merge puts absorbed's records in survivor.
func (g *groups) merge(survivor, absorbed string) {
	for _, k := range g.members[absorbed] {
		g.placeOf[k] = survivor
	}
	g.members[survivor] = append(g.members[survivor], g.members[absorbed]...)
	delete(g.members, absorbed)
}

// placements are where the unplaced records go once merged: with the
// published place of their group, or in a new place per group of
// unplaced records, its records in the order of the groups they were
// (the first, the oldest, names it). Published places first, by id, then
// the new places, oldest first: the ids they take do not depend on the
// order of maps.
func (g *groups) placements(recs []PlacedRecord, joins map[string][]store.PlacedPair, compared []store.PendingRecord) []store.Placement {
	token := make(map[store.RecordKey]int64, len(compared))
	for _, c := range compared {
		token[c.Key] = c.Token
	}
	byGroup := map[string][]int{}
	var ids []string
	for i, r := range recs {
		if r.Place != "" {
			continue
		}
		id := g.placeOf[i]
		if _, ok := byGroup[id]; !ok {
			ids = append(ids, id)
		}
		byGroup[id] = append(byGroup[id], i)
	}
	sort.Slice(ids, func(a, b int) bool {
		x, y := ids[a], ids[b]
		if g.unplaced[x] != g.unplaced[y] {
			return !g.unplaced[x]
		}
		if g.unplaced[x] && !g.created[x].Equal(g.created[y]) {
			return g.created[x].Before(g.created[y])
		}
		return x < y
	})
	out := make([]store.Placement, 0, len(ids))
	for _, id := range ids {
		rs := byGroup[id]
		own := func(i int) string { return unplacedGroup(recs[i].Key()) }
		sort.Slice(rs, func(a, b int) bool { return g.survives(own(rs[a]), own(rs[b])) })
		p := store.Placement{Pairs: joins[id], Actor: Actor}
		if !g.unplaced[id] {
			p.Place = id
		}
		for _, i := range rs {
			pr := store.PendingRecord{Key: recs[i].Key(), Token: token[recs[i].Key()]}
			if recs[i].Complete {
				pr.Lieu = recs[i].Lieu
			}
			p.Records = append(p.Records, pr)
		}
		out = append(out, p)
	}
	return out
}

// chunkPlacements cuts placements into transactions of about n records
// (a placement is never cut).
func chunkPlacements(ps []store.Placement, n int) [][]store.Placement {
	var out [][]store.Placement
	start, records := 0, 0
	for i, p := range ps {
		records += len(p.Records)
		if records >= n {
			out = append(out, ps[start:i+1])
			start, records = i+1, 0
		}
	}
	if start < len(ps) {
		out = append(out, ps[start:])
	}
	return out
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

// storedApart returns the stored pairs (decisions' keys) that involve a
// changed record (at; every record when all) and are not among the
// candidate pairs: blocking no longer puts their records together.
func storedApart(pairs []Pair, decisions map[store.PairKey]string, pos map[store.RecordKey]int, at []int, all bool) map[Pair]bool {
	isChanged := map[int]bool{}
	for _, i := range at {
		isChanged[i] = true
	}
	candidate := make(map[Pair]bool, len(pairs))
	for _, p := range pairs {
		candidate[p] = true
	}
	out := map[Pair]bool{}
	for k := range decisions {
		i, okA := pos[k.A]
		j, okB := pos[k.B]
		if !okA || !okB || i == j || !all && !isChanged[i] && !isChanged[j] {
			continue
		}
		p := Pair{min(i, j), max(i, j)}
		if !candidate[p] {
			out[p] = true
		}
	}
	return out
}

// sortPairList sorts pairs by I then J.
func sortPairList(pairs []Pair) {
	sort.Slice(pairs, func(a, b int) bool {
		if pairs[a].I != pairs[b].I {
			return pairs[a].I < pairs[b].I
		}
		return pairs[a].J < pairs[b].J
	})
}
