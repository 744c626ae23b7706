package accountsql

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/pass"
)

var errStatementNotFound = failure.Errorf(failure.NotFound, "Relevé introuvable.")

const statementColumns = `id, lieu_id, mois, total_centimes, nb_lignes, emis_at, paye_at, paye_par, virement`

func scanStatement(scan func(...any) error) (pass.Statement, error) {
	var st pass.Statement
	var issued, paid string
	var lines int
	err := scan(&st.ID, &st.LieuID, &st.Month, &st.TotalCents, &lines, &issued, &paid, &st.PaidBy, &st.TransferRef)
	st.IssuedAt = parseTS(issued)
	if paid != "" {
		st.Paid, st.PaidAt = true, parseTS(paid)
	}
	st.LineCount = lines
	return st, err
}

// IssueStatements issues a finished month's statements: lines first, then
// the statements, whose totals the database checks against their lines.
func (s *Store) IssueStatements(ctx context.Context, month, actor string) ([]pass.Statement, error) {
	first, err := time.Parse("2006-01", month)
	if err != nil {
		return nil, failure.Errorf(failure.Invalid, "Mois « %s » : attendu AAAA-MM.", month)
	}
	next := first.AddDate(0, 1, 0).Format(pass.DateLayout)
	var out []pass.Statement
	err = s.tx(ctx, func(tx *Tx) error {
		if month >= pass.Month(tx.now) {
			return failure.Errorf(failure.Invalid, "Le mois %s n'est pas terminé : ses relevés s'émettent à partir du 1er du mois suivant.", month)
		}
		if s.dialect.Dollar {
			// One issuer at a time: two would write the same lines.
			if _, err := tx.ExecContext(ctx, `LOCK TABLE pass_releves IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_releve_lignes (lieu_id, mois, type, utilisation, montant_centimes)
			SELECT u.lieu_id, ?, 'utilisation', u.id, u.valeur_centimes FROM pass_utilisations u
			WHERE u.jour < ? AND NOT EXISTS (SELECT 1 FROM pass_releve_lignes l WHERE l.utilisation = u.id)
			  AND NOT EXISTS (SELECT 1 FROM pass_releves r WHERE r.lieu_id = u.lieu_id AND r.mois = ?)
			ORDER BY u.id`), month, next, month); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, s.q(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_lignes, emis_at, emis_par)
			SELECT l.lieu_id, l.mois, sum(l.montant_centimes), count(*), ?, ? FROM pass_releve_lignes l
			WHERE l.mois = ? AND NOT EXISTS (SELECT 1 FROM pass_releves r WHERE r.lieu_id = l.lieu_id AND r.mois = l.mois)
			GROUP BY l.lieu_id, l.mois ORDER BY l.lieu_id
			RETURNING `+statementColumns), ts(tx.now), actor, month)
		if err != nil {
			return err
		}
		var total int64
		for rows.Next() {
			st, err := scanStatement(rows.Scan)
			if err != nil {
				rows.Close()
				return err
			}
			total += st.TotalCents
			out = append(out, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		slices.SortFunc(out, func(a, b pass.Statement) int { return strings.Compare(a.LieuID, b.LieuID) })
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "emettre", Kind: "releves_pass", ObjectID: month,
			After: audit.JSON(map[string]any{"releves": len(out), "total_centimes": total})})
	})
	return out, wrap("relevés", nil, err)
}

// Statements lists statements (without their lines).
func (s *Store) Statements(ctx context.Context, month, lieuID string) ([]pass.Statement, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+statementColumns+` FROM pass_releves WHERE (? = '' OR mois = ?) AND (? = '' OR lieu_id = ?) ORDER BY mois, lieu_id`), month, month, lieuID, lieuID)
	if err != nil {
		return nil, wrap("relevés", nil, err)
	}
	defer rows.Close()
	var out []pass.Statement
	for rows.Next() {
		st, err := scanStatement(rows.Scan)
		if err != nil {
			return nil, wrap("relevés", nil, err)
		}
		out = append(out, st)
	}
	return out, wrap("relevés", nil, rows.Err())
}

// Statement reads a statement with its lines.
func (s *Store) Statement(ctx context.Context, id int64) (pass.Statement, error) {
	st, err := scanStatement(s.rdb.QueryRowContext(ctx, s.q(`SELECT `+statementColumns+` FROM pass_releves WHERE id = ?`), id).Scan)
	if err != nil {
		return st, wrap("relevé", errStatementNotFound, err)
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT l.type, COALESCE(l.utilisation, l.corrige, 0), COALESCE(p.code, ''), COALESCE(u.jour, ''), COALESCE(u.service, ''), l.montant_centimes, l.note
		FROM pass_releve_lignes l LEFT JOIN pass_utilisations u ON u.id = COALESCE(l.utilisation, l.corrige) LEFT JOIN pass p ON p.id = u.pass
		WHERE l.lieu_id = ? AND l.mois = ? ORDER BY l.id`), st.LieuID, st.Month)
	if err != nil {
		return st, wrap("relevé", nil, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l pass.StatementLine
		if err := rows.Scan(&l.Kind, &l.RedemptionID, &l.Code, &l.Day, &l.Service, &l.AmountCents, &l.Note); err != nil {
			return st, wrap("relevé", nil, err)
		}
		st.Lines = append(st.Lines, l)
	}
	return st, wrap("relevé", nil, rows.Err())
}

// MarkPaid marks a statement paid, once.
func (s *Store) MarkPaid(ctx context.Context, id int64, ref, actor string) error {
	if ref == "" || len(ref) > 200 {
		return failure.Errorf(failure.Invalid, "La référence du virement est obligatoire (200 caractères au plus).")
	}
	return wrap("relevé", nil, s.tx(ctx, func(tx *Tx) error {
		var paid string
		if err := tx.QueryRowContext(ctx, s.q(`SELECT paye_at FROM pass_releves WHERE id = ?`+s.dialect.ForUpdate), id).Scan(&paid); err != nil {
			return wrap("relevé", errStatementNotFound, err)
		}
		if paid != "" {
			return failure.Errorf(failure.Conflict, "Ce relevé est déjà marqué payé.")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE pass_releves SET paye_at = ?, paye_par = ?, virement = ? WHERE id = ?`), ts(tx.now), actor, ref, id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "payer", Kind: "releve_pass", ObjectID: fmt.Sprint(id),
			After: audit.JSON(map[string]any{"virement": ref})})
	}))
}

// CreditExpired credits back the unused passes of the ended orders.
func (s *Store) CreditExpired(ctx context.Context, now time.Time, actor string) ([]pass.CreditNote, error) {
	today := pass.Day(now)
	var out []pass.CreditNote
	err := s.tx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT id, valeur_centimes FROM pass_commandes c WHERE dernier_jour < ? AND NOT EXISTS (SELECT 1 FROM pass_avoirs a WHERE a.commande = c.id) ORDER BY id`+s.dialect.ForUpdate), today)
		if err != nil {
			return err
		}
		type ended struct{ id, value int64 }
		var orders []ended
		for rows.Next() {
			var e ended
			if err := rows.Scan(&e.id, &e.value); err != nil {
				rows.Close()
				return err
			}
			orders = append(orders, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, o := range orders {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_evenements (pass, type, actor, at) SELECT id, 'credite', ?, ? FROM pass WHERE commande = ? AND etat IN ('emis', 'injecte', 'bloque')`), actor, ts(tx.now), o.id); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, s.q(`UPDATE pass SET etat = 'credite' WHERE commande = ? AND etat IN ('emis', 'injecte', 'bloque')`), o.id)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			cn := pass.CreditNote{OrderID: o.id, Passes: int(n), AmountCents: n * o.value, IssuedAt: tx.now}
			if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO pass_avoirs (commande, valeur_centimes, nb_pass, montant_centimes, emis_at, emis_par) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
				o.id, o.value, n, cn.AmountCents, ts(tx.now), actor).Scan(&cn.ID); err != nil {
				return err
			}
			if err := s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "crediter", Kind: "commande_pass", ObjectID: fmt.Sprint(o.id),
				After: audit.JSON(map[string]any{"avoir": cn.ID, "pass": n, "montant_centimes": cn.AmountCents})}); err != nil {
				return err
			}
			out = append(out, cn)
		}
		return nil
	})
	return out, wrap("avoirs", nil, err)
}

// CreditNotes lists credit notes.
func (s *Store) CreditNotes(ctx context.Context, orderID int64) ([]pass.CreditNote, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id, commande, nb_pass, montant_centimes, emis_at FROM pass_avoirs WHERE ? = 0 OR commande = ? ORDER BY id`), orderID, orderID)
	if err != nil {
		return nil, wrap("avoirs", nil, err)
	}
	defer rows.Close()
	var out []pass.CreditNote
	for rows.Next() {
		var cn pass.CreditNote
		var at string
		if err := rows.Scan(&cn.ID, &cn.OrderID, &cn.Passes, &cn.AmountCents, &at); err != nil {
			return nil, wrap("avoirs", nil, err)
		}
		cn.IssuedAt = parseTS(at)
		out = append(out, cn)
	}
	return out, wrap("avoirs", nil, rows.Err())
}
