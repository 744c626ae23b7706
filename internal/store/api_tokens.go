package store

import (
	"context"
	"time"

	"maillage/internal/account"
)

// APITokens are the accounts' bearer tokens of the API (account.APIToken):
// only their hash is stored, the token is returned once, by CreateAPIToken.
// Creations and revocations are journaled, without the token or its hash.
type APITokens interface {
	// CreateAPIToken makes a token for an account, labelled (a label
	// account.CleanAPITokenLabel refuses is a failure.Invalid), created at
	// now. It returns the token, to be shown once, and what is kept of it.
	// An account holds at most account.MaxAPITokens valid tokens (a
	// failure.Conflict); a deleted account none (failure.NotFound).
	CreateAPIToken(ctx context.Context, userID int64, label string, now time.Time, actor string) (string, account.APIToken, error)
	// APITokens lists an account's valid tokens, newest first.
	APITokens(ctx context.Context, userID int64) ([]account.APIToken, error)
	// RevokeAPIToken revokes one of an account's valid tokens: a token of
	// another account, unknown or already revoked is a failure.NotFound.
	RevokeAPIToken(ctx context.Context, userID, id int64, actor string) error
	// UserByAPIToken returns the account holding the valid token of that
	// hash (account.HashToken), and the token; an unknown or revoked token,
	// or a deleted account, is a failure.NotFound. It records the token's
	// use at now when the last one recorded is account.APITokenTouchEvery
	// old or more — best effort: a busy database does not hold the
	// request up, nor refuse it.
	UserByAPIToken(ctx context.Context, hash string, now time.Time) (account.User, account.APIToken, error)
}
