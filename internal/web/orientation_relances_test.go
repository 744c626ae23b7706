package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/orientation"
	"maillage/internal/place"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// TestOrientationFollowUps: two instances on one database run their
// housekeeping at once. A place that answered « reçue » and said nothing
// since gets, 10 days after that answer (not 10 days after the
// orientation), one e-mail asking whether the person came, from one of
// them, under its own subject; never a second; none for an orientation
// closed; a sending that fails is sent again at a later tick. Its link asks « venue », « réorientée » or
// « impossible », refuses « reçue » and takes « venue ».
func TestOrientationFollowUps(t *testing.T) {
	ctx := context.Background()
	c := &storetest.Clock{}
	c.Set(monday10h) // 23 November 2026
	a, b := openTwoStores(t, store.WithClock(c.Now))
	if err := a.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
		t.Fatal(err)
	}
	im, err := a.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range fixture() {
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	alice, err := a.CreateUser(ctx, account.User{Email: "as@ccas.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	orient := func(ref string) (orientation.Orientation, string) {
		t.Helper()
		_, hash := account.NewToken()
		o, err := a.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: "tls-1", Mode: orientation.SansRendezVous,
			Reference: ref, Prescriber: alice}, hash)
		if err != nil {
			t.Fatal(err)
		}
		return o, hash
	}
	answer := func(link string, st orientation.Status) string {
		t.Helper()
		_, next := account.NewToken()
		if _, err := a.AnswerOrientation(ctx, link, orientation.Answer{Status: st}, next); err != nil {
			t.Fatal(err)
		}
		return next
	}
	o, link := orient("B-12")
	closed, closedLink := orient("C-7")
	c.Set(monday10h.Add(24 * time.Hour)) // « reçue » on 24 November
	answer(link, orientation.Recue)
	answer(answer(closedLink, orientation.Recue), orientation.Venue)

	mails := [2]*fakeMail{{}, {}}
	var servers [2]*Server
	for i, st := range []store.Store{a, b} {
		s, err := NewServer(ctx, Config{Store: st, Now: c.Now, BaseURL: "http://maillage.test", Mail: mails[i], DownloadDir: t.TempDir(),
			VendorDir: "testdata/npm", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		servers[i] = s
	}
	var seen [2]int
	tick := func() (bodies, subjects []string) {
		done := make(chan struct{})
		for _, s := range servers {
			go func() { s.housekeep(ctx); done <- struct{}{} }()
		}
		<-done
		<-done
		for i, m := range mails {
			m.mu.Lock()
			bodies, subjects = append(bodies, m.sent[seen[i]:]...), append(subjects, m.subjects[seen[i]:]...)
			seen[i] = len(m.sent)
			m.mu.Unlock()
		}
		return bodies, subjects
	}
	// 10 days after the orientation: « reçue » a day later, not yet.
	c.Set(monday10h.Add(orientation.ReminderAfter))
	if got, _ := tick(); len(got) != 0 {
		t.Errorf("10 days after the orientation, 9 after « reçue »: %q", got)
	}
	c.Set(monday10h.Add(24*time.Hour + orientation.ReminderAfter - time.Minute))
	if got, _ := tick(); len(got) != 0 {
		t.Errorf("a minute before 10 days after « reçue »: %q", got)
	}
	// A failing mailbox: the follow-up waits for the next tick.
	servers[0].cfg.Mail, servers[1].cfg.Mail = failMail{}, failMail{}
	c.Set(monday10h.Add(24*time.Hour + orientation.ReminderAfter))
	tick()
	servers[0].cfg.Mail, servers[1].cfg.Mail = mails[0], mails[1]
	c.Set(c.Now().Add(10 * time.Minute))
	got, subjects := tick()
	if len(got) != 1 || !strings.HasPrefix(got[0], "contact@exemple.fr|") {
		t.Fatalf("10 days after « reçue »: %q", got)
	}
	if subjects[0] != "La personne orientée le 23 novembre 2026 est-elle venue ?" {
		t.Errorf("subject %q", subjects[0])
	}
	for _, want := range []string{"vous l'avez notée « reçue » le 24 novembre 2026", "la même personne, pas d'une nouvelle orientation", "B-12",
		"ne sert qu'une fois, jusqu'au 3 janvier 2027"} {
		if !strings.Contains(got[0], want) {
			t.Errorf("the follow-up does not say %q: %s", want, got[0])
		}
	}
	if strings.Contains(got[0], "C-7") {
		t.Errorf("a follow-up for a closed orientation: %s", got[0])
	}
	token := answerLink.FindStringSubmatch(got[0])
	if token == nil {
		t.Fatalf("no link in %q", got[0])
	}
	c.Set(c.Now().Add(24 * time.Hour))
	if got, _ := tick(); len(got) != 0 {
		t.Errorf("a second follow-up: %q", got)
	}

	// Its link: the place says whether the person came, not « reçue » again.
	ts := &testServer{Server: servers[0], h: servers[0].Handler(), store: a}
	res := getAs(t, ts, answerPath(token[1]), "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `value="venue"`) || !strings.Contains(res.Body, `value="impossible"`) || strings.Contains(res.Body, `value="recue"`) {
		t.Errorf("the follow-up's answer page: %d %s", res.StatusCode, res.Body)
	}
	res = postForm(t, ts, "/orientations/reponse", url.Values{"jeton": {token[1]}, "reponse": {"recue"}}, "")
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "déjà") {
		t.Errorf("« reçue » again: %d", res.StatusCode)
	}
	res = postForm(t, ts, "/orientations/reponse", url.Values{"jeton": {token[1]}, "reponse": {"venue"}}, "")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "votre réponse est enregistrée") {
		t.Fatalf("« venue » through the follow-up's link: %d %s", res.StatusCode, res.Body)
	}
	if read, err := a.Orientation(ctx, o.ID); err != nil || read.Status != orientation.Venue {
		t.Errorf("after « venue »: %+v %v", read, err)
	}
	if read, err := a.Orientation(ctx, closed.ID); err != nil || read.Status != orientation.Venue {
		t.Errorf("the closed one: %+v %v", read, err)
	}
}

// TestOrientationFollowUpsFirstStart: the first housekeeping after the
// follow-up is deployed finds no follow-up recorded. It asks about the
// orientation received 12 days ago, not about the one received 400 days
// ago (review 12A, finding 1: one e-mail per « reçue » of the last two
// years), and writes nothing for a place without e-mail; 30 days after
// « reçue », a place that never had an address is not looked at again.
func TestOrientationFollowUpsFirstStart(t *testing.T) {
	ctx := context.Background()
	c := &storetest.Clock{}
	c.Set(monday10h.Add(-400 * 24 * time.Hour)) // 18 October 2025
	st := openTestStore(t, store.WithClock(c.Now))
	if err := st.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	noMail := lieu("tls-3", 43.6, 1.43, func(l *place.Lieu) {
		l.Nom, l.Commune, l.CodeINSEE, l.CodePostal = "Espace sans courriel", "Toulouse", "31555", "31000"
		l.Courriels = nil
	})
	for _, l := range append(fixture(), noMail) {
		if _, _, err := im.Put(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	alice, err := st.CreateUser(ctx, account.User{Email: "as@ccas.fr", Role: account.Contributeur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	received := func(lieu, ref string) orientation.Orientation {
		t.Helper()
		_, hash := account.NewToken()
		o, err := st.CreateOrientation(ctx, orientation.Orientation{Need: place.ServiceDemarches, LieuID: lieu, Mode: orientation.SansRendezVous,
			Reference: ref, Prescriber: alice}, hash)
		if err != nil {
			t.Fatal(err)
		}
		_, next := account.NewToken()
		if _, err := st.AnswerOrientation(ctx, hash, orientation.Answer{Status: orientation.Recue}, next); err != nil {
			t.Fatal(err)
		}
		return o
	}
	received("tls-1", "ANCIENNE-1")
	c.Set(monday10h) // 23 November 2026
	received("tls-1", "RECENTE-1")
	silent := received("tls-3", "SANS-COURRIEL-1")

	mail := &fakeMail{}
	s, err := NewServer(ctx, Config{Store: st, Now: c.Now, BaseURL: "http://maillage.test", Mail: mail, DownloadDir: t.TempDir(),
		VendorDir: "testdata/npm", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	c.Set(monday10h.Add(12 * 24 * time.Hour))
	s.housekeep(ctx)
	c.Set(c.Now().Add(10 * time.Minute))
	s.housekeep(ctx)
	mail.mu.Lock()
	sent := append([]string(nil), mail.sent...)
	mail.mu.Unlock()
	if len(sent) != 1 || !strings.Contains(sent[0], "RECENTE-1") {
		t.Fatalf("first start: %d e-mails %q, want one, for RECENTE-1", len(sent), sent)
	}
	for _, at := range []time.Duration{12 * 24 * time.Hour, orientation.ExpireAfter - time.Minute} {
		due, err := st.OrientationsToFollowUp(ctx, monday10h.Add(at-orientation.ExpireAfter), monday10h.Add(at-orientation.ReminderAfter))
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 1 || due[0].ID != silent.ID {
			t.Errorf("%v after « reçue »: due %d, want the place without e-mail's only (no row written for it)", at, len(due))
		}
	}
	c.Set(monday10h.Add(orientation.ExpireAfter))
	s.housekeep(ctx)
	if due, err := st.OrientationsToFollowUp(ctx, c.Now().Add(-orientation.ExpireAfter), c.Now().Add(-orientation.ReminderAfter)); err != nil || len(due) != 0 {
		t.Errorf("30 days after « reçue »: %d due %v", len(due), err)
	}
	mail.mu.Lock()
	defer mail.mu.Unlock()
	if len(mail.sent) != 1 {
		t.Errorf("e-mails after 30 days: %q", mail.sent[1:])
	}
}
