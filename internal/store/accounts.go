package store

import (
	"context"
	"time"

	"maillage/internal/account"
)

// Users are the accounts of people. Every change is journaled in its own
// transaction. A missing account is a failure.NotFound, an address already
// used a failure.Conflict. UpdateUser and DeleteUser refuse to leave no
// administrator (account.KeepsAnAdministrator, a failure.Conflict), checked
// in their own transaction so that concurrent changes cannot pass it.
type Users interface {
	CreateUser(ctx context.Context, u account.User, actor string) (int64, error)
	User(ctx context.Context, id int64) (account.User, error)
	UserByEmail(ctx context.Context, email string) (account.User, error)
	Users(ctx context.Context) ([]account.User, error)
	UpdateUser(ctx context.Context, u account.User, actor string) error
	DeleteUser(ctx context.Context, id int64, actor string) error
}

// Sessions are the ways a person is signed in: single-use sign-in links,
// TOTP steps already used, and browser sessions.
type Sessions interface {
	// UseTOTPStep records that an account used the code of a TOTP step;
	// it reports false when that step (or a later one) was already used.
	UseTOTPStep(ctx context.Context, userID, step int64) (bool, error)
	AddLoginToken(ctx context.Context, hash, email string, expires time.Time) error
	// UseLoginToken consumes a sign-in link: once, before it expires
	// (failure.NotFound otherwise).
	UseLoginToken(ctx context.Context, hash string, now time.Time) (string, error)
	AddSession(ctx context.Context, s account.Session) error
	Session(ctx context.Context, hash string) (account.Session, error)
	TouchSession(ctx context.Context, hash string, now time.Time) error
	RevokeSession(ctx context.Context, hash, actor string) error
	// Sessions lists an account's sessions still open.
	Sessions(ctx context.Context, userID int64) ([]account.Session, error)
	// DeleteExpired deletes the sign-in links expired at now and the
	// sessions no longer valid (idle, too old, revoked); it says how many.
	DeleteExpired(ctx context.Context, now time.Time) (links, sessions int64, err error)
}
