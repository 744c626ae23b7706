package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

func lieu(t *testing.T, s store.Store, id string) place.Lieu {
	t.Helper()
	l, err := s.Lieu(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// testPatches: an edit writes only the fields the person changed, to the
// row as it is stored, and refuses a row changed since the form was read.
func testPatches(t *testing.T, s store.Store) {
	ctx := context.Background()
	broken := Sample("p")
	broken.Horaires = "n'importe quoi"
	broken.Provenance.HoursInvalid = true
	put(t, s, "hub", broken)
	loaded := lieu(t, s, "p") // the form is read

	// A newer import lands meanwhile (another process, a stale index).
	newer := broken
	newer.Nom, newer.DateMaj = "Nom de la source, plus récent", broken.DateMaj.AddDate(0, 0, 1)
	put(t, s, "hub", newer)
	if _, err := s.PatchLieu(ctx, "p", store.Patch{Base: store.Version(&loaded), Set: map[string]string{"telephone": "+33561000000"}, Origin: "structure", Actor: "compte:2"}); !errors.Is(err, failure.ErrConflict) {
		t.Fatalf("an edit made from a place changed since: %v, want a conflict", err)
	}
	if got := lieu(t, s, "p"); got.Nom != newer.Nom || !reflect.DeepEqual(got.Telephone, Sample("x").Telephone) {
		t.Errorf("a refused edit changed the place: %+v", got)
	}

	// Fixing the hours writes them, understood, and nothing else.
	cur := lieu(t, s, "p")
	got, err := s.PatchLieu(ctx, "p", store.Patch{Base: store.Version(&cur), Set: map[string]string{"horaires": "Mo-Fr 10:00-18:00"}, Origin: "structure", Actor: "compte:2"})
	if err != nil {
		t.Fatal(err)
	}
	stored := lieu(t, s, "p")
	if !reflect.DeepEqual(got, stored) {
		t.Errorf("PatchLieu returned\n%+v\nbut stored\n%+v", got, stored)
	}
	if stored.Horaires != "Mo-Fr 10:00-18:00" || stored.Provenance.HoursInvalid || stored.Nom != newer.Nom {
		t.Errorf("after fixing the hours: %q invalid=%v nom=%q", stored.Horaires, stored.Provenance.HoursInvalid, stored.Nom)
	}
	want := newer
	want.Horaires, want.Provenance.HoursInvalid = "Mo-Fr 10:00-18:00", false
	if !reflect.DeepEqual(stored, want) {
		t.Errorf("fields the person did not touch changed:\n got %+v\nwant %+v", stored, want)
	}
	if o, err := s.FieldOrigins(ctx, "p"); err != nil || len(o) != 1 || o["horaires"].Origin != "structure" {
		t.Errorf("fields marked as set by hand: %+v %v", o, err)
	}
	// The stored version is the version of the stored row: an edit made
	// from it goes through.
	if _, err := s.PatchLieu(ctx, "p", store.Patch{Base: store.Version(&stored), Set: map[string]string{"telephone": "+33561000000"}, Origin: "structure", Actor: "compte:2"}); err != nil {
		t.Errorf("an edit made from the stored place: %v", err)
	}

	// Confirming moves date_maj only, and marks no other field as set by hand…
	cur = lieu(t, s, "p")
	today := time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC)
	if _, err := s.PatchLieu(ctx, "p", store.Patch{Base: store.Version(&cur), DateMaj: today, Origin: "structure", Actor: "compte:2"}); err != nil {
		t.Fatal(err)
	}
	confirmed := lieu(t, s, "p")
	want = cur
	want.DateMaj = today
	if !reflect.DeepEqual(confirmed, want) {
		t.Errorf("confirming changed more than date_maj:\n got %+v\nwant %+v", confirmed, want)
	}
	// …and keeps who confirmed, as the date's origin (merge.DateField).
	if o, err := s.FieldOrigins(ctx, "p"); err != nil || len(o) != 3 || o["date_maj"].Actor != "compte:2" || o["date_maj"].Origin != "structure" {
		t.Errorf("confirming marked fields, or not the date: %+v %v", o, err)
	}
	if es, err := s.Audit(ctx, "lieu", "p"); err != nil || len(es) != 3 || es[2].Action != "lieu.confirme" {
		t.Errorf("journal: %+v %v", es, err)
	}

	// Two edits from the same form: the second is refused, not silently lost.
	cur = lieu(t, s, "p")
	base := store.Version(&cur)
	if _, err := s.PatchLieu(ctx, "p", store.Patch{Base: base, Set: map[string]string{"nom": "Premier"}, Origin: "structure", Actor: "compte:2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PatchLieu(ctx, "p", store.Patch{Base: base, Set: map[string]string{"adresse": "2 rue Neuve"}, Origin: "coordination", Actor: "compte:3"}); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("a second edit from the same version: %v", err)
	}
	// Lists are sets: another order is not a change.
	cur = lieu(t, s, "p")
	reordered := cur
	reordered.Services = []string{cur.Services[1], cur.Services[0]}
	if set, _ := store.Diff(&cur, &reordered); len(set) != 0 { // the second value is what before held
		t.Errorf("a new order is a change: %v", set)
	}
	verifyChain(t, s)
}

// testProposals: accepting a proposal publishes it in the same transaction,
// applies only its own changes and shows a real conflict.
func testProposals(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("q"))
	seen := lieu(t, s, "q")
	proposed := seen
	proposed.Nom = "Nom proposé"
	set, from := store.Diff(&seen, &proposed)
	for _, email := range []string{"cinq@exemple.fr", "six@exemple.fr"} {
		if _, err := s.CreateUser(ctx, account.User{Email: email, Role: account.Contributeur}, "système"); err != nil {
			t.Fatal(err)
		}
	}
	older, err := s.AddProposal(ctx, store.Proposal{LieuID: "q", UserID: 1, Values: set, Base: from}, "compte:5")
	if err != nil {
		t.Fatal(err)
	}
	clash, err := s.AddProposal(ctx, store.Proposal{LieuID: "q", UserID: 2, Values: map[string]string{"telephone": "+33100000000"}, Base: map[string]string{"telephone": seen.Value(place.FTelephone)}}, "compte:6")
	if err != nil {
		t.Fatal(err)
	}
	// The structure edits the place after the proposals were made.
	if _, err := s.PatchLieu(ctx, "q", store.Patch{Base: store.Version(&seen), Set: map[string]string{"telephone": "+33561000000"}, Origin: "structure", Actor: "compte:2"}); err != nil {
		t.Fatal(err)
	}
	if ps, err := s.Proposals(ctx, store.StatusPending); err != nil || len(ps) != 2 || !reflect.DeepEqual(ps[0].Base, from) {
		t.Errorf("pending proposals: %+v %v", ps, err)
	}
	got, err := s.AcceptProposal(ctx, older, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Nom != "Nom proposé" || !reflect.DeepEqual(got.Telephone, []string{"+33561000000"}) {
		t.Errorf("accepting an older proposal: nom %q, telephone %v (the structure's edit reverted?)", got.Nom, got.Telephone)
	}
	if stored := lieu(t, s, "q"); !reflect.DeepEqual(stored, got) {
		t.Errorf("AcceptProposal returned %+v, stored %+v", got, stored)
	}
	if _, err := s.AcceptProposal(ctx, older, "compte:1"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("accepting twice: %v", err)
	}
	// The same field changed since the proposal: a conflict the moderator
	// sees, and the proposal stays pending.
	_, err = s.AcceptProposal(ctx, clash, "compte:1")
	c := store.ConflictsOf(err)
	if !errors.Is(err, failure.ErrConflict) || len(c) != 1 || c[0].Field != "telephone" || c[0].Now != "+33561000000" || c[0].Set != "+33100000000" {
		t.Errorf("a real conflict: %v %+v", err, c)
	}
	if ps, err := s.Proposals(ctx, store.StatusPending); err != nil || len(ps) != 1 || ps[0].ID != clash {
		t.Errorf("the conflicting proposal is no longer pending: %+v %v", ps, err)
	}
	if err := s.DecideProposal(ctx, clash, store.StatusRefused, "compte:1"); err != nil {
		t.Fatal(err)
	}
	// A new place is published under the source "contributions".
	n := Sample("ignored")
	v := n.Values()
	values := map[string]string{}
	for i, name := range place.FieldNames {
		values[name] = v[i]
	}
	values[store.PassField] = "oui"
	pid, err := s.AddProposal(ctx, store.Proposal{UserID: 1, Values: values}, "compte:5")
	if err != nil {
		t.Fatal(err)
	}
	created, err := s.AcceptProposal(ctx, pid, "compte:1")
	if err != nil {
		t.Fatal(err)
	}
	stored := lieu(t, s, created.ID)
	if created.ID == "" || stored.Nom != n.Nom || !stored.PassNumerique {
		t.Errorf("new place: %q %+v", created.ID, stored)
	}
	verifyChain(t, s)
}
