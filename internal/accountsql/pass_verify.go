package accountsql

import (
	"context"
	"fmt"

	"maillage/internal/pass"
)

// VerifyPass re-derives every pass's state from its events and checks the
// ledger's invariants again, in Go, whatever the database enforced: codes
// with their check character, each order's carnets and passes counted and
// valued, redemptions, statements and credit notes.
func (s *Store) VerifyPass(ctx context.Context) ([]string, error) {
	var out []string
	// 1. Each pass's state is what its events say.
	rows, err := s.rdb.QueryContext(ctx, `SELECT p.id, p.code, p.etat, COALESCE(e.type, '') FROM pass p LEFT JOIN pass_evenements e ON e.pass = p.id ORDER BY p.id, e.id`)
	if err != nil {
		return nil, wrap("vérification", nil, err)
	}
	var cur int64
	var code, state string
	var events []pass.State
	flush := func() {
		if cur == 0 {
			return
		}
		derived, ok := pass.Derive(events)
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("pass %s : événements hors du circuit (%v)", code, events))
		case string(derived) != state:
			out = append(out, fmt.Sprintf("pass %s : état enregistré « %s », les événements donnent « %s »", code, state, derived))
		}
	}
	for rows.Next() {
		var id int64
		var c, st, e string
		if err := rows.Scan(&id, &c, &st, &e); err != nil {
			rows.Close()
			return nil, wrap("vérification", nil, err)
		}
		if id != cur {
			flush()
			cur, code, state, events = id, c, st, events[:0]
			// Its code as issued: prefix, groups, check character.
			if pass.Canonical(c, pass.KindPass) != c {
				out = append(out, fmt.Sprintf("pass %s : code invalide (préfixe, longueur ou caractère de contrôle)", c))
			}
		}
		if e != "" {
			events = append(events, pass.State(e))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("vérification", nil, err)
	}
	flush()
	// Each carnet's code as issued too.
	carnets, err := s.strings(ctx, `SELECT code FROM pass_carnets ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for _, c := range carnets {
		if pass.Canonical(c, pass.KindCarnet) != c {
			out = append(out, fmt.Sprintf("carnet %s : code invalide (préfixe, longueur ou caractère de contrôle)", c))
		}
	}
	for _, check := range []struct {
		query string
		say   string
	}{
		// 2. Each order has its carnets of its passes, each of its value.
		{`SELECT CAST(c.id AS TEXT) || ' : ' || CAST((SELECT count(*) FROM pass p WHERE p.commande = c.id) AS TEXT) || ' pass, '
			|| CAST(c.nb_carnets AS TEXT) || ' carnet(s) de ' || CAST(c.pass_par_carnet AS TEXT) || ' en demandent '
			|| CAST(c.nb_carnets * c.pass_par_carnet AS TEXT)
			FROM pass_commandes c WHERE (SELECT count(*) FROM pass p WHERE p.commande = c.id) <> c.nb_carnets * c.pass_par_carnet ORDER BY c.id`,
			"commande %s"},
		{`SELECT CAST(c.id AS TEXT) || ' : ' || CAST((SELECT count(*) FROM pass_carnets k WHERE k.commande = c.id) AS TEXT) || ' carnet(s), '
			|| CAST(c.nb_carnets AS TEXT) || ' commandé(s)'
			FROM pass_commandes c WHERE (SELECT count(*) FROM pass_carnets k WHERE k.commande = c.id) <> c.nb_carnets ORDER BY c.id`,
			"commande %s"},
		{`SELECT k.code || ' : ' || CAST(count(p.id) AS TEXT) || ' pass, sa commande en met ' || CAST(c.pass_par_carnet AS TEXT)
			FROM pass_carnets k JOIN pass_commandes c ON c.id = k.commande LEFT JOIN pass p ON p.carnet = k.id
			GROUP BY k.id, k.code, c.pass_par_carnet HAVING count(p.id) <> c.pass_par_carnet ORDER BY k.id`,
			"carnet %s"},
		{`SELECT p.code || ' : ' || CAST(p.valeur_centimes AS TEXT) || ' centimes, sa commande ' || CAST(c.id AS TEXT) || ' en vaut ' || CAST(c.valeur_centimes AS TEXT)
			FROM pass p JOIN pass_commandes c ON c.id = p.commande WHERE p.valeur_centimes <> c.valeur_centimes ORDER BY p.id`,
			"pass %s"},
		// Used ⇔ exactly one redemption.
		{`SELECT p.code FROM pass p WHERE (p.etat = 'utilise') <> EXISTS (SELECT 1 FROM pass_utilisations u WHERE u.pass = p.id) ORDER BY p.id`,
			"pass %s : son état et ses utilisations ne concordent pas"},
		{`SELECT p.code FROM pass p JOIN pass_utilisations u ON u.pass = p.id GROUP BY p.id, p.code HAVING count(*) > 1 ORDER BY p.id`,
			"pass %s : utilisé plusieurs fois"},
		// 3. Each redemption within the rules of its order, by a place
		// qualified then (approved before it, not withdrawn before it).
		// Its place was inside the order's perimeter when it was written
		// (the database's trigger); places move, so it is not judged again.
		{`SELECT p.code FROM pass_utilisations u JOIN pass p ON p.id = u.pass JOIN pass_commandes c ON c.id = u.commande
			WHERE u.jour > c.dernier_jour OR u.valeur_centimes <> c.valeur_centimes OR p.commande <> u.commande
			   OR NOT EXISTS (SELECT 1 FROM pass_commande_services sv WHERE sv.commande = u.commande AND sv.service = u.service)
			   OR NOT EXISTS (SELECT 1 FROM pass_qualifications q WHERE q.lieu_id = u.lieu_id AND q.decided_at <= u.at
			                  AND (q.statut = 'acceptee' OR (q.statut = 'retiree' AND q.retire_at >= u.at)))
			   OR NOT EXISTS (SELECT 1 FROM pass_idempotence k WHERE k.compte = u.compte AND k.cle = u.cle)
			ORDER BY u.id`,
			"utilisation du pass %s : hors des règles de sa commande (date, valeur, service, lieu ou clé)"},
		{`SELECT DISTINCT CAST(p.commande AS TEXT) FROM pass p WHERE p.etat = 'credite' AND NOT EXISTS (SELECT 1 FROM pass_avoirs a WHERE a.commande = p.commande)`,
			"commande %s : des pass crédités sans avoir"},
	} {
		found, err := s.strings(ctx, check.query)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			out = append(out, fmt.Sprintf(check.say, f))
		}
	}
	// Each redemption of the Paris day of its instant, not before its
	// order nor its carnet's handing (the database's rule since migration
	// 048; review 10A2 MAJOR 5).
	rows, err = s.readRows(ctx, `SELECT p.code, u.jour, u.at, c.created_at, COALESCE(k.remis_at, '')
		FROM pass_utilisations u JOIN pass p ON p.id = u.pass JOIN pass_commandes c ON c.id = u.commande
		LEFT JOIN pass_carnets k ON k.id = p.carnet ORDER BY u.id`)
	if err != nil {
		return nil, wrap("vérification", nil, err)
	}
	for rows.Next() {
		var c, day, at, ordered, handed string
		if err := rows.Scan(&c, &day, &at, &ordered, &handed); err != nil {
			rows.Close()
			return nil, wrap("vérification", nil, err)
		}
		t := parseTS(at)
		switch {
		case t.IsZero() || pass.Day(t) != day:
			out = append(out, fmt.Sprintf("utilisation du pass %s : jour %s, son instant %q", c, day, at))
		case t.Before(parseTS(ordered)) || handed == "" || t.Before(parseTS(handed)):
			out = append(out, fmt.Sprintf("utilisation du pass %s : à %q, avant sa commande (%q) ou la remise de son carnet (%q)", c, at, ordered, handed))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("vérification", nil, err)
	}
	// 4. Statements equal to the sum of their month's redemptions and
	// corrections, and 5. each credit note counts its order's credited
	// passes: both say the values that differ.
	figures, err := s.verifyFigures(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, figures...), nil
}

// verifyFigures checks each statement's total and count, and each credit
// note's, against what they sum up, giving both values when they differ.
func (s *Store) verifyFigures(ctx context.Context) ([]string, error) {
	var out []string
	rows, err := s.readRows(ctx, s.q(`SELECT r.lieu_id, r.mois, r.emis_at, r.total_centimes, r.nb_pass,
		CAST((SELECT COALESCE(sum(u.valeur_centimes), 0) FROM pass_utilisations u WHERE u.lieu_id = r.lieu_id AND u.jour BETWEEN r.mois || '-01' AND r.mois || '-31') AS BIGINT),
		CAST((SELECT COALESCE(sum(k.montant_centimes), 0) FROM pass_releve_corrections k WHERE k.lieu_id = r.lieu_id AND k.mois = r.mois) AS BIGINT),
		(SELECT count(*) FROM pass_utilisations u WHERE u.lieu_id = r.lieu_id AND u.jour BETWEEN r.mois || '-01' AND r.mois || '-31')
		FROM pass_releves r ORDER BY r.id`))
	if err != nil {
		return nil, wrap("vérification", nil, err)
	}
	for rows.Next() {
		var lieu, month, issued string
		var total, used, corrected int64
		var passes, redemptions int
		if err := rows.Scan(&lieu, &month, &issued, &total, &passes, &used, &corrected, &redemptions); err != nil {
			rows.Close()
			return nil, wrap("vérification", nil, err)
		}
		// Issued once its month is over in Paris (review 10A2 MAJOR 8).
		if at := parseTS(issued); at.IsZero() || pass.Month(at) <= month {
			out = append(out, fmt.Sprintf("relevé %s %s : émis le %q, avant la fin de son mois", lieu, month, issued))
		}
		if total != used+corrected {
			out = append(out, fmt.Sprintf("relevé %s %s : total %s, somme %s (utilisations %s, corrections %s)",
				lieu, month, pass.Euros(total), pass.Euros(used+corrected), pass.Euros(used), pass.Euros(corrected)))
		}
		if passes != redemptions {
			out = append(out, fmt.Sprintf("relevé %s %s : %d pass comptés, %d utilisations ce mois", lieu, month, passes, redemptions))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("vérification", nil, err)
	}
	// The credit note's value and last day are its order's (a foreign key
	// SQLite enforces only on connections that ask: review 10A2 MAJOR 9).
	rows, err = s.readRows(ctx, s.q(`SELECT a.commande, a.nb_pass, a.valeur_centimes, a.montant_centimes,
		(SELECT count(*) FROM pass p WHERE p.commande = a.commande AND p.etat = 'credite'),
		a.emis_at, COALESCE(c.valeur_centimes, 0), COALESCE(c.dernier_jour, '')
		FROM pass_avoirs a LEFT JOIN pass_commandes c ON c.id = a.commande ORDER BY a.id`))
	if err != nil {
		return nil, wrap("vérification", nil, err)
	}
	defer rows.Close()
	for rows.Next() {
		var order, value, amount, orderValue int64
		var passes, credited int
		var issued, lastDay string
		if err := rows.Scan(&order, &passes, &value, &amount, &credited, &issued, &orderValue, &lastDay); err != nil {
			return nil, wrap("vérification", nil, err)
		}
		if value != orderValue {
			out = append(out, fmt.Sprintf("avoir de la commande %d : valeur %s, la commande en vaut %s", order, pass.Euros(value), pass.Euros(orderValue)))
		}
		if want := int64(credited) * orderValue; amount != want {
			out = append(out, fmt.Sprintf("avoir de la commande %d : montant %s, ses %d pass crédités à %s font %s", order, pass.Euros(amount), credited, pass.Euros(orderValue), pass.Euros(want)))
		}
		if at := parseTS(issued); at.IsZero() || pass.Day(at) <= lastDay {
			out = append(out, fmt.Sprintf("avoir de la commande %d : émis le %q, dernier jour de la commande %s", order, issued, lastDay))
		}
		if passes != credited {
			out = append(out, fmt.Sprintf("avoir de la commande %d : %d pass comptés, %d pass crédités", order, passes, credited))
		}
		if amount != int64(passes)*value {
			out = append(out, fmt.Sprintf("avoir de la commande %d : montant %s, %d × %s = %s", order, pass.Euros(amount), passes, pass.Euros(value), pass.Euros(int64(passes)*value)))
		}
	}
	return out, wrap("vérification", nil, rows.Err())
}

// PassLedgerSize counts what VerifyPass checks.
func (s *Store) PassLedgerSize(ctx context.Context) (pass.LedgerSize, error) {
	var n pass.LedgerSize
	err := s.rdb.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM pass), (SELECT count(*) FROM pass_utilisations),
		(SELECT count(*) FROM pass_releves), (SELECT count(*) FROM pass_avoirs)`).Scan(&n.Passes, &n.Redemptions, &n.Statements, &n.CreditNotes)
	return n, wrap("vérification", nil, err)
}
