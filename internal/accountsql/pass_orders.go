package accountsql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/pass"
	"maillage/internal/store"
)

var (
	errOrderNotFound  = failure.Errorf(failure.NotFound, "Commande introuvable.")
	errCarnetNotFound = failure.Errorf(failure.NotFound, "Carnet introuvable : vérifiez son code.")
	errPassNotFound   = failure.Errorf(failure.NotFound, "Pass introuvable : vérifiez son code.")
)

const orderColumns = `id, financeur, nb_carnets, pass_par_carnet, valeur_centimes, fin_validite, tolerance_jours, perimetre, publics, texte_imprime, created_at, created_by`

func scanOrder(scan func(...any) error) (pass.Order, error) {
	var o pass.Order
	var perimeter, created string
	if err := scan(&o.ID, &o.Financeur, &o.Carnets, &o.PassesPerCarnet, &o.ValueCents, &o.ValidUntil, &o.ToleranceDays, &perimeter, &o.Publics, &o.PrintedText, &created, &o.CreatedBy); err != nil {
		return o, err
	}
	o.Created = parseTS(created)
	zs, err := pass.ParsePerimeter(perimeter)
	if err != nil {
		return o, fmt.Errorf("commande %d : périmètre %q : %w", o.ID, perimeter, err)
	}
	o.Perimeter = zs
	return o, nil
}

// CreateOrder records an order and issues its carnets and passes.
func (s *Store) CreateOrder(ctx context.Context, o pass.Order, actor string) (pass.Order, error) {
	if err := o.Validate(); err != nil {
		return o, err
	}
	err := s.tx(ctx, func(tx *Tx) error {
		var role string
		if err := tx.QueryRowContext(ctx, s.q(`SELECT role FROM comptes WHERE id = ? AND deleted_at = ''`), o.Financeur).Scan(&role); err != nil {
			return wrap("commande", failure.Errorf(failure.NotFound, "Financeur introuvable."), err)
		}
		if role != string(account.Financeur) {
			return failure.Errorf(failure.Invalid, "Ce compte n'est pas un financeur (rôle « %s »).", role)
		}
		if err := o.CheckEnd(pass.Day(tx.now)); err != nil {
			return err
		}
		o.Created, o.CreatedBy = tx.now, actor
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO pass_commandes (financeur, nb_carnets, pass_par_carnet, valeur_centimes, fin_validite, tolerance_jours, dernier_jour, perimetre, publics, texte_imprime, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			o.Financeur, o.Carnets, o.PassesPerCarnet, o.ValueCents, o.ValidUntil, o.ToleranceDays, o.LastDay(), pass.FormatPerimeter(o.Perimeter), o.Publics, o.PrintedText, ts(tx.now), actor).Scan(&o.ID); err != nil {
			return err
		}
		for _, sv := range o.Services {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_commande_services (commande, service) VALUES (?, ?) ON CONFLICT DO NOTHING`), o.ID, sv); err != nil {
				return err
			}
		}
		for _, z := range o.Perimeter {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_commande_zones (commande, type, code) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`), o.ID, z.Kind, z.Code); err != nil {
				return err
			}
		}
		// A carnet at a time: its row, its passes in one INSERT, their
		// events in one INSERT … SELECT (three statements, not 2M+1).
		at := ts(tx.now)
		insertPasses := s.q(`INSERT INTO pass (commande, carnet, code, valeur_centimes, etat) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, 'emis'), ", o.PassesPerCarnet), ", "))
		args := make([]any, 0, 4*o.PassesPerCarnet)
		for c := 0; c < o.Carnets; c++ {
			var carnet int64
			if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO pass_carnets (commande, code) VALUES (?, ?) RETURNING id`), o.ID, pass.NewCode(pass.KindCarnet).String()).Scan(&carnet); err != nil {
				return err
			}
			args = args[:0]
			for p := 0; p < o.PassesPerCarnet; p++ {
				args = append(args, o.ID, carnet, pass.NewCode(pass.KindPass).String(), o.ValueCents)
			}
			if _, err := tx.ExecContext(ctx, insertPasses, args...); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_evenements (pass, type, actor, at) SELECT id, 'emis', ?, ? FROM pass WHERE carnet = ? ORDER BY id`), actor, at, carnet); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "creer", Kind: "commande_pass", ObjectID: fmt.Sprint(o.ID),
			After: audit.JSON(map[string]any{"financeur": o.Financeur, "carnets": o.Carnets, "pass_par_carnet": o.PassesPerCarnet,
				"valeur_centimes": o.ValueCents, "fin_validite": o.ValidUntil, "tolerance_jours": o.ToleranceDays,
				"perimetre": pass.FormatPerimeter(o.Perimeter), "services": o.Services})})
	})
	if err != nil {
		return o, wrap("commande", nil, err)
	}
	return o, nil
}

// order reads an order (cached: orders never change once recorded).
func (s *Store) order(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, id int64) (pass.Order, error) {
	if o, ok := s.orders.Load(id); ok {
		return o.(pass.Order), nil
	}
	o, err := scanOrder(q.QueryRowContext(ctx, s.q(`SELECT `+orderColumns+` FROM pass_commandes WHERE id = ?`), id).Scan)
	if err != nil {
		return o, wrap("commande", errOrderNotFound, err)
	}
	rows, err := q.QueryContext(ctx, s.q(`SELECT service FROM pass_commande_services WHERE commande = ? ORDER BY service`), id)
	if err != nil {
		return o, err
	}
	defer rows.Close()
	for rows.Next() {
		var sv string
		if err := rows.Scan(&sv); err != nil {
			return o, err
		}
		o.Services = append(o.Services, sv)
	}
	if err := rows.Err(); err != nil {
		return o, err
	}
	s.orders.Store(id, o)
	return o, nil
}

// Order reads an order.
func (s *Store) Order(ctx context.Context, id int64) (pass.Order, error) {
	return s.order(ctx, s.rdb, id)
}

// Orders lists orders.
func (s *Store) Orders(ctx context.Context, financeur int64) ([]pass.Order, error) {
	return s.ordersWhere(ctx, `? = 0 OR financeur = ?`, financeur, financeur)
}

// OrdersEnding lists the orders ending between from and to.
func (s *Store) OrdersEnding(ctx context.Context, from, to string) ([]pass.Order, error) {
	return s.ordersWhere(ctx, `fin_validite >= ? AND fin_validite <= ?`, from, to)
}

func (s *Store) ordersWhere(ctx context.Context, where string, args ...any) ([]pass.Order, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT id FROM pass_commandes WHERE `+where+` ORDER BY id`), args...)
	if err != nil {
		return nil, wrap("commandes", nil, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, wrap("commandes", nil, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap("commandes", nil, err)
	}
	out := make([]pass.Order, 0, len(ids))
	for _, id := range ids {
		o, err := s.order(ctx, s.rdb, id)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

const carnetColumns = `c.id, c.commande, c.code, COALESCE(c.distributeur, 0), c.attribue_at, c.remis_at, c.tranche_age, c.commune, (SELECT count(*) FROM pass p WHERE p.carnet = c.id)`

func scanCarnet(scan func(...any) error) (pass.Carnet, error) {
	var c pass.Carnet
	var assigned, handed, age string
	err := scan(&c.ID, &c.OrderID, &c.Code, &c.Distributeur, &assigned, &handed, &age, &c.Commune, &c.Passes)
	c.AgeBand = pass.AgeBand(age)
	if assigned != "" {
		c.AssignedAt = parseTS(assigned)
	}
	if handed != "" {
		c.Handed, c.HandedAt = true, parseTS(handed)
	}
	return c, err
}

// Carnets lists carnets.
func (s *Store) Carnets(ctx context.Context, f store.CarnetFilter) ([]pass.Carnet, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT `+carnetColumns+` FROM pass_carnets c WHERE (? = 0 OR c.commande = ?) AND (? = 0 OR c.distributeur = ?) ORDER BY c.id`),
		f.OrderID, f.OrderID, f.Distributeur, f.Distributeur)
	if err != nil {
		return nil, wrap("carnets", nil, err)
	}
	defer rows.Close()
	var out []pass.Carnet
	for rows.Next() {
		c, err := scanCarnet(rows.Scan)
		if err != nil {
			return nil, wrap("carnets", nil, err)
		}
		out = append(out, c)
	}
	return out, wrap("carnets", nil, rows.Err())
}

// PassCounts counts an order's passes by state (the index on (commande,
// etat) answers it) and its used passes by carnet.
func (s *Store) PassCounts(ctx context.Context, orderID int64) (store.PassCounts, error) {
	c := store.PassCounts{ByState: map[pass.State]int{}, UsedByCarnet: map[int64]int{}}
	for _, st := range pass.States {
		c.ByState[st] = 0
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT etat, count(*) FROM pass WHERE commande = ? GROUP BY etat`), orderID)
	if err != nil {
		return c, wrap("pass", nil, err)
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return c, wrap("pass", nil, err)
		}
		c.ByState[pass.State(st)] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, wrap("pass", nil, err)
	}
	rows, err = s.rdb.QueryContext(ctx, s.q(`SELECT carnet, count(*) FROM pass WHERE commande = ? AND etat = ? GROUP BY carnet`), orderID, string(pass.Utilise))
	if err != nil {
		return c, wrap("pass", nil, err)
	}
	defer rows.Close()
	for rows.Next() {
		var carnet int64
		var n int
		if err := rows.Scan(&carnet, &n); err != nil {
			return c, wrap("pass", nil, err)
		}
		c.UsedByCarnet[carnet] = n
	}
	return c, wrap("pass", nil, rows.Err())
}

// Passes lists an order's or a carnet's passes.
func (s *Store) Passes(ctx context.Context, orderID, carnetID int64) ([]pass.Pass, error) {
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT p.id, p.commande, p.carnet, c.code, p.code, p.valeur_centimes, p.etat FROM pass p JOIN pass_carnets c ON c.id = p.carnet
		WHERE (? = 0 OR p.commande = ?) AND (? = 0 OR p.carnet = ?) ORDER BY p.id`), orderID, orderID, carnetID, carnetID)
	if err != nil {
		return nil, wrap("pass", nil, err)
	}
	defer rows.Close()
	var out []pass.Pass
	for rows.Next() {
		var p pass.Pass
		var st string
		if err := rows.Scan(&p.ID, &p.OrderID, &p.CarnetID, &p.CarnetCode, &p.Code, &p.ValueCents, &st); err != nil {
			return nil, wrap("pass", nil, err)
		}
		p.State = pass.State(st)
		out = append(out, p)
	}
	return out, wrap("pass", nil, rows.Err())
}

// AssignCarnets assigns carnets to a distributeur.
func (s *Store) AssignCarnets(ctx context.Context, orderID int64, n int, codes []string, distributeur int64, actor string) ([]pass.Carnet, error) {
	var out []pass.Carnet
	err := s.tx(ctx, func(tx *Tx) error {
		var role string
		if err := tx.QueryRowContext(ctx, s.q(`SELECT role FROM comptes WHERE id = ? AND deleted_at = ''`), distributeur).Scan(&role); err != nil {
			return wrap("carnets", failure.Errorf(failure.NotFound, "Distributeur introuvable."), err)
		}
		if role != string(account.Distributeur) {
			return failure.Errorf(failure.Invalid, "Ce compte n'est pas un distributeur (rôle « %s »).", role)
		}
		var ids []int64
		if len(codes) > 0 {
			for _, typed := range codes {
				code := pass.Canonical(typed, pass.KindCarnet)
				var id, order, dist int64
				if err := tx.QueryRowContext(ctx, s.q(`SELECT id, commande, COALESCE(distributeur, 0) FROM pass_carnets WHERE code = ?`+s.dialect.ForUpdate), code).Scan(&id, &order, &dist); err != nil {
					return wrap("carnets", failure.Errorf(failure.NotFound, "Carnet « %s » introuvable.", typed), err)
				}
				if orderID > 0 && order != orderID {
					return failure.Errorf(failure.Invalid, "Le carnet %s n'est pas de cette commande.", code)
				}
				if dist != 0 && dist != distributeur {
					return failure.Errorf(failure.Conflict, "Le carnet %s est déjà attribué à un autre distributeur.", code)
				}
				ids = append(ids, id)
			}
		} else {
			if n < 1 {
				return failure.Errorf(failure.Invalid, "Le nombre de carnets à attribuer doit être au moins 1.")
			}
			rows, err := tx.QueryContext(ctx, s.q(`SELECT id FROM pass_carnets WHERE commande = ? AND distributeur IS NULL ORDER BY id LIMIT ?`+s.dialect.ForUpdate), orderID, n)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(ids) < n {
				return failure.Errorf(failure.Conflict, "Il ne reste que %s dans cette commande.", french.Count(len(ids), "carnet non attribué", "carnets non attribués"))
			}
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE pass_carnets SET distributeur = ?, attribue_at = ?, attribue_par = ? WHERE id = ? AND (distributeur IS NULL OR distributeur = ?)`),
				distributeur, ts(tx.now), actor, id, distributeur); err != nil {
				return err
			}
			c, err := scanCarnet(tx.QueryRowContext(ctx, s.q(`SELECT `+carnetColumns+` FROM pass_carnets c WHERE c.id = ?`), id).Scan)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "attribuer", Kind: "commande_pass", ObjectID: fmt.Sprint(orderID),
			After: audit.JSON(map[string]any{"distributeur": distributeur, "carnets": len(ids)})})
	})
	return out, wrap("carnets", nil, err)
}

// HandCarnet records a carnet handed to a bénéficiaire.
func (s *Store) HandCarnet(ctx context.Context, typed string, distributeur int64, age pass.AgeBand, commune, actor string) (pass.Carnet, error) {
	var c pass.Carnet
	if !pass.ValidAgeBand(age) {
		return c, failure.Errorf(failure.Invalid, "Tranche d'âge « %s » inconnue.", age)
	}
	commune = strings.TrimSpace(commune)
	if len(commune) > 5 || (commune != "" && len(commune) != 5) {
		return c, failure.Errorf(failure.Invalid, "Commune « %s » : attendu un code INSEE à 5 caractères.", commune)
	}
	code := pass.Canonical(typed, pass.KindCarnet)
	if code == "" {
		return c, failure.Errorf(failure.NotFound, "Code de carnet invalide : vérifiez-le (une faute de frappe est détectée par le dernier caractère).")
	}
	err := s.tx(ctx, func(tx *Tx) error {
		var err error
		c, err = scanCarnet(tx.QueryRowContext(ctx, s.q(`SELECT `+carnetColumns+` FROM pass_carnets c WHERE c.code = ?`+s.dialect.ForUpdate), code).Scan)
		if err != nil {
			return wrap("carnet", errCarnetNotFound, err)
		}
		if c.Distributeur == 0 {
			return failure.Errorf(failure.Conflict, "Ce carnet n'a pas encore été attribué à un distributeur.")
		}
		if distributeur != 0 && c.Distributeur != distributeur {
			return failure.Errorf(failure.Forbidden, "Ce carnet n'est pas attribué à votre structure.")
		}
		if c.Handed {
			return failure.Errorf(failure.Conflict, "Ce carnet a déjà été remis à un bénéficiaire.")
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE pass_carnets SET remis_at = ?, remis_par = ?, tranche_age = ?, commune = ? WHERE id = ?`), ts(tx.now), actor, string(age), commune, c.ID); err != nil {
			return err
		}
		o, err := s.order(ctx, tx, c.OrderID)
		if err != nil {
			return err
		}
		if last := o.LastDay(); pass.Day(tx.now) > last {
			d, _ := time.ParseInLocation(pass.DateLayout, last, pass.Paris)
			return failure.Errorf(failure.Conflict, "La commande de ce carnet est terminée (dernier jour d'utilisation : %s) : il ne peut plus être remis.", french.Date(d))
		}
		moved, err := s.movePasses(ctx, tx, pass.Injecte, actor, `carnet = ? AND etat = 'emis'`, c.ID)
		if err != nil {
			return err
		}
		if moved == 0 && c.Passes > 0 {
			// Its passes were credited back (or all blocked) meanwhile:
			// handing it would give a bénéficiaire nothing usable.
			return failure.Errorf(failure.Conflict, "Les pass de ce carnet ne sont plus utilisables (crédités au financeur ou bloqués) : il ne peut pas être remis.")
		}
		c.Handed, c.HandedAt, c.AgeBand, c.Commune = true, tx.now, age, commune
		return nil
	})
	return c, wrap("carnet", nil, err)
}

// movePasses moves the passes matching where to state to and appends one
// event per pass it moved. The UPDATE comes first: it takes the rows'
// locks, and the events are those of exactly the rows it changed. (Review
// 10A major 1: an INSERT … SELECT … WHERE etat before the UPDATE read a
// snapshot, so on PostgreSQL a concurrent transaction could move the same
// rows in between, and events out of the circuit stayed in the log.)
func (s *Store) movePasses(ctx context.Context, tx *Tx, to pass.State, actor, where string, args ...any) (int64, error) {
	if s.dialect.Dollar {
		res, err := tx.ExecContext(ctx, s.q(`WITH moved AS (UPDATE pass SET etat = '`+string(to)+`' WHERE `+where+` RETURNING id)
			INSERT INTO pass_evenements (pass, type, actor, at) SELECT id, '`+string(to)+`', ?, ? FROM moved ORDER BY id`), append(args, actor, ts(tx.now))...)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	// SQLite: write transactions begin immediate and are serialised, so
	// no other writer moves these rows between the two statements.
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_evenements (pass, type, actor, at) SELECT id, '`+string(to)+`', ?, ? FROM pass WHERE `+where+` ORDER BY id`), append([]any{actor, ts(tx.now)}, args...)...); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, s.q(`UPDATE pass SET etat = '`+string(to)+`' WHERE `+where), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// PassByCode reads a pass with its order and events.
func (s *Store) PassByCode(ctx context.Context, typed string) (store.PassDetail, error) {
	var d store.PassDetail
	code := pass.Canonical(typed, pass.KindPass)
	if code == "" {
		return d, errPassNotFound
	}
	var st string
	err := s.rdb.QueryRowContext(ctx, s.q(`SELECT p.id, p.commande, p.carnet, c.code, p.code, p.valeur_centimes, p.etat FROM pass p JOIN pass_carnets c ON c.id = p.carnet WHERE p.code = ?`), code).
		Scan(&d.Pass.ID, &d.Pass.OrderID, &d.Pass.CarnetID, &d.Pass.CarnetCode, &d.Pass.Code, &d.Pass.ValueCents, &st)
	if err != nil {
		return d, wrap("pass", errPassNotFound, err)
	}
	d.Pass.State = pass.State(st)
	if d.Order, err = s.order(ctx, s.rdb, d.Pass.OrderID); err != nil {
		return d, err
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(`SELECT type, actor, at, motif FROM pass_evenements WHERE pass = ? ORDER BY id`), d.Pass.ID)
	if err != nil {
		return d, wrap("pass", nil, err)
	}
	defer rows.Close()
	for rows.Next() {
		e := pass.Event{PassID: d.Pass.ID}
		var kind, at string
		if err := rows.Scan(&kind, &e.Actor, &at, &e.Note); err != nil {
			return d, wrap("pass", nil, err)
		}
		e.Kind, e.At = pass.State(kind), parseTS(at)
		d.Events = append(d.Events, e)
	}
	return d, wrap("pass", nil, rows.Err())
}

// Block blocks a pass.
func (s *Store) Block(ctx context.Context, typed, why, actor string) error {
	code := pass.Canonical(typed, pass.KindPass)
	if code == "" {
		return errPassNotFound
	}
	return wrap("pass", nil, s.tx(ctx, func(tx *Tx) error {
		var id int64
		var st string
		if err := tx.QueryRowContext(ctx, s.q(`SELECT id, etat FROM pass WHERE code = ?`+s.dialect.ForUpdate), code).Scan(&id, &st); err != nil {
			return wrap("pass", errPassNotFound, err)
		}
		if !pass.State(st).Next(pass.Bloque) {
			return failure.Errorf(failure.Conflict, "Ce pass ne peut plus être bloqué : il est %s.", pass.State(st).Label())
		}
		// The row is locked (FOR UPDATE) and its state checked: the event
		// is written only if the UPDATE moved it.
		res, err := tx.ExecContext(ctx, s.q(`UPDATE pass SET etat = 'bloque' WHERE id = ? AND etat = ?`), id, st)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err == nil {
				err = failure.Errorf(failure.Conflict, "Ce pass a changé d'état pendant le blocage : réessayez.")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO pass_evenements (pass, type, actor, at, motif) VALUES (?, 'bloque', ?, ?, ?)`), id, actor, ts(tx.now), why); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "bloquer", Kind: "pass", ObjectID: code, After: audit.JSON(map[string]any{"motif": why})})
	}))
}
