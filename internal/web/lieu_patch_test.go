package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// importBehindIndex imports a record as another process would: the store
// changes, this server's index does not.
func importBehindIndex(t *testing.T, ts *testServer, l place.Lieu) {
	t.Helper()
	ctx := context.Background()
	im, err := ts.store.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "autre-processus.csv"); err != nil {
		t.Fatal(err)
	}
}

func storedPlace(t *testing.T, ts *testServer, id string) place.Lieu {
	t.Helper()
	l, err := ts.store.Lieu(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func fieldOrigins(t *testing.T, ts *testServer, id string) map[string]store.FieldOrigin {
	t.Helper()
	o, err := ts.store.FieldOrigins(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func newerTls1() place.Lieu {
	l := fixture()[0]
	l.Nom, l.DateMaj = "EPN du Capitole (nom de la source)", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	return l
}

// "Confirmer que la fiche est à jour" moves date_maj, nothing else: a newer
// import the index has not seen is neither reverted nor marked as hand-set.
func TestConfirmOnlyMovesDateMaj(t *testing.T) {
	p := cast(t)
	newer := newerTls1()
	importBehindIndex(t, p.ts, newer)
	if res := postForm(t, p.ts, "/lieux/tls-1/confirmer", nil, p.coord31); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Body)
	}
	got := storedPlace(t, p.ts, "tls-1")
	want := newer
	want.DateMaj = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after confirming:\n got %+v\nwant %+v", got, want)
	}
	// No field is marked as set by hand; the date keeps who confirmed it.
	if o := fieldOrigins(t, p.ts, "tls-1"); len(o) != 1 || o["date_maj"].Origin != "coordination" {
		t.Errorf("confirming marked fields as set by hand, or not the date: %v", o)
	}
}

// Two people change one field from the same form: the second is told,
// with what they typed still in the form, and the first one's change
// stays. (Changes of different fields both apply:
// TestEditDifferentFieldsNoConflict.)
func TestEditConflictKeepsInput(t *testing.T) {
	p := cast(t)
	first, second := formOf(p.ts, "tls-1"), formOf(p.ts, "tls-1")
	first.Set("telephone", "05 61 00 00 00")
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", first, p.coord31); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("first edit: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	second.Set("adresse", "3 place du Capitole")
	second.Set("telephone", "05 34 00 00 00")
	res := postForm(t, p.ts, "/lieux/tls-1/modifier", second, p.ad)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "modifiée par quelqu&#39;un d&#39;autre") || !strings.Contains(res.Body, `value="3 place du Capitole"`) {
		t.Errorf("second edit from the same version: %d, conflict message or input missing", res.StatusCode)
	}
	got := storedPlace(t, p.ts, "tls-1")
	if got.Telephone[0] != "+33561000000" || got.Adresse == "3 place du Capitole" {
		t.Errorf("after the conflict: %q %q", got.Telephone, got.Adresse)
	}
	// Sent again from the page that said so, it goes through.
	if !strings.Contains(res.Body, `name="version" value="`+store.Version(&got)+`"`) {
		t.Fatalf("the conflict page does not carry the stored version")
	}
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", pageForm(t, res.Body), p.ad); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Errorf("edit sent again: %d", res.StatusCode)
	}
	if got := storedPlace(t, p.ts, "tls-1"); got.Telephone[0] != "+33534000000" || got.Adresse != "3 place du Capitole" {
		t.Errorf("after sending the conflict page again: %q %q", got.Telephone, got.Adresse)
	}
}

// An edit writes the fields the person changed, on the row as stored: not
// the index's copy, not the hours the editor cannot show, not the order of
// lists, and it marks only those fields as set by hand.
func TestEditWritesOnlyChangedFields(t *testing.T) {
	p := cast(t)
	newer := newerTls1()
	newer.Horaires = "Mo-Fr 09:00-10:00,11:00-12:00,14:00-17:00 \"sur rendez-vous\"; PH off"
	newer.Services = []string{place.ServiceOutils, place.ServiceDemarches} // not the form's order
	importBehindIndex(t, p.ts, newer)
	form := formOf(p.ts, "tls-1")
	form.Set("telephone", "05 61 00 00 00")
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	got := storedPlace(t, p.ts, "tls-1")
	want := newer
	want.Telephone, want.DateMaj = []string{"+33561000000"}, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after editing the phone:\n got %+v\nwant %+v", got, want)
	}
	if o := fieldOrigins(t, p.ts, "tls-1"); len(o) != 2 || o["telephone"].Origin != "coordination" || o["date_maj"].Origin != "coordination" {
		t.Errorf("fields marked as set by hand: %v", o)
	}
}

// Hours fixed by hand are understood at the next full rebuild: the edit
// writes the provenance column, and the stored version is the row's.
func TestFixedHoursSurviveRebuild(t *testing.T) {
	p := cast(t)
	form := formOf(p.ts, "albi-1")
	form.Set("horaires_osm", "Mo 09:00-12:00")
	if res := postForm(t, p.ts, "/lieux/albi-1/modifier", form, p.coord81); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	if err := p.ts.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	l, ok := p.ts.index.Load().Lieu("albi-1")
	if !ok || l.Horaires != "Mo 09:00-12:00" || l.Provenance.HoursInvalid {
		t.Errorf("after a rebuild: %q, invalid %v", l.Horaires, l.Provenance.HoursInvalid)
	}
	if page := getAs(t, p.ts, "/lieux/albi-1", ""); strings.Contains(page.Body, "Horaires inconnus") {
		t.Errorf("the place page says the fixed hours are unknown")
	}
}

// Accepting an older proposal applies its own change only; a proposal
// whose field changed since is shown to the moderator and stays pending.
func TestAcceptOlderProposal(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "coord@toulouse.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}})
	mustUser(t, ts, account.User{Email: "benevole@gmail.com", Role: account.Contributeur})
	p := people{ts: ts, coord31: signIn(t, ts, m, "coord@toulouse.fr")}
	volunteer := signIn(t, ts, m, "benevole@gmail.com")
	prop := formOf(p.ts, "tls-1")
	prop.Set("nom", "EPN du Capitole (2e étage)")
	clash := formOf(p.ts, "tls-1")
	clash.Set("telephone", "05 34 00 00 00")
	for _, f := range []url.Values{prop, clash} {
		if res := postForm(t, p.ts, "/lieux/tls-1/modifier", f, volunteer); !strings.Contains(res.Header.Get("Location"), "message=propose") {
			t.Fatalf("proposal: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	}
	edit := formOf(p.ts, "tls-1")
	edit.Set("telephone", "05 61 00 00 00")
	if res := postForm(t, p.ts, "/lieux/tls-1/modifier", edit, p.coord31); !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	props := pendingProposals(t, p.ts)
	if len(props) != 2 {
		t.Fatalf("%d proposals", len(props))
	}
	if res := postForm(t, p.ts, fmt.Sprintf("/moderation/propositions/%d", props[0].ID), url.Values{"decision": {"accepter"}}, p.coord31); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", res.StatusCode, res.Body)
	}
	got := storedPlace(t, p.ts, "tls-1")
	if got.Nom != "EPN du Capitole (2e étage)" || got.Telephone[0] != "+33561000000" {
		t.Errorf("after accepting the older proposal: %q %q", got.Nom, got.Telephone)
	}
	if l, _ := p.ts.index.Load().Lieu("tls-1"); l.Nom != got.Nom {
		t.Errorf("the index does not show the accepted proposal: %q", l.Nom)
	}
	res := postForm(t, p.ts, fmt.Sprintf("/moderation/propositions/%d", props[1].ID), url.Values{"decision": {"accepter"}}, p.coord31)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "telephone") || !strings.Contains(res.Body, "33534000000") {
		t.Errorf("a conflicting proposal: %d %s", res.StatusCode, res.Body)
	}
	if ps := pendingProposals(t, p.ts); len(ps) != 1 || ps[0].ID != props[1].ID {
		t.Errorf("the conflicting proposal is no longer pending: %+v", ps)
	}
	if got := storedPlace(t, p.ts, "tls-1"); got.Telephone[0] != "+33561000000" {
		t.Errorf("the conflicting proposal was applied: %q", got.Telephone)
	}
}

// The open-data page publishes the journal's head: a checkpoint anyone
// can keep.
func TestDonneesShowsJournalHead(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	head, err := ts.store.AuditHead(context.Background())
	if err != nil || head.Seq == 0 {
		t.Fatalf("head: %+v %v", head, err)
	}
	res := ts.get(t, "/donnees")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, fmt.Sprintf(`<span id="journal-tete">%d</span>`, head.Seq)) || !strings.Contains(res.Body, head.Hash) {
		t.Errorf("the open-data page does not show the journal's head %d %s", head.Seq, head.Hash)
	}
}
