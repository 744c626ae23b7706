// Package accountsql stores accounts, sessions, claims, contributions and
// the audit journal through database/sql. Both adapters (sqlite, and
// postgres through pgx's database/sql driver) use it: the tables are the
// same and the SQL is portable, only placeholders differ.
package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// Dialect is what differs between the engines.
type Dialect struct {
	// Dollar: placeholders are $1, $2… (PostgreSQL) instead of ?.
	Dollar bool
	// LockAudit is run in a transaction before appending to the journal,
	// so that two writers never chain to the same entry ("" for SQLite,
	// whose writes are serialised anyway).
	LockAudit string
	// SelectLieux reads the 32 fields, pass_numerique and provenance of
	// places ("SELECT … FROM lieux"), as store.Row.Scan expects them.
	SelectLieux string
	// AuditKeys sign the journal's entries (the first signs, the others
	// are older keys; none: plain SHA-256).
	AuditKeys audit.Keyring
	// AuditFloor is the last entry a checkpoint attests (audit.CheckFloor).
	AuditFloor int64
	// Busy bounds how long a writer waits for a connection of the
	// writers' pool (SQLite has one).
	Busy time.Duration
	// ForUpdate locks the rows a write transaction reads before changing
	// them (" FOR UPDATE"; "" for SQLite, whose writers are serialised).
	ForUpdate string
	// LockPlaces is run first in a merge transaction, before it reads
	// anything: the lock that imports take, so that merges and imports
	// take turns and a merge reads places where the last one left them
	// (none for SQLite, whose write transactions begin immediate).
	LockPlaces []string
	// LockPlacesHand is the same lock for a person's decision on places
	// (an edit, an accepted proposal, a priority change, a merge, a
	// confirmed pair, a split): taken first too, but waited
	// for no longer than the busy timeout (then store.ErrBusy, « réessayez »).
	LockPlacesHand []string
	// RedeemFunction: a redemption is one call of the database's function
	// pass_utiliser (PostgreSQL's migration 034), one round trip instead
	// of a transaction of ~11 statements (pass_redeem_function.go).
	RedeemFunction bool
	// ScrubErased takes the old versions of the rows of tables that an
	// erasure of personal data just changed out of the database's files
	// (scrubErased; nil: nothing to do).
	ScrubErased func(ctx context.Context, tables []string) error
	// Log receives what a store does not return (a failed ScrubErased);
	// nil: slog.Default().
	Log *slog.Logger
}

// Store implements the accounts, sessions, contributions, hand edits and
// journal of store.Store.
type Store struct {
	db      *sql.DB // writes (SQLite: its single writer)
	rdb     *sql.DB // reads (SQLite: its pool of readers)
	dialect Dialect
	now     func() time.Time
	orders  sync.Map // pass orders by id: immutable once recorded (migration 028)
	// hot holds statements prepared once for every transaction of the
	// writer, read holds those of the readers (tx_statements.go).
	hot, read sync.Map
}

// New returns the account store writing through db and reading through
// rdb (the same handle when the engine has no separate readers); now is
// the clock every transaction reads once.
func New(db, rdb *sql.DB, d Dialect, now func() time.Time) *Store {
	return &Store{db: db, rdb: rdb, dialect: d, now: now}
}

func (s *Store) q(query string) string {
	if !s.dialect.Dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

func ts(t time.Time) string { return store.FormatTime(t) }

func parseTS(s string) time.Time { return store.ParseTime(s) }

// Failures a person may see, one per aggregate.
var (
	errUserNotFound       = failure.Errorf(failure.NotFound, "Compte introuvable.")
	errUserExists         = failure.Errorf(failure.Conflict, "Un compte existe déjà avec cette adresse.")
	errLinkInvalid        = failure.Errorf(failure.NotFound, "Ce lien de connexion n'est plus valable.")
	errSessionNotFound    = failure.Errorf(failure.NotFound, "Session introuvable.")
	errClaimDecided       = failure.Errorf(failure.Conflict, "Cette revendication n'est plus en attente : un autre modérateur l'a déjà traitée.")
	errProposalDecided    = failure.Errorf(failure.Conflict, "Cette proposition n'est plus en attente : un autre modérateur l'a déjà traitée.")
	errClaimTarget        = failure.Errorf(failure.NotFound, "Ce lieu ou ce compte n'existe pas (ou plus).")
	errClaimPending       = failure.Errorf(failure.Conflict, "Vous avez déjà revendiqué ce lieu : votre demande attend la réponse d'un coordinateur.")
	errCorrectionNotFound = failure.Errorf(failure.NotFound, "Signalement introuvable.")
	errLieuNotFound       = failure.Errorf(failure.NotFound, "Lieu introuvable.")
)

// wrap names what failed; a missing row becomes missing (a failure with
// its French message), and failures pass through as they are.
func wrap(what string, missing *failure.Error, err error) error {
	if err == nil {
		return nil
	}
	var f *failure.Error
	if errors.As(err, &f) {
		return err
	}
	if store.IsBusy(err) {
		return store.Busy(err)
	}
	if errors.Is(err, sql.ErrNoRows) && missing != nil {
		return missing
	}
	return fmt.Errorf("comptes : %s : %w", what, err)
}

// isForeignKey reports whether err is a foreign key's refusal: what it
// points to does not exist.
func isForeignKey(err error) bool {
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "foreign key")
}

// isUnique reports whether err is a unique constraint's refusal (both
// engines name it so in their messages).
func isUnique(err error) bool {
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "unique")
}

// Tx is a write transaction with its clock: every time written in it is
// the same instant, read once when it began.
type Tx struct {
	*sql.Tx
	now   time.Time
	cache repeatCache // statements run more than once (tx_statements.go)
	hot   *sync.Map   // the store's statements prepared for every transaction
	// creation is the creation order the last place tx created took
	// (creationRead: read from the tables, nextCreation).
	creation     int64
	creationRead bool
	// refs, when set (a bulk import), remembers the places' and
	// communes' lookups of prepareActivity for the transaction.
	refs *refMemo
}

// exec runs one writing statement in its own transaction.
func (s *Store) exec(ctx context.Context, query string, args ...any) error {
	return s.tx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, s.q(query), args...)
		return err
	})
}

// tx runs fn in a transaction.
func (s *Store) tx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := store.WriteConn(ctx, s.db, s.dialect.Busy)
	if err != nil {
		return err
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return store.Busy(err)
	}
	// A panic in fn must end the transaction before conn.Close, which
	// otherwise waits for it as long as ctx lives, holding the writer
	// (review 12B MAJOR 0). After Commit, Rollback does nothing.
	defer sqlTx.Rollback()
	tx := &Tx{Tx: sqlTx, now: s.now().UTC(), hot: &s.hot}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return store.Busy(err)
	}
	return store.Busy(sqlTx.Commit())
}
