package accountsql

import (
	"context"
	"strconv"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/failure"
)

var (
	errAPITokenNotFound = failure.Errorf(failure.NotFound, "Jeton d'accès introuvable ou déjà révoqué.")
	errAPITokensFull    = failure.Errorf(failure.Conflict, "Ce compte a déjà %d jetons d'accès valides : révoquez-en un avant d'en créer un autre.", account.MaxAPITokens)
)

// apiTokenTouchWait bounds how long a request waits to record a token's
// use (as sessionTouchWait does for sessions in internal/web).
const apiTokenTouchWait = 200 * time.Millisecond

// apiTokenAudit is what the journal keeps of a token: its number and
// label, never the token or its hash.
func apiTokenAudit(t *account.APIToken) audit.Entry {
	return audit.Entry{Kind: "compte", ObjectID: strconv.FormatInt(t.UserID, 10),
		After: audit.JSON(map[string]any{"jeton": t.ID, "nom": t.Label})}
}

// CreateAPIToken makes a token for an account (see store.APITokens).
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, label string, now time.Time, actor string) (string, account.APIToken, error) {
	label, err := account.CleanAPITokenLabel(label)
	if err != nil {
		return "", account.APIToken{}, err
	}
	token, hash := account.NewAPIToken()
	t := account.APIToken{UserID: userID, Label: label, Created: now}
	err = s.tx(ctx, func(tx *Tx) error {
		// The account's row, locked on PostgreSQL: two creations at once
		// count each other's token.
		var id int64
		if err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM comptes WHERE id = ? AND deleted_at = ''`+s.dialect.ForUpdate), userID).Scan(&id); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM jetons_api WHERE compte = ? AND revoked_at = ''`), userID).Scan(&n); err != nil {
			return err
		}
		if n >= account.MaxAPITokens {
			return errAPITokensFull
		}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO jetons_api (compte, hash, nom, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			userID, hash, label, ts(now)).Scan(&t.ID); err != nil {
			return err
		}
		e := apiTokenAudit(&t)
		e.Actor, e.Action = actor, "jeton.cree"
		return s.appendAudit(ctx, tx, e)
	})
	if err != nil {
		return "", account.APIToken{}, wrap("jeton d'accès", errUserNotFound, err)
	}
	return token, t, nil
}

const apiTokenColumns = `id, compte, nom, created_at, last_used_at, revoked_at`

func scanAPIToken(scan func(...any) error) (account.APIToken, error) {
	var t account.APIToken
	var created, used, revoked string
	err := scan(&t.ID, &t.UserID, &t.Label, &created, &used, &revoked)
	t.Created, t.LastUsed, t.Revoked = parseTS(created), parseTS(used), parseTS(revoked)
	return t, err
}

// APITokens lists an account's valid tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]account.APIToken, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+apiTokenColumns+` FROM jetons_api WHERE compte = ? AND revoked_at = '' ORDER BY created_at DESC, id DESC`), userID)
	if err != nil {
		return nil, wrap("jetons d'accès", nil, err)
	}
	defer rows.Close()
	var out []account.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows.Scan)
		if err != nil {
			return nil, wrap("jetons d'accès", nil, err)
		}
		out = append(out, t)
	}
	return out, wrap("jetons d'accès", nil, rows.Err())
}

// RevokeAPIToken revokes one of an account's valid tokens.
func (s *Store) RevokeAPIToken(ctx context.Context, userID, id int64, actor string) error {
	return wrap("révocation d'un jeton d'accès", errAPITokenNotFound, s.tx(ctx, func(tx *Tx) error {
		t, err := scanAPIToken(tx.QueryRowContext(ctx, s.q(`UPDATE jetons_api SET revoked_at = ? WHERE id = ? AND compte = ? AND revoked_at = '' RETURNING `+apiTokenColumns),
			ts(tx.now), id, userID).Scan)
		if err != nil {
			return err
		}
		e := apiTokenAudit(&t)
		e.Actor, e.Action = actor, "jeton.revoque"
		return s.appendAudit(ctx, tx, e)
	}))
}

// UserByAPIToken returns the account of a valid token by its hash (see
// store.APITokens). The look-up is by the token's SHA-256, so that how
// long it takes says nothing of the token: no secret is compared byte by
// byte.
func (s *Store) UserByAPIToken(ctx context.Context, hash string, now time.Time) (account.User, account.APIToken, error) {
	var t account.APIToken
	u, err := scanUser(func(user ...any) error {
		var err error
		t, err = scanAPIToken(func(token ...any) error {
			return s.readRow(ctx, s.q(`SELECT j.id, j.compte, j.nom, j.created_at, j.last_used_at, j.revoked_at, `+prefixed("c.", userColumns)+`
				FROM jetons_api j JOIN comptes c ON c.id = j.compte
				WHERE j.hash = ? AND j.revoked_at = '' AND c.deleted_at = ''`), hash).Scan(append(token, user...)...)
		})
		return err
	})
	if err != nil {
		return account.User{}, account.APIToken{}, wrap("jeton d'accès", errAPITokenNotFound, err)
	}
	if now.Sub(t.LastUsed) >= account.APITokenTouchEvery {
		// Best effort: a token is not refused, nor its request kept
		// waiting, because its use could not be recorded now; the
		// condition keeps concurrent requests to one write.
		tctx, cancel := context.WithTimeout(ctx, apiTokenTouchWait)
		var n int64
		err := s.tx(tctx, func(tx *Tx) error {
			res, err := tx.ExecContext(tctx, s.q(`UPDATE jetons_api SET last_used_at = ? WHERE id = ? AND last_used_at <= ?`),
				ts(now), t.ID, ts(now.Add(-account.APITokenTouchEvery)))
			if err == nil {
				n, err = res.RowsAffected()
			}
			return err
		})
		if err == nil && n == 1 {
			t.LastUsed = now
		}
		cancel()
	}
	return u, t, nil
}

// prefixed qualifies a list of columns ("a, b") with a table's alias.
func prefixed(alias, columns string) string {
	cs := strings.Split(columns, ", ")
	for i := range cs {
		cs[i] = alias + cs[i]
	}
	return strings.Join(cs, ", ")
}
