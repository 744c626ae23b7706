package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/store"
)

// userAudit is what the journal keeps of an account: no personal data.
func userAudit(u *account.User) map[string]any {
	return map[string]any{"role": u.Role, "territoires": u.Territories, "second_facteur": u.PasswordHash != ""}
}

// CreateUser creates an account.
func (s *Store) CreateUser(ctx context.Context, u account.User, actor string) (int64, error) {
	u.Email = account.NormalizeEmail(u.Email)
	var id int64
	err := s.tx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO comptes (email, nom, structure, role, territoires, mot_de_passe, totp, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			u.Email, u.Name, u.Structure, string(u.Role), territories(u.Territories), u.PasswordHash, u.TOTPSecret, ts(tx.now)).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "compte.cree", Kind: "compte", ObjectID: strconv.FormatInt(id, 10), After: audit.JSON(userAudit(&u))})
	})
	if isUnique(err) {
		return 0, errUserExists
	}
	return id, wrap("création", nil, err)
}

func territories(ts []account.Territory) string { return account.FormatTerritories(ts, "|") }

func parseTerritories(s string) []account.Territory {
	ts, _ := account.ParseTerritories(s) // written by territories: well formed
	return ts
}

const userColumns = `id, email, nom, structure, role, territoires, mot_de_passe, totp, created_at`

func scanUser(scan func(...any) error) (account.User, error) {
	var u account.User
	var role, terr, created string
	err := scan(&u.ID, &u.Email, &u.Name, &u.Structure, &role, &terr, &u.PasswordHash, &u.TOTPSecret, &created)
	u.Role, u.Territories, u.Created = account.Role(role), parseTerritories(terr), parseTS(created)
	return u, err
}

// User returns an account by id.
func (s *Store) User(ctx context.Context, id int64) (account.User, error) {
	u, err := scanUser(s.rdb.QueryRowContext(ctx, s.q(`SELECT `+userColumns+` FROM comptes WHERE id = ? AND deleted_at = ''`), id).Scan)
	return u, wrap("lecture", errUserNotFound, err)
}

// UserByEmail returns an account by address.
func (s *Store) UserByEmail(ctx context.Context, email string) (account.User, error) {
	u, err := scanUser(s.rdb.QueryRowContext(ctx, s.q(`SELECT `+userColumns+` FROM comptes WHERE email = ? AND deleted_at = ''`), account.NormalizeEmail(email)).Scan)
	return u, wrap("lecture", errUserNotFound, err)
}

// Users lists the accounts.
func (s *Store) Users(ctx context.Context) ([]account.User, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+userColumns+` FROM comptes WHERE deleted_at = '' ORDER BY id`)
	if err != nil {
		return nil, wrap("liste", nil, err)
	}
	defer rows.Close()
	var out []account.User
	for rows.Next() {
		u, err := scanUser(rows.Scan)
		if err != nil {
			return nil, wrap("liste", nil, err)
		}
		out = append(out, u)
	}
	return out, wrap("liste", nil, rows.Err())
}

// keepsAnAdministrator applies account.KeepsAnAdministrator to the
// administrators as tx sees them (to is "" for a deletion). On PostgreSQL
// their rows are locked, in order, until tx ends: two administrators
// demoting each other at the same moment are decided one after the other,
// and the second sees the first's change. SQLite's writers are serialised.
func (s *Store) keepsAnAdministrator(ctx context.Context, tx *Tx, id int64, to account.Role) error {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT `+userColumns+` FROM comptes WHERE role = ? AND deleted_at = '' ORDER BY id`+s.dialect.ForUpdate), string(account.Administrateur))
	if err != nil {
		return err
	}
	defer rows.Close()
	var admins []account.User
	for rows.Next() {
		u, err := scanUser(rows.Scan)
		if err != nil {
			return err
		}
		admins = append(admins, u)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return account.KeepsAnAdministrator(admins, id, to)
}

// UpdateUser changes an account's role, territories, name, structure and
// second factor; the last administrator keeps their role (failure.Conflict).
func (s *Store) UpdateUser(ctx context.Context, u account.User, actor string) error {
	return wrap("modification", errUserNotFound, s.tx(ctx, func(tx *Tx) error {
		if err := s.keepsAnAdministrator(ctx, tx, u.ID, u.Role); err != nil {
			return err
		}
		old, err := scanUser(tx.QueryRowContext(ctx, s.q(`SELECT `+userColumns+` FROM comptes WHERE id = ? AND deleted_at = ''`), u.ID).Scan)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE comptes SET nom = ?, structure = ?, role = ?, territoires = ?, mot_de_passe = ?, totp = ? WHERE id = ?`),
			u.Name, u.Structure, string(u.Role), territories(u.Territories), u.PasswordHash, u.TOTPSecret, u.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "compte.modifie", Kind: "compte", ObjectID: strconv.FormatInt(u.ID, 10),
			Before: audit.JSON(userAudit(&old)), After: audit.JSON(userAudit(&u))})
	}))
}

// DeleteUser erases an account's personal data, its sessions and API
// tokens; the journal, which never held them, names it by a pseudonym from
// then on.
// The last administrator cannot be deleted (failure.Conflict).
func (s *Store) DeleteUser(ctx context.Context, id int64, actor string) error {
	err := s.tx(ctx, func(tx *Tx) error {
		if err := s.keepsAnAdministrator(ctx, tx, id, ""); err != nil {
			return err
		}
		var email string
		err := tx.QueryRowContext(ctx, s.q(`SELECT email FROM comptes WHERE id = ? AND deleted_at = ''`+s.dialect.ForUpdate), id).Scan(&email)
		if errors.Is(err, sql.ErrNoRows) {
			return errUserNotFound
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE comptes SET email = ?, nom = '', structure = '', mot_de_passe = '', totp = '', deleted_at = ? WHERE id = ? AND deleted_at = ''`),
			"supprime-"+strconv.FormatInt(id, 10), ts(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errUserNotFound
		}
		// Its address goes from the sign-in links and the sign-in limits
		// too, rather than at their purge (up to a day later).
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM jetons_connexion WHERE email = ?`), email); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM limites_connexion WHERE cle IN (?, ?)`),
			account.MailThrottleKey(email), account.PasswordThrottleKey(email)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE compte = ?`), id); err != nil {
			return err
		}
		// Its API tokens go too (UserByAPIToken refuses a deleted
		// account's tokens anyway).
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM jetons_api WHERE compte = ?`), id); err != nil {
			return err
		}
		// Its pending claims and proposals go with it: nobody can accept
		// them any more.
		res, err = tx.ExecContext(ctx, s.q(`UPDATE revendications SET statut = ?, decided_by = ?, decided_at = ? WHERE compte = ? AND statut = ?`),
			store.StatusWithdrawn, actor, ts(tx.now), id, store.StatusPending)
		if err != nil {
			return err
		}
		claims, _ := res.RowsAffected()
		res, err = tx.ExecContext(ctx, s.q(`UPDATE propositions SET statut = ?, decided_by = ? WHERE compte = ? AND statut = ?`),
			store.StatusWithdrawn, actor, id, store.StatusPending)
		if err != nil {
			return err
		}
		props, _ := res.RowsAffected()
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "compte.supprime", Kind: "compte", ObjectID: strconv.FormatInt(id, 10),
			After: audit.JSON(map[string]any{"revendications_retirees": claims, "propositions_retirees": props})})
	})
	if err == nil {
		s.scrubErased(ctx, deletedUserTables)
	}
	return wrap("suppression", errUserNotFound, err)
}
