// Package accountsql stores accounts, sessions, claims, contributions and
// the audit journal through database/sql. Both adapters (sqlite, and
// postgres through pgx's database/sql driver) use it: the tables are the
// same and the SQL is portable, only placeholders differ.
package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/place"
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
}

// Store implements the account part of store.Store.
type Store struct {
	db      *sql.DB // writes (SQLite: its single writer)
	rdb     *sql.DB // reads (SQLite: its pool of readers)
	dialect Dialect
}

// New returns the account store writing through db and reading through rdb
// (the same handle when the engine has no separate readers).
func New(db, rdb *sql.DB, d Dialect) *Store { return &Store{db: db, rdb: rdb, dialect: d} }

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

func ts(t time.Time) string { return t.UTC().Format(audit.TimeLayout) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(audit.TimeLayout, s)
	return t
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) || errors.Is(err, store.ErrNotFound) {
		return store.ErrNotFound
	}
	return fmt.Errorf("comptes : %s : %w", what, err)
}

// tx runs fn in a transaction.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// appendAudit chains an entry to the journal, inside the transaction of the change.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, e audit.Entry) error {
	if s.dialect.LockAudit != "" {
		if _, err := tx.ExecContext(ctx, s.dialect.LockAudit); err != nil {
			return err
		}
	}
	var prev *audit.Entry
	var p audit.Entry
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&p.Seq, &p.Hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		prev = &p
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.Seal(prev)
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO audit (seq, at, actor, action, kind, object_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		e.Seq, ts(e.At), e.Actor, e.Action, e.Kind, e.ObjectID, string(e.Before), string(e.After), e.PrevHash, e.Hash)
	return err
}

// Record appends an entry to the journal on its own.
func (s *Store) Record(ctx context.Context, e audit.Entry) error {
	return wrap("journal", s.tx(ctx, func(tx *sql.Tx) error { return s.appendAudit(ctx, tx, e) }))
}

// userAudit is what the journal keeps of an account: no personal data.
func userAudit(u *account.User) map[string]any {
	return map[string]any{"role": u.Role, "territoires": u.Territories, "second_facteur": u.PasswordHash != ""}
}

// CreateUser creates an account.
func (s *Store) CreateUser(ctx context.Context, u account.User, actor string) (int64, error) {
	u.Email = account.NormalizeEmail(u.Email)
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO comptes (email, nom, structure, role, territoires, mot_de_passe, totp, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			u.Email, u.Name, u.Structure, string(u.Role), territories(u.Territories), u.PasswordHash, u.TOTPSecret, ts(time.Now())).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "compte.cree", Kind: "compte", ObjectID: strconv.FormatInt(id, 10), After: audit.JSON(userAudit(&u))})
	})
	if err != nil && strings.Contains(strings.ToLower(err.Error()), "unique") {
		return 0, store.ErrExists
	}
	return id, wrap("création", err)
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
	return u, wrap("lecture", err)
}

// UserByEmail returns an account by address.
func (s *Store) UserByEmail(ctx context.Context, email string) (account.User, error) {
	u, err := scanUser(s.rdb.QueryRowContext(ctx, s.q(`SELECT `+userColumns+` FROM comptes WHERE email = ? AND deleted_at = ''`), account.NormalizeEmail(email)).Scan)
	return u, wrap("lecture", err)
}

// Users lists the accounts.
func (s *Store) Users(ctx context.Context) ([]account.User, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+userColumns+` FROM comptes WHERE deleted_at = '' ORDER BY id`)
	if err != nil {
		return nil, wrap("liste", err)
	}
	defer rows.Close()
	var out []account.User
	for rows.Next() {
		u, err := scanUser(rows.Scan)
		if err != nil {
			return nil, wrap("liste", err)
		}
		out = append(out, u)
	}
	return out, wrap("liste", rows.Err())
}

// UpdateUser changes an account's role, territories, name, structure and second factor.
func (s *Store) UpdateUser(ctx context.Context, u account.User, actor string) error {
	return wrap("modification", s.tx(ctx, func(tx *sql.Tx) error {
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

// DeleteUser erases an account's personal data and its sessions; the
// journal, which never held them, names it by a pseudonym from then on.
func (s *Store) DeleteUser(ctx context.Context, id int64, actor string) error {
	return wrap("suppression", s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE comptes SET email = ?, nom = '', structure = '', mot_de_passe = '', totp = '', deleted_at = ? WHERE id = ? AND deleted_at = ''`),
			"supprime-"+strconv.FormatInt(id, 10), ts(time.Now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE compte = ?`), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "compte.supprime", Kind: "compte", ObjectID: strconv.FormatInt(id, 10)})
	}))
}

// UseTOTPStep records that an account used the code of a TOTP step; it
// reports false when that step (or a later one) was already used.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE comptes SET totp_dernier_pas = ? WHERE id = ? AND totp_dernier_pas < ?`), step, userID, step)
	if err != nil {
		return false, wrap("code à usage unique", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("code à usage unique", err)
}

// AddLoginToken stores the hash of a sign-in link.
func (s *Store) AddLoginToken(ctx context.Context, hash, email string, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO jetons_connexion (hash, email, expires_at, used) VALUES (?, ?, ?, 0)`), hash, account.NormalizeEmail(email), ts(expires))
	return wrap("lien de connexion", err)
}

// UseLoginToken consumes a sign-in link: once, before it expires.
func (s *Store) UseLoginToken(ctx context.Context, hash string, now time.Time) (string, error) {
	var email string
	err := s.db.QueryRowContext(ctx, s.q(`UPDATE jetons_connexion SET used = 1 WHERE hash = ? AND used = 0 AND expires_at > ? RETURNING email`), hash, ts(now)).Scan(&email)
	return email, wrap("lien de connexion", err)
}

// AddSession records a signed-in browser.
func (s *Store) AddSession(ctx context.Context, se account.Session) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO sessions (hash, compte, created_at, last_seen_at, revoked) VALUES (?, ?, ?, ?, 0)`),
		se.Hash, se.UserID, ts(se.Created), ts(se.LastSeen))
	return wrap("session", err)
}

// Session returns a session by the hash of its token.
func (s *Store) Session(ctx context.Context, hash string) (account.Session, error) {
	var se account.Session
	var created, seen string
	var revoked int
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT hash, compte, created_at, last_seen_at, revoked FROM sessions WHERE hash = ?`), hash).
		Scan(&se.Hash, &se.UserID, &created, &seen, &revoked)
	se.Created, se.LastSeen, se.Revoked = parseTS(created), parseTS(seen), revoked != 0
	return se, wrap("session", err)
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, hash string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE sessions SET last_seen_at = ? WHERE hash = ?`), ts(now), hash)
	return wrap("session", err)
}

// RevokeSession ends a session.
func (s *Store) RevokeSession(ctx context.Context, hash, actor string) error {
	return wrap("session", s.tx(ctx, func(tx *sql.Tx) error {
		var user int64
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE sessions SET revoked = 1 WHERE hash = ? RETURNING compte`), hash).Scan(&user); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "session.revoquee", Kind: "compte", ObjectID: strconv.FormatInt(user, 10)})
	}))
}

// Sessions lists an account's sessions still open.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]account.Session, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT hash, compte, created_at, last_seen_at, revoked FROM sessions WHERE compte = ? AND revoked = 0 ORDER BY created_at DESC`), userID)
	if err != nil {
		return nil, wrap("sessions", err)
	}
	defer rows.Close()
	var out []account.Session
	for rows.Next() {
		var se account.Session
		var created, seen string
		var revoked int
		if err := rows.Scan(&se.Hash, &se.UserID, &created, &seen, &revoked); err != nil {
			return nil, wrap("sessions", err)
		}
		se.Created, se.LastSeen = parseTS(created), parseTS(seen)
		out = append(out, se)
	}
	return out, wrap("sessions", rows.Err())
}

// AddClaim records that an account says a place is its structure's.
func (s *Store) AddClaim(ctx context.Context, c store.Claim, actor string) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO revendications (compte, lieu_id, statut, created_at, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
			c.UserID, c.LieuID, c.Status, ts(time.Now()), c.DecidedBy, decidedAt(c.Status)).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "revendication." + c.Status, Kind: "lieu", ObjectID: c.LieuID,
			After: audit.JSON(map[string]any{"compte": c.UserID, "statut": c.Status, "revendication": id})})
	})
	return id, wrap("revendication", err)
}

func decidedAt(status string) string {
	if status == store.StatusPending {
		return ""
	}
	return ts(time.Now())
}

// Claims lists claims: of a status, or of an account (userID > 0).
func (s *Store) Claims(ctx context.Context, status string, userID int64) ([]store.Claim, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id, compte, lieu_id, statut, created_at, decided_by FROM revendications WHERE (? = '' OR statut = ?) AND (? = 0 OR compte = ?) ORDER BY id`),
		status, status, userID, userID)
	if err != nil {
		return nil, wrap("revendications", err)
	}
	defer rows.Close()
	var out []store.Claim
	for rows.Next() {
		var c store.Claim
		var created string
		if err := rows.Scan(&c.ID, &c.UserID, &c.LieuID, &c.Status, &created, &c.DecidedBy); err != nil {
			return nil, wrap("revendications", err)
		}
		c.Created = parseTS(created)
		out = append(out, c)
	}
	return out, wrap("revendications", rows.Err())
}

// DecideClaim approves or refuses a pending claim.
func (s *Store) DecideClaim(ctx context.Context, id int64, status, actor string) error {
	return wrap("revendication", s.tx(ctx, func(tx *sql.Tx) error {
		var lieu string
		var user int64
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE revendications SET statut = ?, decided_by = ?, decided_at = ? WHERE id = ? AND statut = ? RETURNING lieu_id, compte`),
			status, actor, ts(time.Now()), id, store.StatusPending).Scan(&lieu, &user); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "revendication." + status, Kind: "lieu", ObjectID: lieu,
			After: audit.JSON(map[string]any{"compte": user, "statut": status, "revendication": id})})
	}))
}

// AddProposal queues an edit (or a new place, LieuID "") for the coordinators.
func (s *Store) AddProposal(ctx context.Context, p store.Proposal, actor string) (int64, error) {
	data, _ := json.Marshal(p.Values)
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO propositions (lieu_id, compte, valeurs, statut, created_at, decided_by) VALUES (?, ?, ?, ?, ?, '') RETURNING id`),
			p.LieuID, p.UserID, string(data), store.StatusPending, ts(time.Now())).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "proposition.deposee", Kind: "lieu", ObjectID: p.LieuID,
			After: audit.JSON(map[string]any{"proposition": id})})
	})
	return id, wrap("proposition", err)
}

// Proposals lists the proposals of a status ("" for all).
func (s *Store) Proposals(ctx context.Context, status string) ([]store.Proposal, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id, lieu_id, compte, valeurs, statut, created_at FROM propositions WHERE ? = '' OR statut = ? ORDER BY id`), status, status)
	if err != nil {
		return nil, wrap("propositions", err)
	}
	defer rows.Close()
	var out []store.Proposal
	for rows.Next() {
		var p store.Proposal
		var data, created string
		if err := rows.Scan(&p.ID, &p.LieuID, &p.UserID, &data, &p.Status, &created); err != nil {
			return nil, wrap("propositions", err)
		}
		json.Unmarshal([]byte(data), &p.Values)
		p.Created = parseTS(created)
		out = append(out, p)
	}
	return out, wrap("propositions", rows.Err())
}

// DecideProposal marks a pending proposal accepted or refused (accepting
// one publishes it through EditLieu beforehand).
func (s *Store) DecideProposal(ctx context.Context, id int64, status, actor string) error {
	return wrap("proposition", s.tx(ctx, func(tx *sql.Tx) error {
		var lieu string
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE propositions SET statut = ?, decided_by = ? WHERE id = ? AND statut = ? RETURNING lieu_id`),
			status, actor, id, store.StatusPending).Scan(&lieu); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "proposition." + status, Kind: "lieu", ObjectID: lieu,
			After: audit.JSON(map[string]any{"proposition": id})})
	}))
}

// SetReportStatus closes a public correction request.
func (s *Store) SetReportStatus(ctx context.Context, id int64, status, actor string) error {
	return wrap("signalement", s.tx(ctx, func(tx *sql.Tx) error {
		var lieu string
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE signalements SET statut = ? WHERE id = ? RETURNING lieu_id`), status, id).Scan(&lieu); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "signalement." + status, Kind: "lieu", ObjectID: lieu,
			After: audit.JSON(map[string]any{"signalement": id})})
	}))
}

// EditLieu publishes new values of a place: the record changes, every
// changed field is marked as coming from origin ("structure", "coordination"),
// and the journal keeps before and after.
func (s *Store) EditLieu(ctx context.Context, l *place.Lieu, origin, actor string) error {
	row := store.RowOf(l)
	sets := make([]string, 0, place.NumFields)
	args := make([]any, 0, place.NumFields+4)
	sets = append(sets, "hash = ?")
	args = append(args, row.Hash)
	for i := 1; i < place.NumFields; i++ {
		sets = append(sets, place.FieldNames[i]+" = ?")
		switch i {
		case place.FLatitude:
			args = append(args, row.Lat)
		case place.FLongitude:
			args = append(args, row.Lon)
		default:
			args = append(args, row.Values[i])
		}
	}
	sets = append(sets, "pass_numerique = ?", "updated_at = ?")
	now := time.Now()
	args = append(args, row.Pass, s.updatedAt(now), l.ID)
	return wrap("modification du lieu", s.tx(ctx, func(tx *sql.Tx) error {
		var before store.Row
		if err := before.Scan(tx.QueryRowContext(ctx, s.q(s.dialect.SelectLieux+` WHERE id = ?`), l.ID).Scan); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`UPDATE lieux SET `+strings.Join(sets, ", ")+` WHERE id = ?`), args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		old, after := map[string]string{}, map[string]string{}
		for i := 1; i < place.NumFields; i++ {
			bv := before.Values[i]
			if i == place.FLatitude || i == place.FLongitude {
				bv = coord(before.Lat, before.Lon, i)
			}
			if bv == row.Values[i] {
				continue
			}
			old[place.FieldNames[i]], after[place.FieldNames[i]] = bv, row.Values[i]
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM lieux_champs WHERE lieu_id = ? AND champ = ?`), l.ID, place.FieldNames[i]); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor) VALUES (?, ?, ?, ?, ?)`),
				l.ID, place.FieldNames[i], origin, ts(now), actor); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "lieu.modifie", Kind: "lieu", ObjectID: l.ID,
			Before: audit.JSON(old), After: audit.JSON(after)})
	}))
}

func coord(lat, lon *float64, i int) string {
	if lat == nil || lon == nil {
		return ""
	}
	if i == place.FLatitude {
		return place.FormatFloat(*lat)
	}
	return place.FormatFloat(*lon)
}

// updatedAt writes lieux.updated_at as the engine stores it.
func (s *Store) updatedAt(t time.Time) any {
	if s.dialect.Dollar {
		return t.UTC()
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// FieldOrigins says which fields of a place were last set by whom.
func (s *Store) FieldOrigins(ctx context.Context, lieuID string) (map[string]store.FieldOrigin, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT champ, origine, at, actor FROM lieux_champs WHERE lieu_id = ?`), lieuID)
	if err != nil {
		return nil, wrap("provenance", err)
	}
	defer rows.Close()
	out := map[string]store.FieldOrigin{}
	for rows.Next() {
		var f, at string
		var o store.FieldOrigin
		if err := rows.Scan(&f, &o.Origin, &at, &o.Actor); err != nil {
			return nil, wrap("provenance", err)
		}
		o.At = parseTS(at)
		out[f] = o
	}
	return out, wrap("provenance", rows.Err())
}

const auditColumns = `seq, at, actor, action, kind, object_id, before, after, prev_hash, hash`

func scanAudit(scan func(...any) error) (audit.Entry, error) {
	var e audit.Entry
	var at, before, after string
	err := scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Kind, &e.ObjectID, &before, &after, &e.PrevHash, &e.Hash)
	e.At = parseTS(at)
	if before != "" {
		e.Before = json.RawMessage(before)
	}
	if after != "" {
		e.After = json.RawMessage(after)
	}
	return e, err
}

// Audit returns the journal entries about one object, oldest first.
func (s *Store) Audit(ctx context.Context, kind, id string) ([]audit.Entry, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+auditColumns+` FROM audit WHERE kind = ? AND object_id = ? ORDER BY seq`), kind, id)
	if err != nil {
		return nil, wrap("journal", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanAudit(rows.Scan)
		if err != nil {
			return nil, wrap("journal", err)
		}
		out = append(out, e)
	}
	return out, wrap("journal", rows.Err())
}

// AuditAll iterates over the whole journal, in order.
func (s *Store) AuditAll(ctx context.Context) iter.Seq2[*audit.Entry, error] {
	return func(yield func(*audit.Entry, error) bool) {
		rows, err := s.rdb.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit ORDER BY seq`)
		if err != nil {
			yield(nil, wrap("journal", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows.Scan)
			if err != nil {
				yield(nil, wrap("journal", err))
				return
			}
			if !yield(&e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, wrap("journal", err))
		}
	}
}
