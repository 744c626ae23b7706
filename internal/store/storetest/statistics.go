package storetest

import (
	"context"
	"testing"

	"maillage/internal/activity"
	"maillage/internal/evaluation"
	"maillage/internal/store"
)

// testActivityStatistics: internal/evaluation's figures read from the
// store, for a territory, a place and everywhere, with a Coop export
// imported twice (counted once). The expected totals are counted by hand
// from the fixture's rows.
func testActivityStatistics(t *testing.T, s store.Store, f *activityFixture, _ TryExec) {
	ctx := context.Background()
	addActivity(t, s, individualAt(f))   // 2026-11-20, Toulouse (31), 1
	addActivity(t, s, workshopAtHome(f)) // 2026-11-05, 81065 (81), 12 participants
	for range 2 {
		if _, err := s.ImportCoop(ctx, activity.ImportRun{File: "export-coop.xlsx"}, coopActivities(), "cli"); err != nil {
			t.Fatal(err) // 2026-09-01 Toulouse's place, 1; 2026-09-02 Albi (81), 3 participants
		}
	}
	g := activity.Aggregate{LieuID: actAlbi, Month: "2026-11", Individual: 20, Workshops: 2, WorkshopParticipants: 14, Account: f.other}
	if _, err := s.SaveAggregate(ctx, g, f.other, actor(f.other)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name                                           string
		scope                                          evaluation.Scope
		p                                              evaluation.Period
		acc, individual, workshops, participants, prev int
		coop                                           int
	}{
		{"everywhere, September to November", evaluation.Scope{}, evaluation.Period{From: "2026-09-01", To: "2026-11-30"}, 1 + 12 + 1 + 3 + 34, 1 + 1 + 20, 1 + 1 + 2, 12 + 3 + 14, 0, 4},
		{"Tarn, November", evaluation.Scope{Territories: []store.TerritoryRef{{Kind: "departement", Code: "81"}}}, evaluation.Period{From: "2026-11-01", To: "2026-11-30"}, 12 + 34, 20, 1 + 2, 12 + 14, 0, 0},
		{"Tarn, October (September's import before)", evaluation.Scope{Territories: []store.TerritoryRef{{Kind: "departement", Code: "81"}}}, evaluation.Period{From: "2026-10-01", To: "2026-10-31"}, 0, 0, 0, 0, 3, 0},
		{"Toulouse's place", evaluation.Scope{Lieu: actToulouse}, evaluation.Period{From: "2026-09-01", To: "2026-11-30"}, 2, 2, 0, 0, 0, 1},
		{"commune of Toulouse, November", evaluation.Scope{Territories: []store.TerritoryRef{{Kind: "commune", Code: "31555"}}}, evaluation.Period{From: "2026-11-01", To: "2026-11-30"}, 1, 1, 0, 0, 0, 0},
	} {
		cur, prev, err := evaluation.Load(ctx, s, tt.scope, tt.p)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if cur.Accompaniments != tt.acc || cur.Individual != tt.individual || cur.Workshops != tt.workshops || cur.WorkshopParticipants != tt.participants ||
			prev.Accompaniments != tt.prev || cur.Sources[activity.SourceImportCoop] != tt.coop {
			t.Errorf("%s: %d accompaniments (%d individual, %d workshops of %d), previous %d, Coop %d; want %d (%d, %d of %d), %d, %d",
				tt.name, cur.Accompaniments, cur.Individual, cur.Workshops, cur.WorkshopParticipants, prev.Accompaniments, cur.Sources[activity.SourceImportCoop],
				tt.acc, tt.individual, tt.workshops, tt.participants, tt.prev, tt.coop)
		}
	}
}
