package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassIssuedAfter: a statement is issued once its month is over, for a
// place the Pass numérique pays; a credit note once its order's last day is
// over, at its order's value, for its credited passes (review 10A round 2,
// MAJOR 8 and 9). The database refuses the others; `pass verifier` names
// them when they got past it.
func testPassIssuedAfter(t *testing.T, s store.Store, c *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 3, 1)
	f.redeem(t, s, f.passes[0].Code, lieuInside, place.ServiceDemarches, f.structure, "k0")
	o := f.order.ID // ends 2026-12-31, last day 2027-01-31
	statement := func(lieu, month string, total, n int, at string) string {
		return fmt.Sprintf(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par) VALUES ('%s', '%s', %d, %d, '%s', 'x')`, lieu, month, total, n, at)
	}
	credit := func(value, n int, at string) string {
		return fmt.Sprintf(`INSERT INTO pass_avoirs (commande, valeur_centimes, nb_pass, montant_centimes, emis_at, emis_par) VALUES (%d, %d, %d, %d, '%s', 'x')`, o, value, n, value*n, at)
	}
	for _, tt := range []struct{ what, query string }{
		{"a statement of the month not over", statement(lieuInside, "2026-12", 1000, 1, "2026-12-20T10:00:00.000000000Z")},
		{"a statement issued on its month's last evening (Paris)", statement(lieuInside, "2026-12", 1000, 1, "2026-12-31T21:59:59.000000000Z")},
		{"a statement issued at no time", statement(lieuInside, "2026-12", 1000, 1, "x")},
		{"a statement of a place never qualified", statement("nulle-part", "2026-11", 0, 0, "2027-01-02T09:00:00.000000000Z")},
		{"a credit note before its order's last day", credit(1000, 0, "2026-12-20T10:00:00.000000000Z")},
		{"a credit note on its order's last day", credit(1000, 0, "2027-01-31T12:00:00.000000000Z")},
		{"a credit note for passes not credited", credit(1000, 2, "2027-02-02T09:00:00.000000000Z")},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted by the database", tt.what)
		}
	}
	// The store's own: December's statement at 00:30 in Paris on January
	// 1st, the credit note the day after the last day.
	c.Set(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC))
	if sts, err := s.IssueStatements(ctx, "2026-12", "compte:1"); err != nil || len(sts) != 1 || sts[0].TotalCents != 1000 {
		t.Fatalf("December's statement on January 1st, 00:30 in Paris: %+v %v", sts, err)
	}
	c.Set(time.Date(2027, 1, 31, 23, 30, 0, 0, time.UTC))
	if cns, err := s.CreditExpired(ctx, c.Now(), "compte:1"); err != nil || len(cns) != 1 || cns[0].Passes != 2 {
		t.Fatalf("the credit note on February 1st, 00:30 in Paris: %+v %v", cns, err)
	}
	verifyClean(t, s)
	// Rows that got past the database (its rules dropped, as a person at
	// the prompt could): `pass verifier` names them with their values.
	sqlite := exec(t, s, `SELECT sqlite_version()`) == nil
	for _, trigger := range []string{"pass_releves_mois_fini ON pass_releves", "pass_avoirs_fin ON pass_avoirs", "pass_avoirs_immuables ON pass_avoirs"} {
		q := `DROP TRIGGER ` + trigger
		if sqlite {
			q = `DROP TRIGGER ` + strings.Fields(trigger)[0]
		}
		if err := exec(t, s, q); err != nil {
			t.Fatal(err)
		}
	}
	if !sqlite {
		if err := exec(t, s, `DROP TRIGGER pass_avoirs_suppression ON pass_avoirs`); err != nil && !strings.Contains(err.Error(), "does not exist") {
			t.Fatal(err)
		}
	} else if err := exec(t, s, `DROP TRIGGER pass_avoirs_suppression`); err != nil {
		t.Fatal(err)
	}
	if err := exec(t, s, `DELETE FROM pass_avoirs`); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"relevé " + lieuOutside + " 2027-01 : émis le \"2027-01-20T10:00:00.000000000Z\", avant la fin de son mois",
		fmt.Sprintf("avoir de la commande %d : émis le \"2027-01-20T10:00:00.000000000Z\", dernier jour de la commande 2027-01-31", o),
	}
	if err := exec(t, s, statement(lieuOutside, "2027-01", 0, 0, "2027-01-20T10:00:00.000000000Z")); err != nil {
		t.Fatal(err)
	}
	value := 1000
	if sqlite {
		// SQLite checks the credit note's value by a foreign key, which
		// the sqlite3 shell does not enforce.
		if err := exec(t, s, `PRAGMA foreign_keys = OFF`); err != nil {
			t.Fatal(err)
		}
		value = 1000000
		want = append(want, fmt.Sprintf("avoir de la commande %d : valeur 10\u202f000,00\u202f€, la commande en vaut 10,00\u202f€", o),
			fmt.Sprintf("avoir de la commande %d : montant 20\u202f000,00\u202f€, ses 2 pass crédités à 10,00\u202f€ font 20,00\u202f€", o))
	}
	err := exec(t, s, credit(value, 2, "2027-01-20T10:00:00.000000000Z"))
	if sqlite {
		if err := exec(t, s, `PRAGMA foreign_keys = ON`); err != nil {
			t.Fatal(err)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	bad, err := s.VerifyPass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		found := false
		for _, b := range bad {
			found = found || b == w
		}
		if !found {
			t.Errorf("pass verifier: %q, want %q among them", bad, w)
		}
	}
}

// testPassRedemptionBound: a redemption row's day is the Paris day of its
// instant, its instant is not before its order nor its carnet's handing,
// and its account acts for the place (review 10A round 2, MAJOR 5): the
// database refuses the others, whatever else they respect.
func testPassRedemptionBound(t *testing.T, s store.Store, c *Clock, exec TryExec) {
	f := newPassFixture(t, s, 1, 7, 1) // recorded and handed 2026-12-10 11:00 UTC
	if err := exec(t, s, fmt.Sprintf(`INSERT INTO pass_idempotence (compte, cle, empreinte, reponse, at) VALUES (%d, 'raw', 'h', '{}', 'x'), (%d, 'raw', 'h', '{}', 'x')`, f.structure, f.stranger)); err != nil {
		t.Fatal(err)
	}
	next := 0 // each row its own pass, refused for its own reason
	redemption := func(who int64, day, at string) string {
		next++
		return fmt.Sprintf(`INSERT INTO pass_utilisations (pass, commande, valeur_centimes, lieu_id, service, jour, dernier_jour, at, compte, cle)
			VALUES (%d, %d, 1000, '%s', '%s', '%s', '2027-01-31', '%s', %d, 'raw')`, f.passes[next-1].ID, f.order.ID, lieuInside, place.ServiceDemarches, day, at, who)
	}
	for _, tt := range []struct{ what, query string }{
		{"a redemption dated in the month before its instant", redemption(f.structure, "2026-11-15", "2026-12-10T14:00:00.000000000Z")},
		{"a redemption dated in the future", redemption(f.structure, "2026-12-31", "2026-12-10T14:00:00.000000000Z")},
		{"a redemption at no instant", redemption(f.structure, "2026-12-10", "x")},
		{"a redemption before its order and its carnet's handing", redemption(f.structure, "2026-12-10", "2026-12-10T10:59:59.000000000Z")},
		{"a redemption by an account that does not act for the place", redemption(f.stranger, "2026-12-10", "2026-12-10T14:00:00.000000000Z")},
	} {
		if err := exec(t, s, tt.query); err == nil {
			t.Errorf("%s: accepted by the database", tt.what)
		}
	}
	// At 23:30 UTC it is already the 11th in Paris.
	if err := exec(t, s, redemption(f.structure, "2026-12-11", "2026-12-10T23:30:00.000000000Z")); err != nil {
		t.Errorf("a redemption of 00:30 in Paris on the 11th: %v", err)
	}
	// A row that got past the database (its rule dropped): `pass
	// verifier` names it with both values.
	drop := `DROP TRIGGER pass_utilisations_jour_compte ON pass_utilisations`
	if exec(t, s, `SELECT sqlite_version()`) == nil {
		drop = `DROP TRIGGER pass_utilisations_jour`
	}
	if err := exec(t, s, drop); err != nil {
		t.Fatal(err)
	}
	if err := exec(t, s, redemption(f.structure, "2026-12-31", "2026-12-10T14:00:00.000000000Z")); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("utilisation du pass %s : jour 2026-12-31, son instant \"2026-12-10T14:00:00.000000000Z\"", f.passes[next-1].Code)
	bad, err := s.VerifyPass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range bad {
		found = found || b == want
	}
	if !found {
		t.Errorf("pass verifier: %q, want %q among them", bad, want)
	}
}
