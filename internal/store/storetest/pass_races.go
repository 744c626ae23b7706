package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testPassLedgerRaces: the credit notes of an ended order race a carnet
// handed and a pass blocked (review 10A major 1). On PostgreSQL a
// transaction holds the order's first pass FOR SHARE, so that the credit
// stops in the middle of its passes, while the hand and the block run;
// then it is let go. Whatever the order they end in, every pass's events
// follow the circuit (pass verifier is clean), the credit note counts the
// passes it moved, and a carnet whose passes were credited is not handed.
// On SQLite (writers serialised) the three run at once.
func testPassLedgerRaces(t *testing.T, s store.Store, _ *Clock, exec TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 3, 3, 0)
	if _, err := s.AssignCarnets(ctx, f.order.ID, 3, nil, f.distributeur, "compte:3"); err != nil {
		t.Fatal(err)
	}
	postgres := exec(t, s, `SELECT pg_backend_pid()`) == nil
	held := make(chan error, 1)
	if postgres {
		if err := exec(t, s, `CREATE TABLE storetest_release (x INTEGER)`); err != nil {
			t.Fatal(err)
		}
		go func() {
			held <- exec(t, s, fmt.Sprintf(`DO $$ BEGIN -- storetest_hold
				PERFORM 1 FROM pass WHERE id = %d FOR SHARE;
				FOR i IN 1..2400 LOOP
					EXIT WHEN EXISTS (SELECT 1 FROM storetest_release);
					PERFORM pg_sleep(0.025);
				END LOOP;
			END $$`, f.passes[0].ID))
		}()
		pgWaitFor(t, s, exec, `EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE a.query LIKE '%-- storetest_hold%' AND a.pid <> pg_backend_pid() AND l.locktype = 'transactionid' AND l.granted)`)
	} else {
		held <- nil
	}
	var wg sync.WaitGroup
	var credited []pass.CreditNote
	var creditErr, handErr, blockErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		credited, creditErr = s.CreditExpired(ctx, time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC), "système")
	}()
	if postgres {
		pgWaitFor(t, s, exec, pgWaiting+` >= 1`)
	}
	var mu sync.Mutex
	done := 0
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, handErr = s.HandCarnet(ctx, f.carnets[2].Code, f.distributeur, pass.Age65to74, "51454", "compte:3")
		mu.Lock()
		done++
		mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		blockErr = s.Block(ctx, f.passes[5].Code, "volé", "compte:1")
		mu.Lock()
		done++
		mu.Unlock()
	}()
	if postgres {
		// The hand and the block have ended or wait behind the credit.
		for attempt := 0; ; attempt++ {
			mu.Lock()
			d := done
			mu.Unlock()
			if d == 2 || exec(t, s, pgCondition(fmt.Sprintf(pgWaiting+` >= %d`, 1+2-d))) == nil {
				break
			}
			if attempt == waitAttempts {
				t.Fatal("the hand and the block neither ended nor waited")
			}
			time.Sleep(waitStep)
		}
		if err := exec(t, s, `INSERT INTO storetest_release VALUES (1)`); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if creditErr != nil || len(credited) != 1 {
		t.Fatalf("credit notes: %+v %v", credited, creditErr)
	}
	for what, err := range map[string]error{"hand": handErr, "block": blockErr} {
		if err != nil && failure.CodeOf(err) != failure.Conflict {
			t.Errorf("%s: %v, want done or a conflict", what, err)
		}
	}
	ps, err := s.Passes(ctx, f.order.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.State != pass.Credite {
			t.Errorf("pass %s: %s, want credite", p.Code, p.State)
		}
	}
	if credited[0].Passes != 9 {
		t.Errorf("credit note of %d passes, want 9", credited[0].Passes)
	}
	cs, err := s.Carnets(ctx, store.CarnetFilter{OrderID: f.order.ID})
	if err != nil {
		t.Fatal(err)
	}
	if cs[2].Handed != (handErr == nil) {
		t.Errorf("carnet handed %v, hand's answer %v", cs[2].Handed, handErr)
	}
	verifyClean(t, s)
}

// testPassHandEnded: a carnet is not handed after its order's last day,
// nor once its passes were credited (review 10A minor 5).
func testPassHandEnded(t *testing.T, s store.Store, c *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 2, 2, 0)
	if _, err := s.AssignCarnets(ctx, f.order.ID, 2, nil, f.distributeur, "compte:3"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreditExpired(ctx, time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC), "système"); err != nil {
		t.Fatal(err)
	}
	_, err := s.HandCarnet(ctx, f.carnets[0].Code, f.distributeur, pass.Age65to74, "51454", "compte:3")
	if failure.CodeOf(err) != failure.Conflict || !strings.Contains(failure.MessageOf(err), "crédités") {
		t.Errorf("a credited carnet handed: %v", err)
	}
	c.Set(time.Date(2027, 2, 1, 0, 30, 0, 0, time.UTC)) // 1 February in Paris: 31 January was the last day
	_, err = s.HandCarnet(ctx, f.carnets[1].Code, f.distributeur, pass.Age65to74, "51454", "compte:3")
	if failure.CodeOf(err) != failure.Conflict || !strings.Contains(failure.MessageOf(err), "31 janvier 2027") {
		t.Errorf("a carnet handed after the order's last day: %v", err)
	}
	verifyClean(t, s)
}

// pgWaiting counts the sessions of this database waiting for a lock
// (pg_locks shows the whole cluster's).
const pgWaiting = `(SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database())`

// pgCondition is a statement that fails unless cond holds.
func pgCondition(cond string) string {
	return `DO $$ BEGIN IF NOT (` + cond + `) THEN RAISE EXCEPTION 'pas encore'; END IF; END $$`
}

// pgWaitFor waits until cond holds on the PostgreSQL database of s.
func pgWaitFor(t *testing.T, s store.Store, exec TryExec, cond string) {
	t.Helper()
	for attempt := 0; exec(t, s, pgCondition(cond)) != nil; attempt++ {
		if attempt == waitAttempts {
			t.Fatalf("still not: %s", cond)
		}
		time.Sleep(waitStep)
	}
}

// waitAttempts × waitStep bound the race tests' waits (about two
// minutes) by counting attempts, not by reading the wall clock.
const (
	waitAttempts = 6000
	waitStep     = 20 * time.Millisecond
)

// testPassRolesApart: a financeur or distributeur account never acts for
// a qualified place's redemptions (review 10A major 3): its qualification
// is refused, its claim on a qualified place is not accepted, and the
// database refuses its redemption even when the role came after the
// right to act for the place.
func testPassRolesApart(t *testing.T, s store.Store, _ *Clock, _ TryExec) {
	ctx := context.Background()
	f := newPassFixture(t, s, 1, 3, 1)
	other := Sample("pn-chalons")
	put(t, s, "hub", other)
	for _, who := range []int64{f.financeur, f.distributeur} {
		_, err := s.RequestQualification(ctx, pass.Qualification{LieuID: "pn-chalons", SIRET: SIRET("5555555550001"), AccountID: who, IBAN: IBAN, Status: pass.QualificationApproved}, "compte:1")
		if failure.CodeOf(err) != failure.Forbidden || !strings.Contains(failure.MessageOf(err), "rôles restent séparés") {
			t.Errorf("qualification for account %d: %v", who, err)
		}
		claim, err := s.AddClaim(ctx, store.Claim{UserID: who, LieuID: lieuInside, Status: store.StatusPending}, "compte:1")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DecideClaim(ctx, claim, store.StatusApproved, "compte:1"); failure.CodeOf(err) != failure.Conflict || !strings.Contains(failure.MessageOf(err), "rôles restent séparés") {
			t.Errorf("claim of account %d accepted: %v", who, err)
		}
		if err := s.DecideClaim(ctx, claim, store.StatusRefused, "compte:1"); err != nil {
			t.Fatal(err)
		}
		auto, err := s.ClaimPlace(ctx, who, lieuInside, func(int) bool { return true }, "compte:1")
		if err != nil || auto.Status != store.StatusPending {
			t.Errorf("claim of account %d approved at once: %+v %v", who, auto, err)
		}
	}
	// The structure's account becomes a financeur's: the database refuses.
	u, err := s.User(ctx, f.structure)
	if err != nil {
		t.Fatal(err)
	}
	u.Role = "financeur"
	if err := s.UpdateUser(ctx, u, "compte:1"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Redeem(ctx, store.RedeemRequest{Code: f.passes[0].Code, LieuID: lieuInside, Service: place.ServiceDemarches, AccountID: f.structure, Actor: "compte:4", Key: "k"})
	if failure.CodeOf(err) != failure.Forbidden || !strings.Contains(failure.MessageOf(err), "rôles restent séparés") {
		t.Errorf("a financeur redeemed: %v", err)
	}
	// « Vérifier » says what « Encaisser » said (review fix10p 3), with a
	// service chosen or not yet.
	for _, service := range []string{place.ServiceDemarches, ""} {
		_, checked := s.CheckRedemption(ctx, store.RedeemRequest{Code: f.passes[0].Code, LieuID: lieuInside, Service: service, AccountID: f.structure})
		if failure.CodeOf(checked) != failure.CodeOf(err) || failure.MessageOf(checked) != failure.MessageOf(err) {
			t.Errorf("Vérifier by a financeur (service %q): %v; want as the redemption: %v", service, checked, err)
		}
	}
	// A pass the redemption refuses for its own reason is refused for it
	// by both (the roles are the database's last word on a redemption).
	if res, err := s.CheckRedemption(ctx, store.RedeemRequest{Code: f.passes[1].Code, LieuID: lieuOutside, AccountID: f.outsider}); err != nil || res.Reason != pass.HorsPerimetre {
		t.Errorf("Vérifier outside: %+v %v", res, err)
	}
	verifyClean(t, s)
}
