package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// RunJournalFloor checks that a store told the last entry a checkpoint of
// its database attests never chains below it: a journal emptied or
// truncated while a process runs is not started anew (neither by an
// account's change nor by an import), so what was removed cannot be
// laundered by the next routine write.
func RunJournalFloor(t *testing.T, open Open, exec Exec) {
	ctx := context.Background()
	keys := audit.Keyring{audit.NewKey([]byte(strings.Repeat("k", 32)))}
	s := open(t, store.WithAuditKeys(keys), store.WithAuditFloor(2))
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	// The journal is empty, but a checkpoint attests entry 2: emptied.
	_, err := s.CreateUser(ctx, account.User{Email: "a@exemple.fr", Role: account.Contributeur}, "système")
	if !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "vidé ou tronqué") {
		t.Fatalf("an account's change on an emptied journal: %v", err)
	}
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	l := Sample("a")
	if _, _, err := im.Put(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "test.csv"); !errors.Is(err, failure.ErrConflict) || !strings.Contains(err.Error(), "vidé ou tronqué") {
		t.Fatalf("an import on an emptied journal: %v", err)
	}
	head, err := s.AuditHead(ctx)
	if err != nil || head.Seq != 0 {
		t.Errorf("head after refused writes: %+v %v", head, err)
	}
	// Entries up to the floor (as a journal that reaches its checkpoint)
	// chain as usual.
	var prev *audit.Entry
	for i := range 2 {
		e := audit.Entry{At: time.Date(2026, 12, 1, 10, i, 0, 0, time.UTC), Actor: "système", Action: "compte.cree", Kind: "compte", ObjectID: "x"}
		e.Seal(prev, keys.Signer())
		exec(t, s, fmt.Sprintf(`INSERT INTO audit (seq, at, actor, action, kind, object_id, before, after, prev_hash, hash) VALUES (%d, '%s', '%s', '%s', '%s', '%s', '', '', '%s', '%s')`,
			e.Seq, store.FormatTime(e.At), e.Actor, e.Action, e.Kind, e.ObjectID, e.PrevHash, e.Hash))
		prev = &e
	}
	if _, err := s.CreateUser(ctx, account.User{Email: "b@exemple.fr", Role: account.Contributeur}, "système"); err != nil {
		t.Errorf("a change on a journal that reaches the floor: %v", err)
	}
}
