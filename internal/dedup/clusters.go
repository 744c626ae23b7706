package dedup

import (
	"encoding/json"
	"sort"

	"maillage/internal/store"
)

// Cluster is a merged place: a published place with several source records.
type Cluster struct {
	// Number counts the clusters from 1, in the order of their places' ids:
	// a position in one listing, for people. What names a cluster across
	// runs and harvests is Place.
	Number int
	// Place is the published place's id: the surviving place of the merges
	// (the older one), the cluster's stable id (cluster_id in the CLI's
	// exports).
	Place   string
	Name    string // its published name
	Members []Member
}

// Member is a record of a merged place, with the strongest stored pair that
// ties it to another record of the place.
type Member struct {
	Source, ID, Name string
	// RawID is the record's id as its source wrote it (ID: as maillage
	// cleaned and keys it).
	RawID string
	// Score is that pair's total, Decision its decision (auto, confirmee);
	// HasPair is false for a record joined by hand, without a scored pair.
	Score    float64
	Decision string
	HasPair  bool
	// Pair is that pair, with its stored explanation (Scores) and the
	// other record (Other).
	Pair store.DuplicatePair
}

// Other returns the other record of the member's pair.
func (m Member) Other() store.RecordKey {
	if m.Pair.A == (store.RecordKey{Source: m.Source, ID: m.ID}) {
		return m.Pair.B
	}
	return m.Pair.A
}

// Clusters groups the records by place and keeps the places with several
// records, in the order of their ids; members in the order of source and id.
func Clusters(recs []PlacedRecord, pairs []store.DuplicatePair) []Cluster {
	byPlace := map[string][]PlacedRecord{}
	placeOf := map[store.RecordKey]string{}
	for _, r := range recs {
		byPlace[r.Place] = append(byPlace[r.Place], r)
		placeOf[r.Key()] = r.Place
	}
	best := map[store.RecordKey]store.DuplicatePair{}
	for _, p := range pairs {
		pa, oka := placeOf[p.A]
		pb, okb := placeOf[p.B]
		if !oka || !okb || pa != pb {
			continue
		}
		for _, k := range []store.RecordKey{p.A, p.B} {
			if b, ok := best[k]; !ok || p.Total > b.Total {
				best[k] = p
			}
		}
	}
	var ids []string
	for id, rs := range byPlace {
		if len(rs) > 1 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	out := make([]Cluster, 0, len(ids))
	for n, id := range ids {
		rs := byPlace[id]
		sort.Slice(rs, func(i, j int) bool { return rs[i].Key().Less(rs[j].Key()) })
		c := Cluster{Number: n + 1, Place: id, Name: rs[0].PlaceName}
		for _, r := range rs {
			m := Member{Source: r.Source, ID: r.Lieu.ID, RawID: r.Lieu.RawID(), Name: r.Lieu.Nom}
			if p, ok := best[r.Key()]; ok {
				m.Score, m.Decision, m.HasPair, m.Pair = p.Total, p.Decision, true, p
			}
			c.Members = append(c.Members, m)
		}
		out = append(out, c)
	}
	return out
}

// ReviewItem is a pair waiting for a person's decision, with both records
// when they are still current.
type ReviewItem struct {
	store.DuplicatePair
	A, B   *PlacedRecord // nil when the record is no longer current
	Scores Scores
}

// ReviewQueue returns the pairs of the band "to review" no decision was
// taken on, whose records are both current and still in different places
// that no decision separated (placesSeparated), and the automatic merges
// a re-harvest weakened (decision "auto", band no longer "same", both
// records current and still in one place: WeakenedReason says so),
// highest total first.
func ReviewQueue(recs []PlacedRecord, pairs []store.DuplicatePair) ([]ReviewItem, error) {
	at := make(map[store.RecordKey]*PlacedRecord, len(recs))
	for i := range recs {
		at[recs[i].Key()] = &recs[i]
	}
	var out []ReviewItem
	apart := placesSeparated(recs, pairs)
	for _, p := range pairs {
		weakened := p.Decision == store.DecisionAuto && p.Band != Same.Code()
		if !weakened && (p.Band != Review.Code() || p.Decision != "") {
			continue
		}
		a, b := at[p.A], at[p.B]
		if a == nil || b == nil || weakened != (a.Place == b.Place) || apart(a.Place, b.Place) {
			continue
		}
		it := ReviewItem{DuplicatePair: p, A: a, B: b}
		if err := json.Unmarshal([]byte(p.Scores), &it.Scores); err != nil {
			return nil, err
		}
		if weakened {
			it.Scores.Reason = WeakenedReason(p.Total, it.Scores.Reason)
		}
		it.Scores.Band = Review
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Total > out[j].Total })
	return out, nil
}

// WeakenedReason says why an automatic merge waits for a person: a
// re-harvest brought its score down to total, for the scores' reason if
// they give one (NotCompared…).
func WeakenedReason(total float64, reason string) string {
	out := "fusion automatique à revoir : le score est tombé à " + Total(total) + " points"
	if reason != "" {
		out += " (" + reason + ")"
	}
	return out
}
