package storetest

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"

	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/territory"
)

// testActivityPassLink: an individual accompaniment is linked to the Pass
// numérique redemption that paid it, at its place on its day; a
// redemption pays at most one activity (the store says so, and the
// database refuses a second link by itself); editing or deleting the
// activity frees the redemption; the ledger's rows never change.
func testActivityPassLink(t *testing.T, s store.Store, f *activityFixture, exec TryExec) {
	ctx := context.Background()
	ref := Referential()
	ref.Regions = append(ref.Regions, territory.Region{Code: "44", Nom: "Grand Est"})
	ref.Departements = append(ref.Departements, territory.Departement{Code: "51", Nom: "Marne", Region: "44"})
	ref.Communes = append(ref.Communes, territory.Commune{Code: "51454", Nom: "Reims", Departement: "51", Region: "44", CodesPostaux: []string{"51100"}, Population: 178301})
	if err := s.ReplaceTerritories(ctx, ref.Index()); err != nil {
		t.Fatal(err)
	}
	pf := newPassFixture(t, s, 2, 4, 1)
	var ids []int64
	for i := 0; i < 2; i++ {
		res := pf.redeem(t, s, pf.passes[i].Code, lieuInside, place.ServiceDemarches, pf.structure, "k"+strconv.Itoa(i))
		if res.Redemption == nil {
			t.Fatalf("redemption %d refused: %s", i, res.Reason)
		}
		ids = append(ids, res.Redemption.ID)
	}
	ledger, err := s.Redemptions(ctx, lieuInside, 0)
	if err != nil || len(ledger) != 2 || ledger[0].Day != "2026-12-02" {
		t.Fatalf("redemptions: %v %+v", err, ledger)
	}
	session := func(redemption int64) activity.Activity {
		return activity.Activity{Kind: activity.Individuel, Date: "2026-12-02", Duration: 60, PlaceType: activity.LieuActivite, LieuID: lieuInside,
			Thematics: []string{"email"}, PassRedemption: redemption, Account: f.mediateur}
	}
	paid := addActivity(t, s, session(ids[0]))
	if got, err := s.Activity(ctx, paid.ID); err != nil || got.PassRedemption != ids[0] {
		t.Fatalf("stored link: %v %d, want %d", err, got.PassRedemption, ids[0])
	}

	// Refused links, each with its reason.
	for _, tt := range []struct {
		name string
		a    activity.Activity
		code failure.Code
		rule string
	}{
		{"the same redemption twice", session(ids[0]), failure.Conflict, ""},
		{"another place", func() activity.Activity { a := session(ids[1]); a.LieuID = actToulouse; return a }(), failure.Invalid, "pass-autre-lieu"},
		{"another day", func() activity.Activity { a := session(ids[1]); a.Date = "2026-12-01"; return a }(), failure.Invalid, "pass-autre-jour"},
		{"a workshop", func() activity.Activity {
			a := session(ids[1])
			a.Kind, a.Public = activity.Collectif, activity.Public{Total: 3}
			return a
		}(), failure.Invalid, "pass-seulement-individuel"},
		{"at home", func() activity.Activity {
			a := session(ids[1])
			a.PlaceType, a.LieuID, a.Commune = activity.Domicile, "", "51454"
			return a
		}(), failure.Invalid, "pass-lieu-du-registre"},
		{"an unknown redemption", session(ids[1] + 100), failure.NotFound, ""},
	} {
		_, err := s.AddActivity(ctx, tt.a, actor(f.mediateur))
		if failure.CodeOf(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
			continue
		}
		if tt.rule != "" {
			var ps activity.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Rule != tt.rule || ps[0].Field != "utilisation_pass" {
				t.Errorf("%s: problems %v, want rule %s on utilisation_pass", tt.name, ps, tt.rule)
			}
		}
	}
	if list, _ := s.Activities(ctx, store.ActivityFilter{}); len(list) != 1 {
		t.Errorf("refused links stored activities: %d", len(list))
	}

	// The database itself refuses a second link.
	other := addActivity(t, s, session(0))
	if err := exec(t, s, `UPDATE activites SET utilisation_pass = `+strconv.FormatInt(ids[0], 10)+` WHERE id = `+strconv.FormatInt(other.ID, 10)); err == nil {
		t.Error("the database accepted a redemption linked to two activities")
	}

	// PaidByPass selects the linked ones.
	if list, err := s.Activities(ctx, store.ActivityFilter{LieuID: lieuInside, PaidByPass: true}); err != nil || len(list) != 1 || list[0].ID != paid.ID {
		t.Errorf("paid by pass: %v %+v", err, list)
	}

	// Unlinking frees the redemption for another activity; so does deleting.
	paid.PassRedemption = 0
	if _, err := s.UpdateActivity(ctx, paid, f.mediateur, actor(f.mediateur)); err != nil {
		t.Fatal(err)
	}
	other.PassRedemption = ids[0]
	if _, err := s.UpdateActivity(ctx, other, f.mediateur, actor(f.mediateur)); err != nil {
		t.Fatalf("link after unlinking: %v", err)
	}
	if err := s.DeleteActivity(ctx, other.ID, &store.ActivityReader{Account: f.mediateur}, actor(f.mediateur)); err != nil {
		t.Fatal(err)
	}
	paid.PassRedemption = ids[0]
	if _, err := s.UpdateActivity(ctx, paid, f.mediateur, actor(f.mediateur)); err != nil {
		t.Fatalf("link after deleting: %v", err)
	}

	after, err := s.Redemptions(ctx, lieuInside, 0)
	if err != nil || !reflect.DeepEqual(after, ledger) {
		t.Errorf("the ledger changed:\n got %+v\nwant %+v", after, ledger)
	}
	verifyClean(t, s)
}
