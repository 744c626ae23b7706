package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/store"
)

// AddClaim records that an account says a place is its structure's.
func (s *Store) AddClaim(ctx context.Context, c store.Claim, actor string) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *Tx) (err error) {
		id, err = s.insertClaim(ctx, tx, &c, actor)
		return err
	})
	return id, claimError(err)
}

// ClaimPlace records an account's claim of a place, approved at once when
// auto says so of the account's automatic approvals, counted in the
// claim's transaction.
func (s *Store) ClaimPlace(ctx context.Context, userID int64, lieuID string, auto func(approvedAuto int) bool, actor string) (store.Claim, error) {
	c := store.Claim{UserID: userID, LieuID: lieuID, Status: store.StatusPending}
	err := s.tx(ctx, func(tx *Tx) error {
		n, err := s.autoApprovals(ctx, tx, userID)
		if err != nil {
			return err
		}
		c.Status, c.DecidedBy = store.StatusPending, ""
		if auto(n) {
			c.Status, c.DecidedBy = store.StatusApproved, account.AutoClaimDecider
		}
		c.ID, err = s.insertClaim(ctx, tx, &c, actor)
		c.Created = tx.now
		return err
	})
	if err != nil {
		return store.Claim{}, claimError(err)
	}
	return c, nil
}

// autoApprovals counts the claims of an account approved by the automatic
// rule. On PostgreSQL it first locks the account's row, so that the
// account's claims are decided one after the other; SQLite's writers are
// serialised anyway.
func (s *Store) autoApprovals(ctx context.Context, tx *Tx, userID int64) (int, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM comptes WHERE id = ? AND deleted_at = ''`+s.dialect.ForUpdate), userID).Scan(&id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, errClaimTarget
		}
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT decided_by FROM revendications WHERE compte = ? AND statut = ?`), userID, store.StatusApproved)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var by string
		if err := rows.Scan(&by); err != nil {
			return 0, err
		}
		if account.AutoDecided(by) {
			n++
		}
	}
	return n, rows.Err()
}

func (s *Store) insertClaim(ctx context.Context, tx *Tx, c *store.Claim, actor string) (int64, error) {
	// A claim is of a published place (no foreign key since migration 023:
	// claims outlive their place).
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM lieux WHERE id = ?`), c.LieuID).Scan(&n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, errClaimTarget
	}
	if c.Status == store.StatusApproved {
		// Approved at once (automatic approvals): not when the roles of
		// the Pass would mix; a moderator then sees it and refuses it.
		apart, err := s.rolesApart(ctx, tx, c.UserID, c.LieuID)
		if err != nil {
			return 0, err
		}
		if apart {
			c.Status, c.DecidedBy = store.StatusPending, ""
		}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO revendications (compte, lieu_id, statut, created_at, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		c.UserID, c.LieuID, c.Status, ts(tx.now), c.DecidedBy, decidedAt(c.Status, tx.now)).Scan(&id); err != nil {
		return 0, err
	}
	return id, s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "revendication." + c.Status, Kind: "lieu", ObjectID: c.LieuID,
		After: audit.JSON(map[string]any{"compte": c.UserID, "statut": c.Status, "revendication": id})})
}

// rolesApart reports whether an approved claim of lieu by user would mix
// the Pass numérique's roles (review 10A major 3): user is a financeur or a
// distributeur and the place has a qualification (pending or approved), so
// the claim would let it redeem for the place.
func (s *Store) rolesApart(ctx context.Context, tx *Tx, user int64, lieu string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM comptes c WHERE c.id = ? AND c.role IN ('financeur', 'distributeur')
		AND EXISTS (SELECT 1 FROM pass_qualifications q WHERE q.lieu_id = ? AND q.statut <> 'refusee')`), user, lieu).Scan(&n)
	return n > 0, err
}

// claimError tells a claim's refusals by the schema as failures.
func claimError(err error) error {
	if isUnique(err) {
		return errClaimPending
	}
	if isForeignKey(err) {
		return errClaimTarget
	}
	return wrap("revendication", nil, err)
}

func decidedAt(status string, now time.Time) string {
	if status == store.StatusPending {
		return ""
	}
	return ts(now)
}

// Claims lists claims: of a status, or of an account (userID > 0).
func (s *Store) Claims(ctx context.Context, status string, userID int64) ([]store.Claim, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id, compte, lieu_id, statut, created_at, decided_by FROM revendications WHERE (? = '' OR statut = ?) AND (? = 0 OR compte = ?) ORDER BY id`),
		status, status, userID, userID)
	if err != nil {
		return nil, wrap("revendications", nil, err)
	}
	defer rows.Close()
	var out []store.Claim
	for rows.Next() {
		var c store.Claim
		var created string
		if err := rows.Scan(&c.ID, &c.UserID, &c.LieuID, &c.Status, &created, &c.DecidedBy); err != nil {
			return nil, wrap("revendications", nil, err)
		}
		c.Created = parseTS(created)
		out = append(out, c)
	}
	return out, wrap("revendications", nil, rows.Err())
}

// DecideClaim approves or refuses a pending claim.
func (s *Store) DecideClaim(ctx context.Context, id int64, status, actor string) error {
	return wrap("revendication", errClaimDecided, s.tx(ctx, func(tx *Tx) error {
		if status == store.StatusApproved {
			if err := s.authorAlive(ctx, tx, "revendications", id); err != nil {
				return err
			}
		}
		var lieu string
		var user int64
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE revendications SET statut = ?, decided_by = ?, decided_at = ? WHERE id = ? AND statut = ? RETURNING lieu_id, compte`),
			status, actor, ts(tx.now), id, store.StatusPending).Scan(&lieu, &user); err != nil {
			return err
		}
		if status == store.StatusApproved {
			if apart, err := s.rolesApart(ctx, tx, user, lieu); err != nil || apart {
				if err == nil {
					err = failure.Errorf(failure.Conflict, "Ce compte est financeur ou distributeur du Pass numérique et ce lieu est qualifié pour le Pass : accepter sa revendication lui permettrait d'encaisser des pass. Les rôles restent séparés : refusez-la ou demandez un autre compte à la structure.")
				}
				return err
			}
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "revendication." + status, Kind: "lieu", ObjectID: lieu,
			After: audit.JSON(map[string]any{"compte": user, "statut": status, "revendication": id})})
	}))
}

// AddProposal queues an edit (or a new place, LieuID "") for the coordinators.
func (s *Store) AddProposal(ctx context.Context, p store.Proposal, actor string) (int64, error) {
	data, _ := json.Marshal(p.Values)
	base := ""
	if p.Base != nil {
		b, _ := json.Marshal(p.Base)
		base = string(b)
	}
	var id int64
	err := s.tx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO propositions (lieu_id, compte, valeurs, base, statut, created_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, '') RETURNING id`),
			p.LieuID, p.UserID, string(data), base, store.StatusPending, ts(tx.now)).Scan(&id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "proposition.deposee", Kind: "lieu", ObjectID: p.LieuID,
			After: audit.JSON(map[string]any{"proposition": id})})
	})
	return id, wrap("proposition", nil, err)
}

// Proposals lists the proposals of a status ("" for all).
func (s *Store) Proposals(ctx context.Context, status string) ([]store.Proposal, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id, lieu_id, compte, valeurs, base, statut, created_at FROM propositions WHERE ? = '' OR statut = ? ORDER BY id`), status, status)
	if err != nil {
		return nil, wrap("propositions", nil, err)
	}
	defer rows.Close()
	var out []store.Proposal
	for rows.Next() {
		var p store.Proposal
		var data, base, created string
		if err := rows.Scan(&p.ID, &p.LieuID, &p.UserID, &data, &base, &p.Status, &created); err != nil {
			return nil, wrap("propositions", nil, err)
		}
		if err := decodeProposal(&p, data, base); err != nil {
			return nil, wrap("propositions", nil, err)
		}
		p.Created = parseTS(created)
		out = append(out, p)
	}
	return out, wrap("propositions", nil, rows.Err())
}

func decodeProposal(p *store.Proposal, values, base string) error {
	if err := json.Unmarshal([]byte(values), &p.Values); err != nil {
		return fmt.Errorf("proposition %d : %w", p.ID, err)
	}
	if base != "" {
		if err := json.Unmarshal([]byte(base), &p.Base); err != nil {
			return fmt.Errorf("proposition %d : %w", p.ID, err)
		}
	}
	return nil
}

// DecideProposal refuses a pending proposal; AcceptProposal accepts one.
func (s *Store) DecideProposal(ctx context.Context, id int64, status, actor string) error {
	if status == store.StatusApproved {
		return errors.New("comptes : une proposition acceptée est publiée par AcceptProposal")
	}
	return wrap("proposition", errProposalDecided, s.tx(ctx, func(tx *Tx) error {
		_, err := s.decideProposal(ctx, tx, id, status, actor)
		return err
	}))
}

// decideProposal records the decision on a pending proposal and returns it.
func (s *Store) decideProposal(ctx context.Context, tx *Tx, id int64, status, actor string) (store.Proposal, error) {
	p := store.Proposal{ID: id, Status: status}
	var data, base string
	if err := tx.QueryRowContext(ctx, s.q(`UPDATE propositions SET statut = ?, decided_by = ? WHERE id = ? AND statut = ? RETURNING lieu_id, compte, valeurs, base`),
		status, actor, id, store.StatusPending).Scan(&p.LieuID, &p.UserID, &data, &base); err != nil {
		return p, err
	}
	if err := decodeProposal(&p, data, base); err != nil {
		return p, err
	}
	return p, s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "proposition." + status, Kind: "lieu", ObjectID: p.LieuID,
		After: audit.JSON(map[string]any{"proposition": id})})
}

// AcceptProposal accepts a pending proposal and publishes it, in one
// transaction (see store.Contributions).
func (s *Store) AcceptProposal(ctx context.Context, id int64, actor string) (place.Lieu, error) {
	var l place.Lieu
	err := s.handTx(ctx, func(tx *Tx) error {
		if err := s.authorAlive(ctx, tx, "propositions", id); err != nil {
			return err
		}
		p, err := s.decideProposal(ctx, tx, id, store.StatusApproved, actor)
		if err != nil {
			return err
		}
		if p.LieuID != "" {
			// Only the proposal's own changes, checked against what it
			// was made from; the day of publication becomes date_maj.
			l, err = s.patch(ctx, tx, p.LieuID, store.Patch{Set: p.Values, From: p.Base, DateMaj: day(tx.now),
				Origin: "coordination", Actor: actor})
			if errors.Is(err, sql.ErrNoRows) {
				return errLieuNotFound
			}
			return err
		}
		var v [place.NumFields]string
		for i, name := range place.FieldNames {
			v[i] = p.Values[name]
		}
		if l, err = place.Decode(v); err != nil {
			return err
		}
		l.PassNumerique = p.Values[store.PassField] == "oui"
		l.ID = fmt.Sprintf("contribution-%d", p.ID)
		if l.ID, err = s.insert(ctx, tx, "contributions", &l); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO imports (source, file, finished_at, created, updated, unchanged, rejected) VALUES (?, ?, ?, 1, 0, 0, 0)`),
			"contributions", fmt.Sprintf("proposition %d", p.ID), s.updatedAt(tx.now)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "lieu.cree", Kind: "lieu", ObjectID: l.ID,
			After: audit.JSON(map[string]any{"proposition": p.ID})})
	})
	return l, wrap("proposition", errProposalDecided, err)
}

// day is the calendar day of t in France, as date_maj holds it.
func day(t time.Time) time.Time {
	t = t.In(openinghours.Paris)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// SetCorrectionStatus closes a public correction request.
func (s *Store) SetCorrectionStatus(ctx context.Context, id int64, status, actor string) error {
	return wrap("signalement", errCorrectionNotFound, s.tx(ctx, func(tx *Tx) error {
		var lieu string
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE signalements SET statut = ? WHERE id = ? RETURNING lieu_id`), status, id).Scan(&lieu); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "signalement." + status, Kind: "lieu", ObjectID: lieu,
			After: audit.JSON(map[string]any{"signalement": id})})
	}))
}

// errAuthorDeleted refuses to accept what a deleted account asked for.
var errAuthorDeleted = failure.Errorf(failure.Conflict, "Le compte qui a fait cette demande a été supprimé : elle ne peut plus être acceptée.")

// authorAlive fails with errAuthorDeleted when the account behind a claim
// or proposal (table is "revendications" or "propositions") was deleted.
func (s *Store) authorAlive(ctx context.Context, tx *Tx, table string, id int64) error {
	var deleted string
	err := tx.QueryRowContext(ctx, s.q(`SELECT c.deleted_at FROM `+table+` t JOIN comptes c ON c.id = t.compte WHERE t.id = ?`), id).Scan(&deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the decision itself says it is unknown
	}
	if err != nil {
		return err
	}
	if deleted != "" {
		return errAuthorDeleted
	}
	return nil
}
