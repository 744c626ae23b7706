package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/postgres"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/sqlite"
	"maillage/internal/store"
	"maillage/internal/store/storetest"
)

// openTwoStores opens two stores on one database of the engine under test,
// as two instances of maillage would.
func openTwoStores(t *testing.T, opts ...store.Option) (store.Store, store.Store) {
	t.Helper()
	ctx := context.Background()
	var open func() (store.Store, error)
	if os.Getenv("MAILLAGE_TEST_ENGINE") == "postgres" {
		u := pgtest.URL(t)
		open = func() (store.Store, error) { return postgres.Open(ctx, u, opts...) }
	} else {
		path := filepath.Join(t.TempDir(), "w.db")
		open = func() (store.Store, error) { return sqlite.Open(ctx, path, opts...) }
	}
	var out [2]store.Store
	for i := range out {
		st, err := open()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		out[i] = st
	}
	return out[0], out[1]
}

// failMail refuses every message.
type failMail struct{}

func (failMail) Send(context.Context, string, string, string) error {
	return errors.New("SMTP indisponible")
}
func (failMail) Logs() bool { return false }

// TestPassReminders: two instances on one database run their housekeeping
// at once; each order's reminder of each step goes once, from one of
// them, to the financeur and the distributeurs; a step missed is not sent
// late; a sending that fails is sent again at a later tick.
func TestPassReminders(t *testing.T) {
	ctx := context.Background()
	c := &storetest.Clock{}
	c.Set(monday10h) // 23 November 2026: the order ends in 38 days
	a, b := openTwoStores(t, store.WithClock(c.Now))
	if err := a.ReplaceTerritories(ctx, storetest.Referential()); err != nil {
		t.Fatal(err)
	}
	users := map[string]int64{}
	for mail, role := range map[string]account.Role{"finances@haute-garonne.fr": account.Financeur, "ccas@toulouse.fr": account.Distributeur,
		"mairie@blagnac.fr": account.Distributeur} {
		id, err := a.CreateUser(ctx, account.User{Email: mail, Role: role}, "test")
		if err != nil {
			t.Fatal(err)
		}
		users[mail] = id
	}
	order := func(end string) pass.Order {
		o, err := a.CreateOrder(ctx, pass.Order{Financeur: users["finances@haute-garonne.fr"], Carnets: 3, PassesPerCarnet: 2, ValueCents: 1000,
			ValidUntil: end, ToleranceDays: 31, Perimeter: []pass.Zone{{Kind: pass.ZoneDepartement, Code: "31"}},
			Services: []string{place.ServiceDemarches}}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	o := order("2026-12-31")
	if _, err := a.AssignCarnets(ctx, o.ID, 2, nil, users["ccas@toulouse.fr"], "test"); err != nil {
		t.Fatal(err)
	}
	cs, err := a.AssignCarnets(ctx, o.ID, 1, nil, users["mairie@blagnac.fr"], "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.HandCarnet(ctx, cs[0].Code, users["mairie@blagnac.fr"], "", "", "test"); err != nil {
		t.Fatal(err)
	}
	mails := [2]*fakeMail{{}, {}}
	var servers [2]*Server
	for i, st := range []store.Store{a, b} {
		s, err := NewServer(ctx, Config{Store: st, Now: c.Now, BaseURL: "http://maillage.test", Mail: mails[i], DownloadDir: t.TempDir(),
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		servers[i] = s
	}
	// tick runs both instances' housekeeping at once, and returns the
	// messages sent since the last tick, whoever sent them.
	var seen [2]int
	tick := func() []string {
		var wg sync.WaitGroup
		for _, s := range servers {
			wg.Add(1)
			go func() { defer wg.Done(); s.housekeep(ctx) }()
		}
		wg.Wait()
		var out []string
		for i, m := range mails {
			m.mu.Lock()
			out = append(out, m.sent[seen[i]:]...)
			seen[i] = len(m.sent)
			m.mu.Unlock()
		}
		return out
	}
	to := func(msgs []string) map[string]string {
		m := map[string]string{}
		for _, s := range msgs {
			addr, body, _ := strings.Cut(s, "|")
			if _, dup := m[addr]; dup {
				t.Errorf("two messages to %s in one tick", addr)
			}
			m[addr] = body
		}
		return m
	}
	if got := tick(); len(got) != 0 {
		t.Errorf("38 days before the end: %q", got)
	}
	// 1 December: 30 days left.
	c.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC))
	got := to(tick())
	if len(got) != 3 {
		t.Fatalf("30 days before: %d messages, want 3 (the financeur, two distributeurs): %q", len(got), got)
	}
	for _, s := range []string{"se termine le 31 décembre 2026 (dans 30 jours)", "acceptés jusqu'au 31 janvier 2027 inclus", "6 pass émis, 2 remis à des bénéficiaires, 0 utilisé",
		"http://maillage.test/pass/commandes/"} {
		if !strings.Contains(got["finances@haute-garonne.fr"], s) {
			t.Errorf("the financeur's message does not say %q:\n%s", s, got["finances@haute-garonne.fr"])
		}
	}
	if body := got["ccas@toulouse.fr"]; !strings.Contains(body, "Vous avez reçu 2 carnets de cette commande, dont 2 ne sont pas encore remis") || !strings.Contains(body, "http://maillage.test/pass/carnets") {
		t.Errorf("the first distributeur's message:\n%s", body)
	}
	if body := got["mairie@blagnac.fr"]; !strings.Contains(body, "Vous avez reçu 1 carnet de cette commande.") {
		t.Errorf("the second distributeur's message:\n%s", body)
	}
	if got := tick(); len(got) != 0 {
		t.Errorf("the next tick sent again: %q", got)
	}
	c.Set(time.Date(2026, 12, 20, 8, 0, 0, 0, time.UTC))
	if got := tick(); len(got) != 0 {
		t.Errorf("11 days before: %q", got)
	}
	// 7 days before, a mailer down on both instances: sent later.
	for i := range servers {
		servers[i].cfg.Mail = failMail{}
	}
	c.Set(time.Date(2026, 12, 24, 8, 0, 0, 0, time.UTC))
	tick()
	for i := range servers {
		servers[i].cfg.Mail = mails[i]
	}
	if got := to(tick()); len(got) != 3 || !strings.Contains(got["finances@haute-garonne.fr"], "(dans 7 jours)") {
		t.Errorf("7 days before, once the mailer is back: %q", got)
	}
	if got := tick(); len(got) != 0 {
		t.Errorf("sent twice: %q", got)
	}
	// An order recorded 5 days before its end: the 7 days' reminder only.
	late := order("2026-12-29")
	if got := to(tick()); len(got) != 1 || !strings.Contains(got["finances@haute-garonne.fr"], "(dans 5 jours)") {
		t.Errorf("an order recorded late: %q", got)
	}
	if ok, err := a.ClaimReminder(ctx, late.ID, "j-30", c.Now()); err != nil || !ok {
		t.Errorf("the 30 days' step of the late order was claimed: %v %v", ok, err)
	}
}
