package web

import (
	"context"
	"strconv"
	"strings"

	"maillage/internal/dedup"
	"maillage/internal/store"
)

// mergePair is a stored pair of two records of a place that merged them
// (automatically or confirmed by a person), each component's points shown.
type mergePair struct {
	A, B     string // "source « id »"
	Total    string
	Decision string
	Parts    []mergePart
	Reason   string
}

type mergePart struct {
	Label, Points, Note string
}

// mergePairs returns the pairs that made a place of several records: the
// stored pairs between two of its current records decided « auto » or
// « confirmee », each with its components (paires_doublons.scores).
func (s *Server) mergePairs(ctx context.Context, id string) []mergePair {
	recs, err := s.store.SourceRecords(ctx, id)
	if err != nil || len(recs) < 2 {
		return nil
	}
	in := map[store.RecordKey]bool{}
	var keys []store.RecordKey
	for _, r := range recs {
		if !r.WithdrawnAt.IsZero() {
			continue
		}
		k := store.RecordKey{Source: r.Source, ID: r.SourceID}
		in[k] = true
		keys = append(keys, k)
	}
	pairs, err := s.store.DuplicatePairs(ctx, store.PairFilter{Records: keys})
	if err != nil {
		return nil
	}
	var out []mergePair
	for _, p := range pairs {
		if !in[p.A] || !in[p.B] || p.Decision != store.DecisionAuto && p.Decision != store.DecisionConfirmed {
			continue
		}
		sc, err := dedup.ParseScores(p.Scores)
		if err != nil {
			continue
		}
		mp := mergePair{A: p.A.Source + " « " + p.A.ID + " »", B: p.B.Source + " « " + p.B.ID + " »",
			Total: strings.Replace(strconv.FormatFloat(p.Total, 'f', 1, 64), ".", ",", 1), Decision: "fusion automatique", Reason: sc.Reason}
		if p.Decision == store.DecisionConfirmed {
			mp.Decision = "fusion confirmée par une personne"
		}
		for _, c := range sc.Parts() {
			mp.Parts = append(mp.Parts, mergePart{Label: c.Label, Points: dedup.Points(c.Points), Note: c.Note})
		}
		out = append(out, mp)
	}
	return out
}
