package accountsql

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/pass"
	"maillage/internal/store"
)

const qualificationColumns = `id, lieu_id, siret, compte, iban, bic, titulaire, statut, created_at, decided_by, decided_at, retrait_motif, retire_par, retire_at`

func scanQualification(scan func(...any) error) (pass.Qualification, error) {
	var q pass.Qualification
	var created, decided, withdrawn string
	err := scan(&q.ID, &q.LieuID, &q.SIRET, &q.AccountID, &q.IBAN, &q.BIC, &q.Holder, &q.Status, &created, &q.DecidedBy, &decided,
		&q.WithdrawnReason, &q.WithdrawnBy, &withdrawn)
	q.Created = parseTS(created)
	if decided != "" {
		q.DecidedAt = parseTS(decided)
	}
	if withdrawn != "" {
		q.WithdrawnAt = parseTS(withdrawn)
	}
	return q, err
}

// RequestQualification records a qualification, pending or approved at once.
func (s *Store) RequestQualification(ctx context.Context, q pass.Qualification, actor string) (pass.Qualification, error) {
	q.SIRET = strings.ReplaceAll(strings.TrimSpace(q.SIRET), " ", "")
	if !pass.ValidSIRET(q.SIRET) {
		return q, failure.Errorf(failure.Invalid, "SIRET « %s » invalide : 14 chiffres, dont le dernier est une clé de contrôle.", q.SIRET)
	}
	if q.IBAN != "" {
		iban, ok := pass.ValidIBAN(q.IBAN)
		if !ok {
			return q, failure.Errorf(failure.Invalid, "IBAN invalide : vérifiez-le (sa clé de contrôle ne correspond pas).")
		}
		q.IBAN = iban
	}
	if q.BIC != "" {
		bic, ok := pass.ValidBIC(q.BIC)
		if !ok {
			return q, failure.Errorf(failure.Invalid, "BIC « %s » invalide : 8 ou 11 caractères (4 lettres de la banque, 2 du pays, 2 lettres ou chiffres, puis éventuellement 3 pour l'agence).", q.BIC)
		}
		q.BIC = bic
	}
	q.Holder = strings.TrimSpace(q.Holder)
	if utf8.RuneCountInString(q.Holder) > pass.MaxHolder {
		return q, failure.Errorf(failure.Invalid, "Le titulaire du compte tient en %d caractères au plus.", pass.MaxHolder)
	}
	if q.Status == "" {
		q.Status = pass.QualificationPending
	}
	if q.Status != pass.QualificationPending && q.Status != pass.QualificationApproved {
		return q, failure.Errorf(failure.Invalid, "Statut de qualification « %s » inconnu.", q.Status)
	}
	err := s.tx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM lieux WHERE id = ?`), q.LieuID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errLieuNotFound
		}
		var role string
		if err := tx.QueryRowContext(ctx, s.q(`SELECT role FROM comptes WHERE id = ? AND deleted_at = ''`), q.AccountID).Scan(&role); err != nil {
			return wrap("compte", errUserNotFound, err)
		}
		if role == string(account.Financeur) || role == string(account.Distributeur) {
			return errRolesApart
		}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM pass_qualifications WHERE (siret = ? OR lieu_id = ?) AND statut IN (?, ?)`),
			q.SIRET, q.LieuID, pass.QualificationPending, pass.QualificationApproved).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return failure.Errorf(failure.Conflict, "Ce SIRET ou ce lieu a déjà une qualification (en attente ou acceptée) : une seule par SIRET et par lieu.")
		}
		q.Created = tx.now
		decidedBy, decidedAt := "", ""
		if q.Status == pass.QualificationApproved {
			q.DecidedBy, q.DecidedAt = actor, tx.now
			decidedBy, decidedAt = actor, ts(tx.now)
		}
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO pass_qualifications (lieu_id, siret, compte, iban, bic, titulaire, statut, created_at, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			q.LieuID, q.SIRET, q.AccountID, q.IBAN, q.BIC, q.Holder, q.Status, ts(tx.now), decidedBy, decidedAt).Scan(&q.ID); err != nil {
			if isUnique(err) {
				return failure.Errorf(failure.Conflict, "Ce SIRET ou ce lieu a déjà une qualification (en attente ou acceptée) : une seule par SIRET et par lieu.")
			}
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "demander", Kind: "qualification_pass", ObjectID: q.LieuID,
			After: audit.JSON(map[string]any{"qualification": q.ID, "siret": q.SIRET, "compte": q.AccountID, "statut": q.Status, "iban": pass.MaskedIBAN(q.IBAN)})})
	})
	return q, wrap("qualification", nil, err)
}

// DecideQualification approves or refuses a pending qualification.
func (s *Store) DecideQualification(ctx context.Context, id int64, status, actor string) error {
	if status != pass.QualificationApproved && status != pass.QualificationRefused {
		return failure.Errorf(failure.Invalid, "Décision « %s » inconnue : acceptee ou refusee.", status)
	}
	return wrap("qualification", nil, s.tx(ctx, func(tx *Tx) error {
		var lieu string
		err := tx.QueryRowContext(ctx, s.q(`UPDATE pass_qualifications SET statut = ?, decided_by = ?, decided_at = ? WHERE id = ? AND statut = ? RETURNING lieu_id`),
			status, actor, ts(tx.now), id, pass.QualificationPending).Scan(&lieu)
		if err != nil {
			return wrap("qualification", failure.Errorf(failure.Conflict, "Cette qualification n'existe pas ou n'est plus en attente."), err)
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "decider", Kind: "qualification_pass", ObjectID: lieu,
			After: audit.JSON(map[string]any{"qualification": id, "statut": status})})
	}))
}

// WithdrawQualification withdraws a place's approved qualification.
func (s *Store) WithdrawQualification(ctx context.Context, lieuID, reason, actor string) (pass.Qualification, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return pass.Qualification{}, failure.Errorf(failure.Invalid, "Indiquez la raison du retrait : elle est journalisée et montrée à la structure.")
	}
	if utf8.RuneCountInString(reason) > pass.MaxWithdrawalReason {
		return pass.Qualification{}, failure.Errorf(failure.Invalid, "La raison du retrait tient en %d caractères au plus.", pass.MaxWithdrawalReason)
	}
	var q pass.Qualification
	err := s.tx(ctx, func(tx *Tx) error {
		var err error
		q, err = scanQualification(tx.QueryRowContext(ctx, s.q(`UPDATE pass_qualifications SET statut = ?, retrait_motif = ?, retire_par = ?, retire_at = ?
			WHERE lieu_id = ? AND statut = ? RETURNING `+qualificationColumns),
			pass.QualificationWithdrawn, reason, actor, ts(tx.now), lieuID, pass.QualificationApproved).Scan)
		if err != nil {
			return wrap("qualification", failure.Errorf(failure.Conflict, "Ce lieu n'a pas de qualification acceptée à retirer (aucune, en attente, ou déjà retirée)."), err)
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "retirer", Kind: "qualification_pass", ObjectID: lieuID,
			Before: audit.JSON(map[string]any{"qualification": q.ID, "statut": pass.QualificationApproved}),
			After:  audit.JSON(map[string]any{"qualification": q.ID, "statut": q.Status, "siret": q.SIRET, "raison": reason})})
	})
	return q, wrap("qualification", nil, err)
}

// Qualifications lists qualifications.
func (s *Store) Qualifications(ctx context.Context, status string) ([]pass.Qualification, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+qualificationColumns+` FROM pass_qualifications WHERE ? = '' OR statut = ? ORDER BY id`), status, status)
	if err != nil {
		return nil, wrap("qualifications", nil, err)
	}
	defer rows.Close()
	var out []pass.Qualification
	for rows.Next() {
		q, err := scanQualification(rows.Scan)
		if err != nil {
			return nil, wrap("qualifications", nil, err)
		}
		out = append(out, q)
	}
	return out, wrap("qualifications", nil, rows.Err())
}

// qualificationsOf lists a place's qualifications inside a transaction.
func (s *Store) qualificationsOf(ctx context.Context, tx *Tx, lieuID string) ([]pass.Qualification, error) {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT `+qualificationColumns+` FROM pass_qualifications WHERE lieu_id = ? ORDER BY id`), lieuID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pass.Qualification
	for rows.Next() {
		q, err := scanQualification(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// QualifiedLieux lists the places with an approved qualification.
func (s *Store) QualifiedLieux(ctx context.Context) ([]string, error) {
	return s.strings(ctx, `SELECT lieu_id FROM pass_qualifications WHERE statut = ? ORDER BY lieu_id`, pass.QualificationApproved)
}

// LieuxActedFor lists the qualified places an account may redeem for.
func (s *Store) LieuxActedFor(ctx context.Context, accountID int64) ([]string, error) {
	return s.strings(ctx, `SELECT q.lieu_id FROM pass_qualifications q WHERE q.statut = ? AND (q.compte = ?
		OR EXISTS (SELECT 1 FROM revendications r WHERE r.lieu_id = q.lieu_id AND r.compte = ? AND r.statut = ?)) ORDER BY q.lieu_id`,
		pass.QualificationApproved, accountID, accountID, store.StatusApproved)
}

// LieuxPaidTo lists the places whose money an account may see.
func (s *Store) LieuxPaidTo(ctx context.Context, accountID int64) ([]string, error) {
	return s.strings(ctx, `SELECT DISTINCT q.lieu_id FROM pass_qualifications q WHERE q.statut IN (?, ?) AND (q.compte = ?
		OR EXISTS (SELECT 1 FROM revendications r WHERE r.lieu_id = q.lieu_id AND r.compte = ? AND r.statut = ?)) ORDER BY q.lieu_id`,
		pass.QualificationApproved, pass.QualificationWithdrawn, accountID, accountID, store.StatusApproved)
}

func (s *Store) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.readRows(ctx, s.q(query), args...)
	if err != nil {
		return nil, wrap("pass", nil, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, wrap("pass", nil, err)
		}
		out = append(out, v)
	}
	return out, wrap("pass", nil, rows.Err())
}

var _ = fmt.Sprint
