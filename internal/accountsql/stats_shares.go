package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/store"
)

var _ store.StatsShares = (*Store)(nil)

var (
	errStatsShareNotFound = failure.Errorf(failure.NotFound, "Ce partage de statistiques n'existe pas.")
	errStatsShareRevoked  = failure.Errorf(failure.Conflict, "Ce partage de statistiques est déjà révoqué.")
)

const statsShareColumns = `p.id, p.territoire_type, p.territoire_code, p.regle, p.du, p.au, p.created_by, p.created_at,
	COALESCE(r.revoked_at, ''), COALESCE(r.revoked_by, 0)`

const statsShareFrom = ` FROM statistiques_partages p LEFT JOIN statistiques_partages_revocations r ON r.partage_id = p.id`

func scanStatsShare(scan func(...any) error) (store.StatsShare, error) {
	var sh store.StatsShare
	var created, revoked string
	err := scan(&sh.ID, &sh.Territory.Kind, &sh.Territory.Code, &sh.Rule, &sh.From, &sh.To, &sh.CreatedBy, &created, &revoked, &sh.RevokedBy)
	sh.Created, sh.Revoked = parseTS(created), parseTS(revoked)
	return sh, err
}

// statsShareAudit is what the journal keeps of a share: never its token
// nor its hash.
func statsShareAudit(sh store.StatsShare) []byte {
	m := map[string]any{"partage": sh.ID, "territoire": sh.Territory.Kind + ":" + sh.Territory.Code, "regle": sh.Rule}
	if sh.Rule == store.ShareFixed {
		m["du"], m["au"] = sh.From, sh.To
	}
	return audit.JSON(m)
}

// CreateStatsShare records a public link to statistics (see store.StatsShares).
func (s *Store) CreateStatsShare(ctx context.Context, sh store.StatsShare, hash, actor string) (store.StatsShare, error) {
	if err := sh.Check(); err != nil {
		return store.StatsShare{}, err
	}
	err := s.tx(ctx, func(tx *Tx) error {
		sh.Created, sh.RevokedBy = tx.now, 0
		sh.Revoked = time.Time{}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO statistiques_partages (hash, territoire_type, territoire_code, regle, du, au, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			hash, sh.Territory.Kind, sh.Territory.Code, sh.Rule, sh.From, sh.To, sh.CreatedBy, ts(tx.now)).Scan(&sh.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: store.ActionStatsShareCreated, Kind: "statistiques",
			ObjectID: strconv.FormatInt(sh.ID, 10), After: statsShareAudit(sh)})
	})
	if err != nil {
		return store.StatsShare{}, wrap("partage de statistiques", nil, err)
	}
	return sh, nil
}

// StatsShareByHash returns the share of a token's hash.
func (s *Store) StatsShareByHash(ctx context.Context, hash string) (store.StatsShare, error) {
	sh, err := scanStatsShare(s.readRow(ctx, s.q(`SELECT `+statsShareColumns+statsShareFrom+` WHERE p.hash = ?`), hash).Scan)
	return sh, wrap("partage de statistiques", errStatsShareNotFound, err)
}

// StatsShares lists every share, newest first.
func (s *Store) StatsShares(ctx context.Context) ([]store.StatsShare, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+statsShareColumns+statsShareFrom+` ORDER BY p.id DESC`))
	if err != nil {
		return nil, wrap("partages de statistiques", nil, err)
	}
	defer rows.Close()
	var out []store.StatsShare
	for rows.Next() {
		sh, err := scanStatsShare(rows.Scan)
		if err != nil {
			return nil, wrap("partages de statistiques", nil, err)
		}
		out = append(out, sh)
	}
	return out, wrap("partages de statistiques", nil, rows.Err())
}

// RevokeStatsShare revokes a share once and for all: a row of
// statistiques_partages_revocations, which is never changed nor deleted.
func (s *Store) RevokeStatsShare(ctx context.Context, id, by int64, actor string) (store.StatsShare, error) {
	var sh store.StatsShare
	err := s.tx(ctx, func(tx *Tx) error {
		var err error
		sh, err = scanStatsShare(tx.QueryRowContext(ctx, s.q(`SELECT `+statsShareColumns+statsShareFrom+` WHERE p.id = ?`), id).Scan)
		if errors.Is(err, sql.ErrNoRows) {
			return errStatsShareNotFound
		}
		if err != nil {
			return err
		}
		if !sh.Revoked.IsZero() {
			return errStatsShareRevoked
		}
		res, err := tx.ExecContext(ctx, s.q(`INSERT INTO statistiques_partages_revocations (partage_id, revoked_by, revoked_at) VALUES (?, ?, ?) ON CONFLICT (partage_id) DO NOTHING`),
			id, by, ts(tx.now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errStatsShareRevoked // revoked meanwhile
		}
		sh.Revoked, sh.RevokedBy = tx.now, by
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: store.ActionStatsShareRevoked, Kind: "statistiques",
			ObjectID: strconv.FormatInt(id, 10), Before: statsShareAudit(sh)})
	})
	if err != nil {
		return store.StatsShare{}, wrap("révocation d'un partage de statistiques", errStatsShareNotFound, err)
	}
	return sh, nil
}
