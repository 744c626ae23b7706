package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/pass"
)

var errStatementNotFound = failure.Errorf(failure.NotFound, "Relevé introuvable.")

const statementColumns = `id, lieu_id, mois, total_centimes, nb_pass, emis_at, paye_at, paye_par, virement`

func scanStatement(scan func(...any) error) (pass.Statement, error) {
	var st pass.Statement
	var issued, paid string
	err := scan(&st.ID, &st.LieuID, &st.Month, &st.TotalCents, &st.Passes, &issued, &paid, &st.PaidBy, &st.TransferRef)
	st.IssuedAt = parseTS(issued)
	if paid != "" {
		st.Paid, st.PaidAt = true, parseTS(paid)
	}
	return st, err
}

// IssueStatements issues a finished month's statements: one INSERT of
// the month's redemptions summed per place (read from an index that holds
// day, place and value), which the database checks statement by statement.
func (s *Store) IssueStatements(ctx context.Context, month, actor string) ([]pass.Statement, error) {
	if _, err := time.Parse("2006-01", month); err != nil {
		return nil, failure.Errorf(failure.Invalid, "Mois « %s » : attendu AAAA-MM.", month)
	}
	from, to := month+"-01", month+"-31"
	var out []pass.Statement
	err := s.tx(ctx, func(tx *Tx) error {
		if month >= pass.Month(tx.now) {
			return failure.Errorf(failure.Invalid, "Le mois %s n'est pas terminé : ses relevés s'émettent à partir du 1er du mois suivant.", month)
		}
		if s.dialect.Dollar {
			// One issuer at a time, and no redemption written meanwhile
			// (one begun before midnight of the month's last day).
			for _, lock := range []string{`LOCK TABLE pass_releves IN SHARE ROW EXCLUSIVE MODE`, `LOCK TABLE pass_utilisations IN SHARE MODE`, `LOCK TABLE pass_releve_corrections IN SHARE MODE`} {
				if _, err := tx.ExecContext(ctx, lock); err != nil {
					return err
				}
			}
		}
		// A statement is never issued below zero: corrections taking back
		// more than the month's redemptions stop the month, named.
		if err := s.negativeStatements(ctx, tx, month); err != nil {
			return err
		}
		// Place by place (those ever qualified: a redemption needs its
		// place's approved qualification, and qualifications are never
		// deleted; and those with a correction):
		// each sums its month from the index (place, day, value), in the
		// index's order, with nothing to sort.
		rows, err := tx.QueryContext(ctx, s.q(`INSERT INTO pass_releves (lieu_id, mois, total_centimes, nb_pass, emis_at, emis_par)
			SELECT g.lieu_id, ?, g.total + COALESCE((SELECT sum(k.montant_centimes) FROM pass_releve_corrections k WHERE k.lieu_id = g.lieu_id AND k.mois = ?), 0), g.nb, ?, ?
			FROM (SELECT l.lieu_id AS lieu_id, COALESCE(sum(u.valeur_centimes), 0) AS total, count(u.id) AS nb
			      FROM (SELECT lieu_id FROM pass_qualifications WHERE statut IN ('acceptee', 'retiree') UNION SELECT lieu_id FROM pass_releve_corrections WHERE mois = ?) l
			      LEFT JOIN pass_utilisations u ON u.lieu_id = l.lieu_id AND u.jour BETWEEN ? AND ?
			      GROUP BY l.lieu_id) g
			WHERE (g.nb > 0 OR EXISTS (SELECT 1 FROM pass_releve_corrections k WHERE k.lieu_id = g.lieu_id AND k.mois = ?))
			  AND NOT EXISTS (SELECT 1 FROM pass_releves r WHERE r.lieu_id = g.lieu_id AND r.mois = ?)
			RETURNING `+statementColumns), month, month, ts(tx.now), actor, month, from, to, month, month)
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

// negativeStatements refuses a month whose statement of some place would
// be below zero, naming the place, the month and its corrections.
func (s *Store) negativeStatements(ctx context.Context, tx *Tx, month string) error {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT k.lieu_id, k.id, k.montant_centimes, k.note,
			CAST((SELECT COALESCE(sum(u.valeur_centimes), 0) FROM pass_utilisations u WHERE u.lieu_id = k.lieu_id AND u.jour BETWEEN ? AND ?) AS BIGINT)
		FROM pass_releve_corrections k
		WHERE k.mois = ? AND NOT EXISTS (SELECT 1 FROM pass_releves r WHERE r.lieu_id = k.lieu_id AND r.mois = k.mois)
		ORDER BY k.lieu_id, k.id`), month+"-01", month+"-31", month)
	if err != nil {
		return err
	}
	defer rows.Close()
	type pending struct {
		used, total int64
		lines       []string
	}
	byPlace := map[string]*pending{}
	var places []string
	for rows.Next() {
		var lieu, note string
		var id, amount, used int64
		if err := rows.Scan(&lieu, &id, &amount, &note, &used); err != nil {
			return err
		}
		p := byPlace[lieu]
		if p == nil {
			p = &pending{used: used, total: used}
			byPlace[lieu] = p
			places = append(places, lieu)
		}
		p.total += amount
		p.lines = append(p.lines, fmt.Sprintf("n° %d %s « %s »", id, pass.Euros(amount), note))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var bad []string
	for _, lieu := range places {
		if p := byPlace[lieu]; p.total < 0 {
			bad = append(bad, fmt.Sprintf("lieu %s, %s : total %s (utilisations %s ; corrections %s)", lieu, month, pass.Euros(p.total), pass.Euros(p.used), strings.Join(p.lines, ", ")))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return failure.Errorf(failure.Invalid, "Relevés de %s non émis : un relevé ne descend pas en dessous de zéro, et celui-ci le ferait : %s. "+
		"Ajoutez pour ce lieu et ce mois une correction positive qui compense (motif : l'erreur qu'elle annule), puis émettez à nouveau.", month, strings.Join(bad, " ; "))
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
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT u.id, p.code, u.jour, u.service, u.valeur_centimes, p.commande, o.financeur
		FROM pass_utilisations u JOIN pass p ON p.id = u.pass JOIN pass_commandes o ON o.id = p.commande
		WHERE u.lieu_id = ? AND u.jour BETWEEN ? AND ? ORDER BY u.id`), st.LieuID, st.Month+"-01", st.Month+"-31")
	if err != nil {
		return st, wrap("relevé", nil, err)
	}
	for rows.Next() {
		l := pass.StatementLine{Kind: pass.LineRedemption}
		if err := rows.Scan(&l.RedemptionID, &l.Code, &l.Day, &l.Service, &l.AmountCents, &l.OrderID, &l.Financeur); err != nil {
			rows.Close()
			return st, wrap("relevé", nil, err)
		}
		st.Lines = append(st.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, wrap("relevé", nil, err)
	}
	rows, err = s.rdb.QueryContext(ctx, s.q(`SELECT COALESCE(k.corrige, 0), COALESCE(p.code, ''), COALESCE(u.jour, ''), COALESCE(u.service, ''), k.montant_centimes, k.note,
			COALESCE(p.commande, 0), COALESCE(o.financeur, 0)
		FROM pass_releve_corrections k LEFT JOIN pass_utilisations u ON u.id = k.corrige LEFT JOIN pass p ON p.id = u.pass LEFT JOIN pass_commandes o ON o.id = p.commande
		WHERE k.lieu_id = ? AND k.mois = ? ORDER BY k.id`), st.LieuID, st.Month)
	if err != nil {
		return st, wrap("relevé", nil, err)
	}
	defer rows.Close()
	for rows.Next() {
		l := pass.StatementLine{Kind: pass.LineCorrection}
		if err := rows.Scan(&l.RedemptionID, &l.Code, &l.Day, &l.Service, &l.AmountCents, &l.Note, &l.OrderID, &l.Financeur); err != nil {
			return st, wrap("relevé", nil, err)
		}
		st.Lines = append(st.Lines, l)
	}
	return st, wrap("relevé", nil, rows.Err())
}

// AddStatementCorrection adds a correction to a statement not yet issued.
func (s *Store) AddStatementCorrection(ctx context.Context, c pass.Correction, actor string) error {
	if _, err := time.Parse("2006-01", c.Month); err != nil {
		return failure.Errorf(failure.Invalid, "Mois « %s » : attendu AAAA-MM.", c.Month)
	}
	if c.AmountCents == 0 || c.Note == "" {
		return failure.Errorf(failure.Invalid, "Une correction a un montant (non nul) et un motif.")
	}
	var about any
	if c.RedemptionID > 0 {
		about = c.RedemptionID
	}
	return wrap("correction", nil, s.tx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM pass_releves WHERE lieu_id = ? AND mois = ?`), c.LieuID, c.Month).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return failure.Errorf(failure.Conflict, "Le relevé de %s de ce lieu est émis : il ne change plus ; portez la correction sur un mois suivant.", c.Month)
		}
		// A place the Pass numérique pays, and a redemption of that place
		// (the database's triggers of migration 042 say so too).
		if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM pass_qualifications WHERE lieu_id = ? AND statut IN (?, ?)`),
			c.LieuID, pass.QualificationApproved, pass.QualificationWithdrawn).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return failure.Errorf(failure.Invalid, "Correction, champ lieu « %s » : aucun lieu qualifié pour le Pass numérique (ou qui l'a été) n'a cet identifiant ; une correction porte sur un lieu que le Pass numérique paie.", c.LieuID)
		}
		if c.RedemptionID > 0 {
			var lieu, code string
			var value int64
			// Its row locked (PostgreSQL): two corrections of one
			// redemption at once are decided one after the other.
			err := tx.QueryRowContext(ctx, s.q(`SELECT u.lieu_id, u.valeur_centimes, p.code FROM pass_utilisations u JOIN pass p ON p.id = u.pass WHERE u.id = ?`+s.dialect.ForUpdate), c.RedemptionID).Scan(&lieu, &value, &code)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				return failure.Errorf(failure.NotFound, "Correction, champ utilisation « %d » : aucune utilisation n'a ce numéro.", c.RedemptionID)
			case err != nil:
				return err
			case lieu != c.LieuID:
				return failure.Errorf(failure.Invalid, "Correction, champ utilisation « %d » : c'est une utilisation du lieu %s, pas du lieu %s ; une correction porte sur une utilisation du lieu de son relevé.", c.RedemptionID, lieu, c.LieuID)
			case c.AmountCents > 0 || -c.AmountCents > value:
				return failure.Errorf(failure.Invalid, "Correction, champ montant « %s » : une correction de l'utilisation n° %d (pass %s, %s) la reprend : montant négatif, de %s au plus.",
					pass.Euros(c.AmountCents), c.RedemptionID, code, pass.Euros(value), pass.Euros(-value))
			}
			var prev int64
			var at string
			err = tx.QueryRowContext(ctx, s.q(`SELECT montant_centimes, at FROM pass_releve_corrections WHERE corrige = ? ORDER BY id LIMIT 1`), c.RedemptionID).Scan(&prev, &at)
			switch {
			case err == nil:
				return failure.Errorf(failure.Conflict, "Correction, champ utilisation « %d » : cette utilisation (pass %s) est déjà corrigée (%s, le %s) ; une utilisation se corrige une fois.",
					c.RedemptionID, code, pass.Euros(prev), pass.Day(parseTS(at)))
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_releve_corrections (lieu_id, mois, corrige, montant_centimes, note, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)`),
			c.LieuID, c.Month, about, c.AmountCents, c.Note, ts(tx.now), actor); err != nil {
			if isForeignKey(err) {
				return failure.Errorf(failure.NotFound, "Utilisation introuvable.")
			}
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "corriger", Kind: "releve_pass", ObjectID: c.LieuID + " " + c.Month,
			After: audit.JSON(map[string]any{"montant_centimes": c.AmountCents, "motif": c.Note, "utilisation": c.RedemptionID})})
	}))
}

// PendingCorrections lists the corrections not yet on an issued statement.
func (s *Store) PendingCorrections(ctx context.Context, month string) ([]pass.PendingCorrection, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT k.id, k.lieu_id, k.mois, COALESCE(k.corrige, 0), COALESCE(p.code, ''), k.montant_centimes, k.note, k.at,
			CAST((SELECT COALESCE(sum(v.valeur_centimes), 0) FROM pass_utilisations v WHERE v.lieu_id = k.lieu_id AND v.jour BETWEEN k.mois || '-01' AND k.mois || '-31') AS BIGINT),
			(SELECT count(*) FROM pass_utilisations v WHERE v.lieu_id = k.lieu_id AND v.jour BETWEEN k.mois || '-01' AND k.mois || '-31')
		FROM pass_releve_corrections k LEFT JOIN pass_utilisations u ON u.id = k.corrige LEFT JOIN pass p ON p.id = u.pass
		WHERE (? = '' OR k.mois = ?) AND NOT EXISTS (SELECT 1 FROM pass_releves r WHERE r.lieu_id = k.lieu_id AND r.mois = k.mois)
		ORDER BY k.lieu_id, k.mois, k.id`), month, month)
	if err != nil {
		return nil, wrap("corrections", nil, err)
	}
	defer rows.Close()
	var out []pass.PendingCorrection
	for rows.Next() {
		var c pass.PendingCorrection
		var at string
		if err := rows.Scan(&c.ID, &c.LieuID, &c.Month, &c.RedemptionID, &c.Code, &c.AmountCents, &c.Note, &at, &c.UsedCents, &c.Passes); err != nil {
			return nil, wrap("corrections", nil, err)
		}
		c.At = parseTS(at)
		out = append(out, c)
	}
	return out, wrap("corrections", nil, rows.Err())
}

// MarkPaid marks a statement paid, once.
func (s *Store) MarkPaid(ctx context.Context, id int64, ref, actor string) error {
	if ref == "" || len(ref) > 200 {
		return failure.Errorf(failure.Invalid, "La référence du virement est obligatoire (200 caractères au plus).")
	}
	return wrap("relevé", nil, s.tx(ctx, func(tx *Tx) error {
		var paid, lieu, issued string
		var total int64
		if err := tx.QueryRowContext(ctx, s.q(`SELECT paye_at, lieu_id, emis_at, total_centimes FROM pass_releves WHERE id = ?`+s.dialect.ForUpdate), id).Scan(&paid, &lieu, &issued, &total); err != nil {
			return wrap("relevé", errStatementNotFound, err)
		}
		if paid != "" {
			return failure.Errorf(failure.Conflict, "Ce relevé est déjà marqué payé.")
		}
		if total <= 0 {
			return failure.Errorf(failure.Invalid, "Relevé n° %d : montant %s, rien à payer ; il ne se marque pas payé.", id, pass.Euros(total))
		}
		// A payment names the account it was paid to: the statement's
		// payee must have bank details.
		qs, err := s.qualificationsOf(ctx, tx, lieu)
		if err != nil {
			return err
		}
		if q, ok := pass.PayeeOf(qs, lieu, parseTS(issued)); !ok || q.IBAN == "" {
			return failure.Errorf(failure.Conflict, "Le lieu %s n'a pas de coordonnées bancaires : sa qualification n'a pas d'IBAN, le relevé ne peut pas être payé. Retirez la qualification du lieu (motif : coordonnées bancaires) puis qualifiez-le de nouveau avec son IBAN et le titulaire du compte ; le relevé sera alors payable sur ce compte.", lieu)
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
			n, err := s.movePasses(ctx, tx, pass.Credite, actor, `commande = ? AND etat IN ('emis', 'injecte', 'bloque')`, o.id)
			if err != nil {
				return err
			}
			// Dated by the instant it was judged at (its order's last day
			// over then), which the database checks (migration 046).
			cn := pass.CreditNote{OrderID: o.id, Passes: int(n), AmountCents: n * o.value, IssuedAt: now}
			if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO pass_avoirs (commande, valeur_centimes, nb_pass, montant_centimes, emis_at, emis_par) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
				o.id, o.value, n, cn.AmountCents, ts(now), actor).Scan(&cn.ID); err != nil {
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
