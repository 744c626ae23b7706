package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

func testReports(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("a"), Sample("b"))
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for i, r := range []place.Correction{
		{LieuID: "a", Field: "horaires", Message: "Fermé le lundi", Created: at},
		{LieuID: "b", Field: "autre", Message: "Déménagé", Contact: "x@exemple.fr", Created: at.Add(time.Hour)},
	} {
		id, err := s.AddCorrection(ctx, r)
		if err != nil || id != int64(i+1) {
			t.Fatalf("AddCorrection: %d %v", id, err)
		}
	}
	all, err := s.Corrections(ctx, "")
	if err != nil || len(all) != 2 || all[0].LieuID != "b" || all[0].Contact != "x@exemple.fr" || !all[0].Created.Equal(at.Add(time.Hour)) || all[0].Status != place.CorrectionStatusNew {
		t.Errorf("reports: %+v %v", all, err)
	}
	if a, err := s.Corrections(ctx, "a"); err != nil || len(a) != 1 || a[0].Message != "Fermé le lundi" {
		t.Errorf("reports of a: %+v (%v)", a, err)
	}
	// A report belongs to a place of the registry.
	if _, err := s.AddCorrection(ctx, place.Correction{LieuID: "inconnu", Field: "autre", Message: "x", Created: at}); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("a report about no place: %v", err)
	}
}

func testContributions(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("lieu-1"))
	uid, err := s.CreateUser(ctx, account.User{Email: "epn@ville.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	actor := fmt.Sprintf("compte:%d", uid)
	cl, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "lieu-1", Status: store.StatusPending}, actor)
	if err != nil {
		t.Fatal(err)
	}
	if cs, err := s.Claims(ctx, store.StatusPending, 0); err != nil || len(cs) != 1 || cs[0].LieuID != "lieu-1" {
		t.Errorf("pending claims: %+v (%v)", cs, err)
	}
	if err := s.DecideClaim(ctx, cl, store.StatusApproved, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DecideClaim(ctx, cl, store.StatusRefused, "compte:1"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("a decided claim is decided again: %v", err)
	}
	if cs, err := s.Claims(ctx, "", uid); err != nil || len(cs) != 1 || cs[0].Status != store.StatusApproved {
		t.Errorf("claims of the account: %+v (%v)", cs, err)
	}
	// The structure edits its place.
	l, err := s.Lieu(ctx, "lieu-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PatchLieu(ctx, "lieu-1", store.Patch{Base: store.Version(&l), Set: map[string]string{"horaires": "Mo-Fr 10:00-18:00", "telephone": "+33561000000"},
		Origin: "structure", Actor: actor}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Lieu(ctx, "lieu-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Horaires != "Mo-Fr 10:00-18:00" || got.Nom != Sample("x").Nom {
		t.Errorf("after the edit: %+v", got)
	}
	origins, err := s.FieldOrigins(ctx, "lieu-1")
	if err != nil {
		t.Fatal(err)
	}
	if origins["horaires"].Origin != "structure" || origins["telephone"].Actor != actor || len(origins) != 2 {
		t.Errorf("origins: %+v", origins)
	}
	// A later import of the source, older than the structure's edit, keeps
	// what the structure set; one dated after the edit wins.
	stale := Sample("lieu-1")
	stale.Nom = "Nom de la source"
	if c := put(t, s, "hub", stale); c.Updated != 1 {
		t.Errorf("re-import: %+v", c)
	}
	got, err = s.Lieu(ctx, "lieu-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Horaires != "Mo-Fr 10:00-18:00" || got.Nom != "Nom de la source" {
		t.Errorf("the harvest overwrote the structure's hours: %q / %q", got.Horaires, got.Nom)
	}
	if c := put(t, s, "hub", stale); c.Unchanged != 1 {
		t.Errorf("re-import of the same file: %+v", c)
	}
	sameDay := Sample("lieu-1")
	now := time.Now().UTC()
	sameDay.DateMaj = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	put(t, s, "hub", sameDay)
	if got, err := s.Lieu(ctx, "lieu-1"); err != nil || got.Horaires != "Mo-Fr 10:00-18:00" {
		t.Errorf("a source record of the same day overwrote the structure's hours: %q (%v)", got.Horaires, err)
	}
	// A newer record that says what the source said when the structure
	// edited the hours keeps the edit; one that says something new keeps
	// it too (a harvest never replaces a hand edit), and is news for the
	// coordinators.
	fresh := Sample("lieu-1")
	fresh.DateMaj = now.AddDate(0, 0, 3)
	put(t, s, "hub", fresh)
	if got, err := s.Lieu(ctx, "lieu-1"); err != nil || got.Horaires != "Mo-Fr 10:00-18:00" {
		t.Errorf("a newer source record that says the same overwrote the structure's hours: %q (%v)", got.Horaires, err)
	}
	fresh.Horaires, fresh.DateMaj = "Mo-Sa 09:00-12:00", now.AddDate(0, 0, 4)
	put(t, s, "hub", fresh)
	if got, err := s.Lieu(ctx, "lieu-1"); err != nil || got.Horaires != "Mo-Fr 10:00-18:00" {
		t.Errorf("a newer source record that says something new overwrote the structure's hours: %q (%v)", got.Horaires, err)
	}
	if news, err := s.SourceNews(ctx, "lieu-1"); err != nil || len(news) != 1 || news[0].Field != "horaires" || news[0].Value != fresh.Horaires {
		t.Errorf("news of the newer source record: %+v (%v)", news, err)
	}
	if _, err := s.PatchLieu(ctx, "absent", store.Patch{Set: map[string]string{"nom": "x"}, Origin: "structure", Actor: actor}); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("editing an unknown place: %v", err)
	}
	// A proposal waits for a coordinator.
	pid, err := s.AddProposal(ctx, store.Proposal{LieuID: "lieu-1", UserID: uid, Values: map[string]string{"nom": "Nouveau nom"}}, actor)
	if err != nil {
		t.Fatal(err)
	}
	if ps, err := s.Proposals(ctx, store.StatusPending); err != nil || len(ps) != 1 || ps[0].Values["nom"] != "Nouveau nom" {
		t.Errorf("proposals: %+v (%v)", ps, err)
	}
	if err := s.DecideProposal(ctx, pid, store.StatusRefused, "compte:1"); err != nil {
		t.Fatal(err)
	}
	rid, err := s.AddCorrection(ctx, place.Correction{LieuID: "lieu-1", Field: "autre", Message: "x", Created: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetCorrectionStatus(ctx, rid, store.StatusHandled, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if rs, err := s.Corrections(ctx, "lieu-1"); err != nil || rs[0].Status != store.StatusHandled {
		t.Errorf("report status: %+v (%v)", rs, err)
	}
	history, err := s.Audit(ctx, "lieu", "lieu-1")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range history {
		actions = append(actions, e.Action)
	}
	want := []string{"revendication.en_attente", "revendication.acceptee", "lieu.modifie", "proposition.deposee", "proposition.refusee", "signalement.traite"}
	if !reflect.DeepEqual(actions, want) {
		t.Errorf("history: %v, want %v", actions, want)
	}
	if !strings.Contains(string(history[2].Before), "Mo-Fr 09:00-12:00") || !strings.Contains(string(history[2].After), "Mo-Fr 10:00-18:00") {
		t.Errorf("before/after: %s → %s", history[2].Before, history[2].After)
	}
	verifyChain(t, s)
}
