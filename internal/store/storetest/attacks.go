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
	"maillage/internal/store"
)

// Exec runs raw SQL on an adapter's database, as an attacker who can write
// it (but cannot read the journal's key file) would.
type Exec func(t *testing.T, s store.Store, query string)

// RunJournalAttacks checks that the journal's verifier, given the keys and
// the checkpoints kept outside the database, detects a forged entry, a
// chain recomputed without the key, a truncated and an emptied journal.
func RunJournalAttacks(t *testing.T, open Open, exec Exec) {
	keys := audit.Keyring{audit.NewKey([]byte(strings.Repeat("k", 32)))}
	attacker := audit.NewKey([]byte(strings.Repeat("a", 32)))
	for _, tt := range []struct {
		name   string
		attack func(t *testing.T, s store.Store)
		want   string // in the verifier's error; "" for an intact journal
		// lost: the checkpoints are gone too (deleted by the attacker, or
		// never copied where the verifier runs).
		lost bool
	}{
		{"intact", func(*testing.T, store.Store) {}, "", false},
		{"forged entry", func(t *testing.T, s store.Store) {
			exec(t, s, `UPDATE audit SET after = '{"role":"administrateur"}' WHERE seq = 2`)
		}, "entrée 2 : contenu modifié", false},
		{"recomputed without the key", func(t *testing.T, s store.Store) { reseal(t, s, exec, nil) }, "point de contrôle", false},
		{"recomputed with another key", func(t *testing.T, s store.Store) { reseal(t, s, exec, &attacker) }, "absente du trousseau", false},
		{"truncated", func(t *testing.T, s store.Store) { exec(t, s, `DELETE FROM audit WHERE seq > 3`) }, "tronqué ou vidé", false},
		{"emptied", func(t *testing.T, s store.Store) { exec(t, s, `DELETE FROM audit`) }, "tronqué ou vidé", false},
		// Rewritten as plain SHA-256 entries, as if written before keys
		// existed: once a key exists, only a checkpoint vouches for those.
		{"recomputed without the key, checkpoints lost", func(t *testing.T, s store.Store) { reseal(t, s, exec, nil) }, "aucun point de contrôle", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, store.WithAuditKeys(keys))
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			})
			for i := range 5 {
				if _, err := s.CreateUser(ctx, account.User{Email: fmt.Sprintf("p%d@exemple.fr", i), Role: account.Contributeur}, "système"); err != nil {
					t.Fatal(err)
				}
			}
			head, err := s.AuditHead(ctx)
			if err != nil || head.Seq != 5 || head.Hash == "" {
				t.Fatalf("head: %+v %v", head, err)
			}
			dir := t.TempDir()
			if err := audit.WriteCheckpoint(dir, head); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateUser(ctx, account.User{Email: "apres@exemple.fr", Role: account.Contributeur}, "système"); err != nil {
				t.Fatal(err)
			}
			tt.attack(t, s)
			cps, err := audit.ReadCheckpoints(dir)
			if err != nil || len(cps) != 1 {
				t.Fatalf("checkpoints: %+v %v", cps, err)
			}
			if tt.lost {
				cps = nil
			}
			err = verify(ctx, s, audit.Verifier{Keys: keys, Checkpoints: cps})
			var broken *audit.BrokenError
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("an intact journal: %v", err)
			case tt.want != "" && (!errors.As(err, &broken) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("%s: the verifier says %v, want %q", tt.name, err, tt.want)
			}
		})
	}
}

func verify(ctx context.Context, s store.Store, v audit.Verifier) error {
	for e, err := range s.AuditAll(ctx) {
		if err != nil {
			return err
		}
		if err := v.Check(e); err != nil {
			return err
		}
	}
	return v.Finish()
}

// reseal rewrites the whole chain after changing entry 2, as an attacker
// would, with their key or none.
func reseal(t *testing.T, s store.Store, exec Exec, key *audit.Key) {
	t.Helper()
	var es []audit.Entry
	for e, err := range s.AuditAll(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, *e)
	}
	es[1].After = audit.JSON(map[string]string{"role": "administrateur"})
	var prev *audit.Entry
	for i := range es {
		es[i].At = es[i].At.Truncate(time.Microsecond)
		es[i].Seal(prev, key)
		prev = &es[i]
		exec(t, s, fmt.Sprintf(`UPDATE audit SET after = '%s', prev_hash = '%s', hash = '%s' WHERE seq = %d`,
			strings.ReplaceAll(string(es[i].After), "'", "''"), es[i].PrevHash, es[i].Hash, es[i].Seq))
	}
}

// RunJournalFork checks that a store whose keyring lacks the key of the
// journal's last entry refuses to sign a new one (a French error, nothing
// written) instead of forking the chain under its own key: two processes
// with different keys on one database would otherwise make a journal that
// no keyring verifies.
func RunJournalFork(t *testing.T, open Open, exec Exec) {
	ctx := context.Background()
	keys := audit.Keyring{audit.NewKey([]byte(strings.Repeat("k", 32)))}
	other := audit.NewKey([]byte(strings.Repeat("o", 32)))
	s := open(t, store.WithAuditKeys(keys))
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	for i := range 2 {
		if _, err := s.CreateUser(ctx, account.User{Email: fmt.Sprintf("p%d@exemple.fr", i), Role: account.Contributeur}, "système"); err != nil {
			t.Fatal(err)
		}
	}
	// Another process, with its own key, wrote the journal's last entries.
	reseal(t, s, exec, &other)
	before, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateUser(ctx, account.User{Email: "fourche@exemple.fr", Role: account.Contributeur}, "système")
	if err == nil || !strings.Contains(err.Error(), "clé "+other.ID) || !strings.Contains(err.Error(), "absente du trousseau") {
		t.Fatalf("signing after an entry of an unknown key: %v", err)
	}
	after, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Seq != before.Seq || after.Hash != before.Hash {
		t.Errorf("the journal moved from %d to %d", before.Seq, after.Seq)
	}
	if _, err := s.UserByEmail(ctx, "fourche@exemple.fr"); err == nil {
		t.Errorf("the change was written without its journal entry")
	}
}
