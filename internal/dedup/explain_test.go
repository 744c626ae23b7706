package dedup

import (
	"context"
	"strings"
	"testing"
	"time"

	"maillage/internal/store"
)

func TestPoints(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{{4, "+4"}, {-1.5, "−1,5"}, {0, "0"}, {0.5, "+0,5"}, {-3, "−3"}} {
		if got := Points(tt.in); got != tt.want {
			t.Errorf("Points(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSummary: the explanation names every component that weighs, with
// its points, and the rule that capped the band; it reads back from the
// stored JSON.
func TestSummary(t *testing.T) {
	stored := `{"nom":{"valeur":1,"points":4,"note":"mêmes mots distinctifs"},"adresse":{"valeur":0,"points":-1.5,"note":"autres voies"},` +
		`"distance":{"valeur":606,"points":0.5,"note":"606 m l’un de l’autre"},"telephone":{"valeur":1,"points":1.5,"note":"même numéro"},` +
		`"courriel":{"valeur":-1,"points":0,"note":"courriel absent d’un côté"},"total":4.5,"raison":"à vérifier"}`
	s, err := ParseScores(stored)
	if err != nil {
		t.Fatal(err)
	}
	want := "Nom +4 (mêmes mots distinctifs) ; Adresse −1,5 (autres voies) ; Distance +0,5 (606 m l’un de l’autre) ; Téléphone +1,5 (même numéro) ; règle : à vérifier"
	if got := s.Summary(); got != want {
		t.Errorf("summary\n%s\nwant\n%s", got, want)
	}
}

// reasonMerger keeps the reasons of the merges it is asked for.
type reasonMerger struct {
	*fakeMerger
	reasons []string
}

func (m *reasonMerger) MergeRecords(ctx context.Context, pairs []store.RecordMerge, pending []store.PendingRecord) ([]store.Merged, error) {
	for _, p := range pairs {
		m.reasons = append(m.reasons, p.Why.Reason)
	}
	return m.fakeMerger.MergeRecords(ctx, pairs, pending)
}

// TestMergeReasonExplains: the reason an automatic merge is journaled
// with gives each component's points, not only the total.
func TestMergeReasonExplains(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	recs := []PlacedRecord{
		placed(rec("hub", "1", "Médiathèque Jean Moulin", "12 rue Pasteur", "01053", lat0, lon0), "P1", t0),
		placed(rec("nat", "9", "Mediatheque Jean Moulin", "12 r. Pasteur", "01053", lat0, lon0), "P2", t0.Add(time.Hour)),
	}
	m := &reasonMerger{fakeMerger: newFakeMerger(recs)}
	if _, err := DefaultConfig().Run(ctx, db, m, recs, nil); err != nil {
		t.Fatal(err)
	}
	if len(m.reasons) != 1 {
		t.Fatalf("reasons %q", m.reasons)
	}
	for _, want := range []string{"Nom +4 (mêmes mots distinctifs)", "Adresse +3 (même numéro, même voie)", "Distance +2,5", "hub « 1 »", "nat « 9 »"} {
		if !strings.Contains(m.reasons[0], want) {
			t.Errorf("reason %q does not say %q", m.reasons[0], want)
		}
	}
}
