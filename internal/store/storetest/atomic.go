package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// testImportJournal: an import's journal entry is written in the import's
// transaction: committed with it, rolled back with it.
func testImportJournal(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("a"), Sample("b"))
	es, err := s.Audit(ctx, "source", "hub")
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != "import.termine" || string(es[0].After) != `{"crees":2,"fichier":"test.csv","inchanges":0,"mis_a_jour":0,"rejetes":0}` {
		t.Fatalf("journal of a committed import: %+v", es)
	}
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	l := Sample("c")
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if err := im.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if es, err := s.Audit(ctx, "source", "hub"); err != nil || len(es) != 1 {
		t.Errorf("journal after a rolled back import: %d entries, %v", len(es), err)
	}
	verifyChain(t, s)
}

// testClaimUnique: one pending claim per account and place.
func testClaimUnique(t *testing.T, s store.Store) {
	ctx := context.Background()
	put(t, s, "hub", Sample("a"), Sample("b"))
	uid, err := s.CreateUser(ctx, account.User{Email: "epn@ville.fr", Role: account.Contributeur}, "système")
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "a", Status: store.StatusPending}, "compte:2")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "a", Status: store.StatusPending}, "compte:2")
	if !errors.Is(err, failure.ErrConflict) || failure.MessageOf(err) == failure.MessageOf(errors.New("")) {
		t.Errorf("a second pending claim of the same place: %v", err)
	}
	if _, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "b", Status: store.StatusPending}, "compte:2"); err != nil {
		t.Errorf("a claim of another place: %v", err)
	}
	// A claim belongs to a place of the registry and to an account.
	if _, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "inconnu", Status: store.StatusPending}, "compte:2"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("a claim of no place: %v", err)
	}
	if _, err := s.AddClaim(ctx, store.Claim{UserID: uid + 100, LieuID: "b", Status: store.StatusPending}, "compte:2"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("a claim by no account: %v", err)
	}
	if err := s.DecideClaim(ctx, first, store.StatusRefused, "compte:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddClaim(ctx, store.Claim{UserID: uid, LieuID: "a", Status: store.StatusPending}, "compte:2"); err != nil {
		t.Errorf("claiming again after a refusal: %v", err)
	}
	verifyChain(t, s)
}

// testConcurrentWriters: writers of every kind at once leave one valid
// audit chain, with every change in it.
func testConcurrentWriters(t *testing.T, s store.Store) {
	ctx := context.Background()
	const writers, each = 6, 8
	ls := make([]place.Lieu, 0, writers)
	for w := range writers {
		ls = append(ls, Sample(fmt.Sprintf("w%d", w)))
	}
	put(t, s, "hub", ls...)
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("w%d", w)
			for k := range each {
				var err error
				switch k % 4 {
				case 0, 1:
					_, err = s.PatchLieu(ctx, id, store.Patch{Set: map[string]string{"nom": fmt.Sprintf("Nom %d.%d", w, k)}, Origin: "structure", Actor: id})
				case 2:
					_, err = s.CreateUser(ctx, account.User{Email: fmt.Sprintf("p%d.%d@exemple.fr", w, k), Role: account.Contributeur}, id)
				case 3:
					var im store.Import
					if im, err = s.BeginImport(ctx, fmt.Sprintf("source%d", w)); err == nil {
						l := Sample(fmt.Sprintf("s%d-%d", w, k))
						if _, _, err = im.Put(ctx, &l); err == nil {
							_, err = im.Commit(ctx, "concurrent.csv")
						} else {
							err = errors.Join(err, im.Rollback(ctx))
						}
					}
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d, write %d: %w", w, k, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n := 0
	for _, err := range s.AuditAll(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	// One import before, then per writer: 4 edits, 2 accounts, 2 imports.
	if want := 1 + writers*each; n != want {
		t.Errorf("%d journal entries, want %d", n, want)
	}
	verifyChain(t, s)
}
