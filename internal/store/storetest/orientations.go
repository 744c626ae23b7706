package storetest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/orientation"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// RunOrientations runs the orientations' suite (issue 11 §1).
func RunOrientations(t *testing.T, open Open) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, store.Store, *Clock)
	}{
		{"Lifecycle", testOrientationLifecycle},
		{"Create", testOrientationCreate},
		{"Redirect", testOrientationRedirect},
		{"LinkExpires", testOrientationLinkExpires},
		{"ConcurrentAnswers", testOrientationConcurrentAnswers},
		{"Lists", testOrientationLists},
		{"CommuneRegion", testOrientationCommuneRegion},
		{"Reminders", testOrientationReminders},
		{"FollowUps", testOrientationFollowUps},
		{"FollowUpWindow", testOrientationFollowUpWindow},
		{"FollowUpClaimRechecks", testOrientationFollowUpClaimRechecks},
		{"Expiry", testOrientationExpiry},
		{"Anonymize", testOrientationAnonymize},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &Clock{}
			c.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
			s := open(t, store.WithClock(c.Now))
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			tt.fn(t, s, c)
		})
	}
}

// orientFixture is two places in Reims (51) and one in Toulouse (31),
// two prescribers.
type orientFixture struct {
	alice, bob int64
}

const (
	orientReims    = "or-reims"
	orientReims2   = "or-reims-2"
	orientToulouse = "or-toulouse"
)

func newOrientFixture(t *testing.T, s store.Store) orientFixture {
	t.Helper()
	ctx := context.Background()
	reims2 := Sample(orientReims2)
	reims2.Nom = "Centre social Croix-Rouge"
	toulouse := Sample(orientToulouse)
	toulouse.Nom, toulouse.Commune, toulouse.CodePostal, toulouse.CodeINSEE = "EPN de Bellefontaine", "Toulouse", "31100", "31555"
	put(t, s, "hub", Sample(orientReims), reims2, toulouse)
	var f orientFixture
	var err error
	if f.alice, err = s.CreateUser(ctx, account.User{Email: "as@ccas-reims.fr", Role: account.Contributeur}, "système"); err != nil {
		t.Fatal(err)
	}
	if f.bob, err = s.CreateUser(ctx, account.User{Email: "agent@france-services.fr", Role: account.Coordinateur}, "système"); err != nil {
		t.Fatal(err)
	}
	return f
}

func newLink(t *testing.T) (token, hash string) {
	t.Helper()
	return account.NewToken()
}

func orient(t *testing.T, s store.Store, prescriber int64, lieu string) (orientation.Orientation, string) {
	t.Helper()
	_, hash := newLink(t)
	o, err := s.CreateOrientation(context.Background(), orientation.Orientation{Need: place.ServiceDemarches, LieuID: lieu, Mode: orientation.SansRendezVous,
		Age: pass.Age65to74, Commune: "51454", Reference: "dossier B-12", Message: "Besoin d'aide pour la déclaration de revenus.", Prescriber: prescriber}, hash)
	if err != nil {
		t.Fatal(err)
	}
	return o, hash
}

func wantCode(t *testing.T, what string, err error, code failure.Code) {
	t.Helper()
	if got := failure.CodeOf(err); got != code {
		t.Errorf("%s: %v (code %q), want code %q", what, err, got, code)
	}
}

// testOrientationLifecycle: sent, received through the link (which is
// consumed; the next one is stored), then the person came through the
// next link; every used link answers Conflict, an unknown one NotFound.
func testOrientationLifecycle(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	sent := c.Now()
	o, first := orient(t, s, f.alice, orientReims)
	if o.ID == 0 || o.Status != orientation.Envoyee || !o.Created.Equal(sent) || o.LieuNom != Sample(orientReims).Nom || o.Departement != "51" {
		t.Fatalf("created %+v", o)
	}
	got, err := s.OrientationByLink(ctx, first)
	if err != nil || got.ID != o.ID || got.Reference != "dossier B-12" || len(got.Events) != 1 || got.Events[0].Actor != "compte:"+itoa(f.alice) {
		t.Fatalf("by link: %+v %v", got, err)
	}
	c.Set(sent.Add(time.Hour))
	_, second := newLink(t)
	got, err = s.AnswerOrientation(ctx, first, orientation.Answer{Status: orientation.Recue}, second)
	if err != nil || got.Status != orientation.Recue || len(got.Events) != 2 {
		t.Fatalf("received: %+v %v", got, err)
	}
	_, err = s.AnswerOrientation(ctx, first, orientation.Answer{Status: orientation.Venue}, "")
	wantCode(t, "the first link used again", err, failure.Conflict)
	if err != nil && !strings.Contains(failure.MessageOf(err), "déjà servi") {
		t.Errorf("message %q", failure.MessageOf(err))
	}
	_, err = s.OrientationByLink(ctx, first)
	wantCode(t, "reading through a used link", err, failure.Conflict)
	_, unknown := newLink(t)
	_, err = s.OrientationByLink(ctx, unknown)
	wantCode(t, "an unknown link", err, failure.NotFound)
	_, err = s.OrientationByLink(ctx, "pas une empreinte")
	wantCode(t, "a malformed link", err, failure.NotFound)
	c.Set(sent.Add(48 * time.Hour))
	_, third := newLink(t)
	got, err = s.AnswerOrientation(ctx, second, orientation.Answer{Status: orientation.Venue}, third)
	if err != nil || got.Status != orientation.Venue {
		t.Fatalf("came: %+v %v", got, err)
	}
	_, err = s.OrientationByLink(ctx, third)
	wantCode(t, "no link after a final answer", err, failure.NotFound)
	_, err = s.AnswerOrientation(ctx, second, orientation.Answer{Status: orientation.Impossible, Reason: orientation.Complet}, "")
	wantCode(t, "the second link used again", err, failure.Conflict)
	read, err := s.Orientation(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, e := range read.Events {
		steps = append(steps, string(e.Status)+"@"+e.At.Sub(sent).String()+"/"+e.Actor)
	}
	want := "envoyee@0s/compte:" + itoa(f.alice) + " recue@1h0m0s/lien venue@48h0m0s/lien"
	if strings.Join(steps, " ") != want || read.Status != orientation.Venue || !read.Updated.Equal(sent.Add(48*time.Hour)) {
		t.Errorf("events %v (status %s, updated %v), want %s", steps, read.Status, read.Updated, want)
	}
	_, err = s.Orientation(ctx, o.ID+100)
	wantCode(t, "an unknown orientation", err, failure.NotFound)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// testOrientationCreate: what a prescriber gives is validated, the place
// must exist and the prescriber be a live account; the place's name and
// territory come from the registry.
func testOrientationCreate(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	base := orientation.Orientation{Need: place.ServiceOutils, LieuID: orientToulouse, Mode: orientation.RendezVous, Prescriber: f.bob, LieuNom: "Autre nom", Departement: "99"}
	for _, tt := range []struct {
		name   string
		change func(*orientation.Orientation)
		code   failure.Code
	}{
		{"unknown place", func(o *orientation.Orientation) { o.LieuID = "absent" }, failure.NotFound},
		{"need outside the standard", func(o *orientation.Orientation) { o.Need = "Cours de cuisine" }, failure.Invalid},
		{"phone in the reference", func(o *orientation.Orientation) { o.Reference = "06 12 34 56 78" }, failure.Invalid},
		{"unknown prescriber", func(o *orientation.Orientation) { o.Prescriber = 999 }, failure.NotFound},
		{"bad age band", func(o *orientation.Orientation) { o.Age = "vieux" }, failure.Invalid},
	} {
		o := base
		tt.change(&o)
		_, hash := newLink(t)
		_, err := s.CreateOrientation(ctx, o, hash)
		wantCode(t, tt.name, err, tt.code)
	}
	_, err := s.CreateOrientation(ctx, base, "abc")
	wantCode(t, "a link that is no hash", err, failure.Invalid)
	_, hash := newLink(t)
	o, err := s.CreateOrientation(ctx, base, hash)
	if err != nil {
		t.Fatal(err)
	}
	if o.LieuNom != "EPN de Bellefontaine" || o.Departement != "31" || o.Mode != orientation.RendezVous || o.Age != "" || o.Reference != "" {
		t.Errorf("created %+v", o)
	}
	if _, err := s.CreateOrientation(ctx, base, hash); err == nil {
		t.Error("a link hash used twice was stored")
	}
	if err := s.DeleteUser(ctx, f.bob, "système"); err != nil {
		t.Fatal(err)
	}
	_, hash = newLink(t)
	_, err = s.CreateOrientation(ctx, base, hash)
	wantCode(t, "a deleted prescriber", err, failure.NotFound)
	if got, err := s.Orientation(ctx, o.ID); err != nil || got.Prescriber != f.bob {
		t.Errorf("a deleted prescriber's orientation: %+v %v", got, err)
	}
}

// testOrientationRedirect: a place sends the person on to another place
// of the registry, not itself, not an unknown one; impossible needs a
// reason.
func testOrientationRedirect(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	o, link := orient(t, s, f.alice, orientReims)
	for _, tt := range []struct {
		name string
		a    orientation.Answer
		code failure.Code
	}{
		{"itself", orientation.Answer{Status: orientation.Reorientee, LieuID: orientReims}, failure.Invalid},
		{"unknown place", orientation.Answer{Status: orientation.Reorientee, LieuID: "absent"}, failure.Invalid},
		{"no place", orientation.Answer{Status: orientation.Reorientee}, failure.Invalid},
		{"impossible without reason", orientation.Answer{Status: orientation.Impossible}, failure.Invalid},
		{"expiry is not an answer", orientation.Answer{Status: orientation.Expiree}, failure.Invalid},
	} {
		_, err := s.AnswerOrientation(ctx, link, tt.a, "")
		wantCode(t, tt.name, err, tt.code)
	}
	// Refused answers left the link usable.
	got, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Reorientee, LieuID: orientReims2, Reason: orientation.Complet}, "")
	if err != nil || got.Status != orientation.Reorientee || got.RedirectedTo != orientReims2 || got.Reason != "" {
		t.Fatalf("redirected: %+v %v", got, err)
	}
	read, _ := s.Orientation(ctx, o.ID)
	if last := read.Events[len(read.Events)-1]; last.LieuID != orientReims2 || read.RedirectedTo != orientReims2 {
		t.Errorf("read %+v", read)
	}
	o2, link2 := orient(t, s, f.alice, orientReims2)
	got, err = s.AnswerOrientation(ctx, link2, orientation.Answer{Status: orientation.Impossible, Reason: orientation.Autre, Detail: "Travaux jusqu'en mars"}, "")
	if err != nil || got.Reason != orientation.Autre || got.Detail != "Travaux jusqu'en mars" {
		t.Fatalf("impossible: %+v %v", got, err)
	}
	if read, _ := s.Orientation(ctx, o2.ID); read.Status != orientation.Impossible || read.Reason != orientation.Autre || read.Detail != "Travaux jusqu'en mars" {
		t.Errorf("read %+v", read)
	}
}

// testOrientationLinkExpires: a link lives LinkLifetime: after, 410.
func testOrientationLinkExpires(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	sent := c.Now()
	_, link := orient(t, s, f.alice, orientReims)
	c.Set(sent.Add(orientation.LinkLifetime - time.Second))
	if _, err := s.OrientationByLink(ctx, link); err != nil {
		t.Errorf("a second before expiry: %v", err)
	}
	c.Set(sent.Add(orientation.LinkLifetime))
	_, err := s.OrientationByLink(ctx, link)
	wantCode(t, "reading through an expired link", err, failure.Gone)
	_, err = s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, "")
	wantCode(t, "answering through an expired link", err, failure.Gone)
}

// testOrientationConcurrentAnswers: of many uses of one link at once,
// exactly one answers, the others get Conflict.
func testOrientationConcurrentAnswers(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	o, link := orient(t, s, f.alice, orientReims)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, next := account.NewToken()
			_, errs[i] = s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, next)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, failure.ErrConflict), errors.Is(err, failure.ErrUnavailable):
		default:
			t.Errorf("concurrent answer: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d answers recorded, want 1", ok)
	}
	read, err := s.Orientation(ctx, o.ID)
	if err != nil || len(read.Events) != 2 {
		t.Errorf("events %+v %v", read.Events, err)
	}
}

// testOrientationLists: a prescriber lists their own, a coordinator's
// territory those to its places, an administrator all; newest first,
// bounded by dates, a status and a limit.
func testOrientationLists(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	start := c.Now()
	var ids []int64
	for i, tt := range []struct {
		who  int64
		lieu string
	}{{f.alice, orientReims}, {f.alice, orientToulouse}, {f.bob, orientReims2}, {f.bob, orientToulouse}} {
		c.Set(start.Add(time.Duration(i) * time.Hour))
		o, link := orient(t, s, tt.who, tt.lieu)
		ids = append(ids, o.ID)
		if i == 1 { // Toulouse sends Alice's on to Reims
			if _, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Reorientee, LieuID: orientReims}, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	list := func(f store.OrientationFilter) []int64 {
		t.Helper()
		os, err := s.ListOrientations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, o := range os {
			out = append(out, o.ID)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		f    store.OrientationFilter
		want []int64
	}{
		{"alice's", store.OrientationFilter{Prescriber: f.alice}, []int64{ids[1], ids[0]}},
		{"bob's", store.OrientationFilter{Prescriber: f.bob}, []int64{ids[3], ids[2]}},
		{"Marne", store.OrientationFilter{Territories: []account.Territory{{Kind: "departement", Code: "51"}}}, []int64{ids[2], ids[0]}},
		{"Haute-Garonne or Marne", store.OrientationFilter{Territories: []account.Territory{{Kind: "departement", Code: "31"}, {Kind: "departement", Code: "51"}}}, []int64{ids[3], ids[2], ids[1], ids[0]}},
		{"unknown EPCI", store.OrientationFilter{Territories: []account.Territory{{Kind: "epci", Code: "243100518"}}}, nil},
		{"all", store.OrientationFilter{All: true}, []int64{ids[3], ids[2], ids[1], ids[0]}},
		{"nobody", store.OrientationFilter{}, nil},
		{"since", store.OrientationFilter{All: true, Since: start.Add(time.Hour)}, []int64{ids[3], ids[2], ids[1]}},
		{"until", store.OrientationFilter{All: true, Until: start.Add(time.Hour)}, []int64{ids[0]}},
		{"limit", store.OrientationFilter{All: true, Limit: 2}, []int64{ids[3], ids[2]}},
		{"redirected", store.OrientationFilter{All: true, Status: orientation.Reorientee}, []int64{ids[1]}},
		{"sent", store.OrientationFilter{All: true, Status: orientation.Envoyee}, []int64{ids[3], ids[2], ids[0]}},
		{"Marne's redirected", store.OrientationFilter{Territories: []account.Territory{{Kind: "departement", Code: "51"}}, Status: orientation.Reorientee}, nil},
		{"alice's redirected", store.OrientationFilter{Prescriber: f.alice, Status: orientation.Reorientee}, []int64{ids[1]}},
	} {
		if got := list(tt.f); !equalIDs(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// testOrientationCommuneRegion: an orientation keeps its place's commune
// and région (the referential's; for a commune it does not know, its
// département's), and a commune or a région selects the orientations to
// places in it.
func testOrientationCommuneRegion(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	if err := s.ReplaceTerritories(ctx, Referential()); err != nil {
		t.Fatal(err)
	}
	f := newOrientFixture(t, s)
	blagnac, albi, albiNew := Sample("or-blagnac"), Sample("or-albi"), Sample("or-albi-nouvelle")
	blagnac.Commune, blagnac.CodePostal, blagnac.CodeINSEE = "Blagnac", "31700", "31069"
	albi.Commune, albi.CodePostal, albi.CodeINSEE = "Albi", "81000", "81004"
	// A commune the referential does not know, in the Tarn.
	albiNew.Commune, albiNew.CodePostal, albiNew.CodeINSEE = "Nouvelle", "81990", "81999"
	put(t, s, "hub", blagnac, albi, albiNew)
	start := c.Now()
	ids := map[string]int64{}
	for i, lieu := range []string{orientReims, orientToulouse, "or-blagnac", "or-albi", "or-albi-nouvelle"} {
		c.Set(start.Add(time.Duration(i) * time.Hour))
		o, _ := orient(t, s, f.alice, lieu)
		ids[lieu] = o.ID
	}
	for lieu, want := range map[string][2]string{
		orientReims:        {"51454", ""}, // the Marne is not in the referential
		orientToulouse:     {"31555", "76"},
		"or-blagnac":       {"31069", "76"},
		"or-albi":          {"81004", "76"},
		"or-albi-nouvelle": {"81999", "76"},
	} {
		o, err := s.Orientation(ctx, ids[lieu])
		if err != nil {
			t.Fatal(err)
		}
		if o.LieuCommune != want[0] || o.Region != want[1] {
			t.Errorf("%s: commune %q, région %q, want %v", lieu, o.LieuCommune, o.Region, want)
		}
	}
	for _, tt := range []struct {
		name string
		ts   []account.Territory
		want []int64
	}{
		{"Toulouse", []account.Territory{{Kind: "commune", Code: "31555"}}, []int64{ids[orientToulouse]}},
		{"Blagnac or Albi", []account.Territory{{Kind: "commune", Code: "31069"}, {Kind: "commune", Code: "81004"}}, []int64{ids["or-albi"], ids["or-blagnac"]}},
		{"Occitanie", []account.Territory{{Kind: "region", Code: "76"}}, []int64{ids["or-albi-nouvelle"], ids["or-albi"], ids["or-blagnac"], ids[orientToulouse]}},
		{"Auvergne-Rhône-Alpes", []account.Territory{{Kind: "region", Code: "84"}}, nil},
		{"Reims or the Tarn", []account.Territory{{Kind: "commune", Code: "51454"}, {Kind: "departement", Code: "81"}}, []int64{ids["or-albi-nouvelle"], ids["or-albi"], ids[orientReims]}},
	} {
		os, err := s.ListOrientations(ctx, store.OrientationFilter{Territories: tt.ts})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, o := range os {
			got = append(got, o.ID)
		}
		if !equalIDs(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// testOrientationReminders: an orientation unanswered after
// ReminderAfter is due once; of concurrent claims one wins, with a new
// link that answers; released, it is due again and its link is gone; an
// answered orientation is never due.
func testOrientationReminders(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	sent := c.Now()
	o, _ := orient(t, s, f.alice, orientReims)
	answered, link := orient(t, s, f.alice, orientReims2)
	if _, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, ""); err != nil {
		t.Fatal(err)
	}
	due := func(at time.Time) []int64 {
		t.Helper()
		os, err := s.OrientationsToRemind(ctx, at.Add(-orientation.ReminderAfter))
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, o := range os {
			ids = append(ids, o.ID)
		}
		return ids
	}
	if got := due(sent.Add(orientation.ReminderAfter - time.Second)); len(got) != 0 {
		t.Errorf("due before 10 days: %v", got)
	}
	now := sent.Add(orientation.ReminderAfter)
	c.Set(now)
	if got := due(now); !equalIDs(got, []int64{o.ID}) {
		t.Fatalf("due at 10 days: %v, want %d", got, o.ID)
	}
	if ok, err := s.ClaimOrientationReminder(ctx, answered.ID, strings.Repeat("a", 64), now); err != nil || ok {
		t.Errorf("an answered orientation's reminder claimed: %v %v", ok, err)
	}
	var wg sync.WaitGroup
	won := make([]string, 8)
	for i := range won {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, hash := account.NewToken()
			ok, err := s.ClaimOrientationReminder(ctx, o.ID, hash, now)
			if err != nil && !errors.Is(err, failure.ErrUnavailable) {
				t.Error(err)
			}
			if ok {
				won[i] = hash
			}
		}()
	}
	wg.Wait()
	var winner string
	for _, h := range won {
		if h != "" {
			if winner != "" {
				t.Fatal("two callers claimed the reminder")
			}
			winner = h
		}
	}
	if winner == "" {
		t.Fatal("nobody claimed the reminder")
	}
	if got := due(now); len(got) != 0 {
		t.Errorf("due once claimed: %v", got)
	}
	if got, err := s.OrientationByLink(ctx, winner); err != nil || got.ID != o.ID {
		t.Errorf("the reminder's link: %+v %v", got, err)
	}
	if err := s.ReleaseOrientationReminder(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.OrientationByLink(ctx, winner)
	wantCode(t, "a released reminder's link", err, failure.NotFound)
	if got := due(now); !equalIDs(got, []int64{o.ID}) {
		t.Errorf("due once released: %v", got)
	}
	_, hash := account.NewToken()
	if ok, err := s.ClaimOrientationReminder(ctx, o.ID, hash, now); err != nil || !ok {
		t.Errorf("claimed again once released: %v %v", ok, err)
	}
	if err := s.ReleaseOrientationReminder(ctx, answered.ID); err != nil {
		t.Errorf("releasing what was never claimed: %v", err)
	}
}

// testOrientationFollowUps: an orientation answered « reçue » and left so
// for ReminderAfter since that answer is due one follow-up (not before,
// not an unanswered one, not one answered since); of concurrent claims one
// wins, with a new link that answers « venue » but not « reçue » again;
// released, it is due again and its link is gone; an anonymised one is
// never due and its follow-up's link is ended.
func testOrientationFollowUps(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	sent := c.Now()
	receive := func(link string) string {
		t.Helper()
		_, next := newLink(t)
		if _, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, next); err != nil {
			t.Fatal(err)
		}
		return next
	}
	unanswered, _ := orient(t, s, f.alice, orientReims)
	came, link := orient(t, s, f.alice, orientReims2)
	if _, err := s.AnswerOrientation(ctx, receive(link), orientation.Answer{Status: orientation.Venue}, ""); err != nil {
		t.Fatal(err)
	}
	o, link := orient(t, s, f.alice, orientReims)
	received := sent.Add(2 * 24 * time.Hour)
	c.Set(received)
	next := receive(link)
	late, link := orient(t, s, f.bob, orientToulouse)
	c.Set(received.Add(time.Hour))
	receive(link)
	due := func(at time.Time) []int64 { t.Helper(); return followUpsDue(t, s, at) }
	// Counted from the answer, not from the orientation.
	if got := due(received.Add(orientation.ReminderAfter - time.Second)); len(got) != 0 {
		t.Errorf("due before 10 days after « reçue »: %v", got)
	}
	now := received.Add(orientation.ReminderAfter)
	c.Set(now)
	if got := due(now); !equalIDs(got, []int64{o.ID}) {
		t.Fatalf("due 10 days after « reçue »: %v, want %d", got, o.ID)
	}
	for _, other := range []int64{unanswered.ID, came.ID} {
		if ok, err := s.ClaimOrientationFollowUp(ctx, other, strings.Repeat("a", 64), now); err != nil || ok {
			t.Errorf("orientation %d, not « reçue »: follow-up claimed: %v %v", other, ok, err)
		}
	}
	var wg sync.WaitGroup
	won := make([]string, 8)
	tokens := make([]string, 8)
	for i := range won {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token, hash := account.NewToken()
			ok, err := s.ClaimOrientationFollowUp(ctx, o.ID, hash, now)
			if err != nil && !errors.Is(err, failure.ErrUnavailable) {
				t.Error(err)
			}
			if ok {
				won[i], tokens[i] = hash, token
			}
		}()
	}
	wg.Wait()
	var winner string
	for _, h := range won {
		if h != "" {
			if winner != "" {
				t.Fatal("two callers claimed the follow-up")
			}
			winner = h
		}
	}
	if winner == "" {
		t.Fatal("nobody claimed the follow-up")
	}
	if got := due(now.Add(time.Hour)); !equalIDs(got, []int64{late.ID}) {
		t.Errorf("due once claimed: %v, want the other one only (%d)", got, late.ID)
	}
	if got, err := s.OrientationByLink(ctx, winner); err != nil || got.ID != o.ID || got.Status != orientation.Recue {
		t.Errorf("the follow-up's link: %+v %v", got, err)
	}
	_, err := s.AnswerOrientation(ctx, winner, orientation.Answer{Status: orientation.Recue}, strings.Repeat("b", 64))
	wantCode(t, "« reçue » again through the follow-up's link", err, failure.Conflict)
	if got, err := s.AnswerOrientation(ctx, winner, orientation.Answer{Status: orientation.Venue}, ""); err != nil || got.Status != orientation.Venue {
		t.Fatalf("« venue » through the follow-up's link: %+v %v", got, err)
	}
	_, err = s.OrientationByLink(ctx, next)
	wantCode(t, "the link sent after « reçue », once the follow-up's answered", err, failure.Conflict)
	if ok, err := s.ClaimOrientationFollowUp(ctx, o.ID, strings.Repeat("c", 64), now); err != nil || ok {
		t.Errorf("claimed twice: %v %v", ok, err)
	}

	// Released (its e-mail failed): due again, its link gone.
	now = received.Add(time.Hour + orientation.ReminderAfter)
	c.Set(now)
	_, hash := account.NewToken()
	if ok, err := s.ClaimOrientationFollowUp(ctx, late.ID, hash, now); err != nil || !ok {
		t.Fatalf("claiming the second: %v %v", ok, err)
	}
	if err := s.ReleaseOrientationFollowUp(ctx, late.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.OrientationByLink(ctx, hash)
	wantCode(t, "a released follow-up's link", err, failure.NotFound)
	if got := due(now); !equalIDs(got, []int64{late.ID}) {
		t.Errorf("due once released: %v", got)
	}
	if err := s.ReleaseOrientationFollowUp(ctx, unanswered.ID); err != nil {
		t.Errorf("releasing what was never claimed: %v", err)
	}
	_, hash = account.NewToken()
	if ok, err := s.ClaimOrientationFollowUp(ctx, late.ID, hash, now); err != nil || !ok {
		t.Fatalf("claimed again once released: %v %v", ok, err)
	}

	// After the retention: the follow-up's link ends with the others, and
	// one still « reçue » is not followed up any more.
	_, link = orient(t, s, f.alice, orientReims2)
	receive(link)
	now = now.Add(orientation.DefaultRetention)
	c.Set(now)
	if n, err := s.AnonymizeOrientations(ctx, now.Add(-orientation.DefaultRetention)); err != nil || n != 5 {
		t.Fatalf("anonymised %d %v, want 5", n, err)
	}
	_, err = s.OrientationByLink(ctx, hash)
	wantCode(t, "an anonymised orientation's follow-up link", err, failure.Gone)
	if got := due(now); len(got) != 0 {
		t.Errorf("anonymised, due: %v", got)
	}
}

// followUpsDue lists the ids of the orientations due a follow-up at at,
// as the housekeeping asks: answered « reçue » between ExpireAfter and
// ReminderAfter before at.
func followUpsDue(t *testing.T, s store.Store, at time.Time) []int64 {
	t.Helper()
	os, err := s.OrientationsToFollowUp(context.Background(), at.Add(-orientation.ExpireAfter), at.Add(-orientation.ReminderAfter))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, o := range os {
		ids = append(ids, o.ID)
	}
	return ids
}

// testOrientationFollowUpWindow: a « reçue » is followed up from 10 days
// after the answer until 30 days after it, not later: the first start
// after the follow-up came (no row in orientation_relances) asks about
// the orientations received in the last 30 days only, not about one
// received 400 days ago (review 12A, finding 1).
func testOrientationFollowUpWindow(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	receive := func(place string) orientation.Orientation {
		t.Helper()
		o, link := orient(t, s, f.alice, place)
		_, next := newLink(t)
		got, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, next)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Updated.Equal(c.Now()) {
			t.Fatalf("« reçue » at %v, want the clock's %v", got.Updated, c.Now())
		}
		return o
	}
	old := receive(orientReims)                 // 2 December 2026, 9 h UTC
	recent := c.Now().Add(370 * 24 * time.Hour) // 7 December 2027
	c.Set(recent)
	fresh := receive(orientReims2)

	for _, tt := range []struct {
		at   time.Time
		want []int64
	}{
		{time.Date(2026, 12, 12, 8, 59, 59, 0, time.UTC), nil},           // 10 days less a second
		{time.Date(2026, 12, 12, 9, 0, 0, 0, time.UTC), []int64{old.ID}}, // 10 days
		{time.Date(2027, 1, 1, 8, 59, 59, 0, time.UTC), []int64{old.ID}}, // 30 days less a second
		{time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC), nil},               // 30 days
		{time.Date(2027, 12, 17, 9, 0, 0, 0, time.UTC), []int64{fresh.ID}},
		{time.Date(2027, 12, 27, 8, 0, 0, 0, time.UTC), []int64{fresh.ID}},
		{time.Date(2028, 1, 6, 9, 0, 0, 0, time.UTC), nil},
	} {
		if got := followUpsDue(t, s, tt.at); !equalIDs(got, tt.want) {
			t.Errorf("due at %s: %v, want %v", tt.at.Format(time.RFC3339), got, tt.want)
		}
	}
	// Not followed up in its window (a server down, or the follow-up
	// deployed after it): never asked about afterwards, however late.
	for _, at := range []time.Time{
		time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC),
		time.Date(2027, 12, 17, 9, 0, 0, 0, time.UTC), // 380 days after the old one
		time.Date(2028, 11, 30, 9, 0, 0, 0, time.UTC), // within the retention
	} {
		for _, id := range followUpsDue(t, s, at) {
			if id == old.ID {
				t.Errorf("due at %s: the orientation received on 2 December 2026", at.Format(time.RFC3339))
			}
		}
	}
}

// testOrientationFollowUpClaimRechecks: an orientation listed due and then
// answered (« venue ») or anonymised before its follow-up is claimed is
// not claimed, and no link is added for it (review 12A, finding 2).
func testOrientationFollowUpClaimRechecks(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	var nexts []string
	var ids []int64
	for _, place := range []string{orientReims, orientReims2} {
		o, link := orient(t, s, f.alice, place)
		_, next := newLink(t)
		if _, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, next); err != nil {
			t.Fatal(err)
		}
		nexts, ids = append(nexts, next), append(ids, o.ID)
	}
	now := c.Now().Add(orientation.ReminderAfter)
	c.Set(now)
	if got := followUpsDue(t, s, now); !equalIDs(got, ids) {
		t.Fatalf("due: %v, want %v", got, ids)
	}
	// The first is answered « venue » between the listing and the claim.
	if _, err := s.AnswerOrientation(ctx, nexts[0], orientation.Answer{Status: orientation.Venue}, ""); err != nil {
		t.Fatal(err)
	}
	_, hash := newLink(t)
	if ok, err := s.ClaimOrientationFollowUp(ctx, ids[0], hash, now); err != nil || ok {
		t.Errorf("answered « venue » since the listing: follow-up claimed: %v %v", ok, err)
	}
	_, err := s.OrientationByLink(ctx, hash)
	wantCode(t, "the link of a follow-up not claimed", err, failure.NotFound)

	// The second is anonymised between the listing and the claim.
	if n, err := s.AnonymizeOrientations(ctx, now); err != nil || n != 2 {
		t.Fatalf("anonymised %d %v, want 2", n, err)
	}
	_, hash = newLink(t)
	if ok, err := s.ClaimOrientationFollowUp(ctx, ids[1], hash, now); err != nil || ok {
		t.Errorf("anonymised since the listing: follow-up claimed: %v %v", ok, err)
	}
	_, err = s.OrientationByLink(ctx, hash)
	wantCode(t, "the link of an anonymised orientation's follow-up not claimed", err, failure.NotFound)
	if ok, err := s.ClaimOrientationFollowUp(ctx, 1<<40, strings.Repeat("d", 64), now); err != nil || ok {
		t.Errorf("an unknown orientation: follow-up claimed: %v %v", ok, err)
	}
}

// HoldAnswer does, on the store's database, what an answer through a
// link does before it commits: it locks the orientation's row, ends its
// unused links and sets its status, in a transaction it leaves open;
// commit commits it.
type HoldAnswer func(t *testing.T, s store.Store, id int64, status orientation.Status) (commit func())

// RunOrientationClaimRaces runs the claims racing an answer: an answer
// that has read the orientation (its row locked) when a reminder or a
// follow-up is claimed, and commits after, leaves no claim and no link
// (else the place gets « est-elle venue ? » just after saying so, with a
// link that still answers). On SQLite the writers are serialised; on
// PostgreSQL the claim must read the row with the lock the answer holds.
func RunOrientationClaimRaces(t *testing.T, open Open, hold HoldAnswer) {
	c := &Clock{}
	c.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	s := open(t, store.WithClock(c.Now))
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	ctx := context.Background()
	f := newOrientFixture(t, s)
	unanswered, _ := orient(t, s, f.alice, orientReims)
	received, link := orient(t, s, f.alice, orientReims2)
	if _, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, strings.Repeat("e", 64)); err != nil {
		t.Fatal(err)
	}
	now := c.Now().Add(orientation.ReminderAfter)
	c.Set(now)
	for _, tt := range []struct {
		name   string
		id     int64
		answer orientation.Status
		claim  func(ctx context.Context, id int64, linkHash string, at time.Time) (bool, error)
	}{
		{"reminder", unanswered.ID, orientation.Recue, s.ClaimOrientationReminder},
		{"follow-up", received.ID, orientation.Venue, s.ClaimOrientationFollowUp},
	} {
		t.Run(tt.name, func(t *testing.T) {
			commit := hold(t, s, tt.id, tt.answer)
			_, hash := newLink(t)
			type result struct {
				ok  bool
				err error
			}
			done := make(chan result, 1)
			go func() {
				ok, err := tt.claim(ctx, tt.id, hash, now)
				done <- result{ok, err}
			}()
			// Let the claim reach the database while the answer is open.
			time.Sleep(300 * time.Millisecond)
			commit()
			r := <-done
			if r.err != nil || r.ok {
				t.Errorf("claimed while answered « %s »: %v %v", tt.answer, r.ok, r.err)
			}
			if o, err := s.OrientationByLink(ctx, hash); err == nil {
				t.Errorf("the claim's link answers for orientation %d, « %s »", o.ID, o.Status)
			}
		})
	}
}

// testOrientationExpiry: an orientation still envoyee after ExpireAfter
// expires (once, with an event); a received one does not.
func testOrientationExpiry(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	sent := c.Now()
	o, link := orient(t, s, f.alice, orientReims)
	received, rlink := orient(t, s, f.alice, orientReims2)
	_, next := account.NewToken()
	if _, err := s.AnswerOrientation(ctx, rlink, orientation.Answer{Status: orientation.Recue}, next); err != nil {
		t.Fatal(err)
	}
	c.Set(sent.Add(orientation.ExpireAfter - time.Second))
	if n, err := s.ExpireOrientations(ctx, c.Now().Add(-orientation.ExpireAfter)); err != nil || n != 0 {
		t.Errorf("expired early: %d %v", n, err)
	}
	c.Set(sent.Add(orientation.ExpireAfter))
	if n, err := s.ExpireOrientations(ctx, c.Now().Add(-orientation.ExpireAfter)); err != nil || n != 1 {
		t.Fatalf("expired: %d %v, want 1", n, err)
	}
	if n, err := s.ExpireOrientations(ctx, c.Now().Add(-orientation.ExpireAfter)); err != nil || n != 0 {
		t.Errorf("expired twice: %d %v", n, err)
	}
	read, _ := s.Orientation(ctx, o.ID)
	if read.Status != orientation.Expiree || len(read.Events) != 2 || read.Events[1].Actor != orientation.ActorSystem {
		t.Errorf("expired %+v", read)
	}
	if read, _ := s.Orientation(ctx, received.ID); read.Status != orientation.Recue {
		t.Errorf("a received orientation expired: %+v", read)
	}
	_, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Recue}, "")
	wantCode(t, "answering an expired orientation", err, failure.Gone)
}

// testOrientationAnonymize: after the retention, what was said of the
// person goes (reference, message, age band, commune, free texts, links);
// the counts and outcomes stay.
func testOrientationAnonymize(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	f := newOrientFixture(t, s)
	sent := c.Now()
	old, link := orient(t, s, f.alice, orientReims)
	if _, err := s.AnswerOrientation(ctx, link, orientation.Answer{Status: orientation.Impossible, Reason: orientation.Autre, Detail: "Travaux"}, ""); err != nil {
		t.Fatal(err)
	}
	_, unanswered := orient(t, s, f.alice, orientReims2)
	c.Set(sent.Add(24 * time.Hour))
	recent, _ := orient(t, s, f.alice, orientReims2)
	now := sent.Add(orientation.DefaultRetention + time.Hour)
	c.Set(now)
	if n, err := s.AnonymizeOrientations(ctx, now.Add(-orientation.DefaultRetention)); err != nil || n != 2 {
		t.Fatalf("anonymised %d %v, want 2", n, err)
	}
	// Its link is kept as expired: « Ce lien de réponse a expiré », not
	// « n'existe pas » (review 11A minor 16).
	_, err := s.OrientationByLink(ctx, unanswered)
	wantCode(t, "an anonymised orientation's link", err, failure.Gone)
	if n, err := s.AnonymizeOrientations(ctx, now.Add(-orientation.DefaultRetention)); err != nil || n != 0 {
		t.Errorf("anonymised twice: %d %v", n, err)
	}
	a, err := s.Orientation(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Reference != "" || a.Message != "" || a.Age != "" || a.Commune != "" || a.Detail != "" || !a.Anonymized.Equal(now) {
		t.Errorf("anonymised %+v", a)
	}
	if a.Status != orientation.Impossible || a.Reason != orientation.Autre || a.Need != place.ServiceDemarches || a.LieuID != orientReims || a.Prescriber != f.alice || len(a.Events) != 2 {
		t.Errorf("counts lost: %+v", a)
	}
	for _, e := range a.Events {
		if e.Detail != "" {
			t.Errorf("event kept its free text: %+v", e)
		}
	}
	r, _ := s.Orientation(ctx, recent.ID)
	if r.Reference != "dossier B-12" || r.Commune != "51454" || !r.Anonymized.IsZero() {
		t.Errorf("a recent orientation anonymised: %+v", r)
	}
	os, err := s.ListOrientations(ctx, store.OrientationFilter{Prescriber: f.alice})
	if err != nil || len(os) != 3 {
		t.Errorf("counts: %d %v", len(os), err)
	}
}
