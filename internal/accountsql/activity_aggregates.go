package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"maillage/internal/activity"
	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/store"
)

var errAggregateNotFound = failure.Errorf(failure.NotFound, "Agrégat mensuel introuvable.")

const aggregateColumns = `id, lieu_id, mois, commune, departement, individuels, ateliers, participants_ateliers, participants, deja_accompagne, COALESCE(compte, 0), created_at, updated_at`

func (s *Store) selectAggregates() string {
	return `SELECT ` + aggregateColumns + `, ` + strings.Join(publicColumns, ", ") + ` FROM activite_agregats`
}

func scanAggregate(scan func(...any) error) (activity.Aggregate, error) {
	var g activity.Aggregate
	var created, updated string
	targets, fill := publicTargets(&g.Public)
	err := scan(append([]any{&g.ID, &g.LieuID, &g.Month, &g.Commune, &g.Departement, &g.Individual, &g.Workshops, &g.WorkshopParticipants,
		&g.Public.Total, &g.Public.AlreadyHelped, &g.Account, &created, &updated}, targets...)...)
	fill()
	g.Created, g.Updated = parseTS(created), parseTS(updated)
	return g, err
}

// SaveAggregate records or replaces a place's aggregate of a month.
func (s *Store) SaveAggregate(ctx context.Context, g activity.Aggregate, by int64, actor string) (activity.Aggregate, error) {
	g.Normalize()
	if err := g.Validate("").Err(); err != nil {
		return g, err
	}
	err := s.tx(ctx, func(tx *Tx) error {
		commune, err := s.lieuCommune(ctx, tx, g.LieuID)
		if err != nil {
			return err
		}
		g.Commune = commune
		if g.Departement, _, err = s.communeDepartement(ctx, tx, commune); err != nil {
			return err
		}
		var before []byte
		action := "ajouter"
		if g.ID != 0 {
			old, err := s.aggregate(ctx, tx, g.ID)
			if err != nil {
				return err
			}
			if by != 0 && old.Account != by {
				return failure.Errorf(failure.Forbidden, "Cet agrégat a été saisi par un autre compte : seul son auteur (ou un administrateur) le modifie.")
			}
			g.Account, g.Created, action, before = old.Account, old.Created, "modifier", audit.JSON(journalAggregate(old))
		} else {
			g.Created = tx.now
		}
		g.Updated = tx.now
		args := append([]any{g.LieuID, g.Month, g.Commune, g.Departement, g.Individual, g.Workshops, g.WorkshopParticipants, g.Public.Total,
			g.Public.AlreadyHelped, nullID(g.Account), ts(g.Created), ts(g.Updated)}, publicValues(g.Public)...)
		cols := append(strings.Split("lieu_id, mois, commune, departement, individuels, ateliers, participants_ateliers, participants, deja_accompagne, compte, created_at, updated_at", ", "), publicColumns...)
		if g.ID == 0 {
			err = tx.QueryRowContext(ctx, s.q(`INSERT INTO activite_agregats (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(args))+`) RETURNING id`), args...).Scan(&g.ID)
		} else {
			sets := make([]string, len(cols))
			for i, c := range cols {
				sets[i] = c + " = ?"
			}
			_, err = tx.ExecContext(ctx, s.q(`UPDATE activite_agregats SET `+strings.Join(sets, ", ")+` WHERE id = ?`), append(args, g.ID)...)
			if err == nil {
				_, err = tx.ExecContext(ctx, s.q(`DELETE FROM activite_agregat_thematiques WHERE agregat = ?`), g.ID)
			}
		}
		if isUnique(err) {
			return failure.Errorf(failure.Conflict, "Le lieu « %s » a déjà un agrégat pour %s : modifiez-le plutôt qu'en saisir un second.", g.LieuID, g.Month)
		}
		if err != nil {
			return err
		}
		for t, n := range g.Thematics {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO activite_agregat_thematiques (agregat, thematique, nombre) VALUES (?, ?, ?)`), g.ID, t, n); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: action, Kind: "agregat_activites", ObjectID: strconv.FormatInt(g.ID, 10),
			Before: before, After: audit.JSON(journalAggregate(g))})
	})
	return g, wrap("agrégat", errAggregateNotFound, err)
}

func journalAggregate(g activity.Aggregate) map[string]any {
	return map[string]any{"lieu": g.LieuID, "mois": g.Month, "individuels": g.Individual, "ateliers": g.Workshops,
		"participants_ateliers": g.WorkshopParticipants, "thematiques": g.Thematics, "compte": g.Account}
}

// DeleteAggregate deletes an aggregate: by's own, or another's that by
// reads (its territory's), checked in the deleting transaction; one by
// does not read is errAggregateNotFound, as a missing one.
func (s *Store) DeleteAggregate(ctx context.Context, id int64, by *store.ActivityReader, actor string) error {
	err := s.tx(ctx, func(tx *Tx) error {
		old, err := s.aggregate(ctx, tx, id)
		if err != nil {
			return err
		}
		if by != nil && old.Account != by.Account {
			ok, err := s.readerReads(ctx, tx, "activite_agregats", id, by)
			if err != nil {
				return err
			}
			if !ok {
				return errAggregateNotFound
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM activite_agregats WHERE id = ?`), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "supprimer", Kind: "agregat_activites", ObjectID: strconv.FormatInt(id, 10), Before: audit.JSON(journalAggregate(old))})
	})
	return wrap("agrégat", errAggregateNotFound, err)
}

// Aggregate reads one aggregate.
func (s *Store) Aggregate(ctx context.Context, id int64) (activity.Aggregate, error) {
	g, err := s.aggregate(ctx, s.rdb, id)
	return g, wrap("agrégat", errAggregateNotFound, err)
}

func (s *Store) aggregate(ctx context.Context, q activityQuerier, id int64) (activity.Aggregate, error) {
	g, err := scanAggregate(q.QueryRowContext(ctx, s.q(s.selectAggregates()+` WHERE id = ?`), id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return g, errAggregateNotFound
	}
	if err != nil {
		return g, err
	}
	list := []activity.Aggregate{g}
	err = s.aggregateThematics(ctx, q, list)
	return list[0], err
}

// Aggregates lists aggregates: by month then id, or newest first.
func (s *Store) Aggregates(ctx context.Context, f store.ActivityFilter) ([]activity.Aggregate, error) {
	if f.ByID || f.AfterID != 0 {
		return nil, errors.New("accountsql: Aggregates: ByID and AfterID page activities only")
	}
	where, args := activityWhere(f, "mois", true)
	order := ` ORDER BY mois, id`
	if f.Newest {
		order = ` ORDER BY mois DESC, id DESC`
	}
	query := s.selectAggregates() + where + order
	if f.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	list, err := readList(ctx, s, query, args, scanAggregate)
	if err == nil {
		err = s.aggregateThematics(ctx, s.rdb, list)
	}
	return list, wrap("agrégats", nil, err)
}

func (s *Store) aggregateThematics(ctx context.Context, q activityQuerier, list []activity.Aggregate) error {
	byID := make(map[int64]*activity.Aggregate, len(list))
	for i := range list {
		list[i].Thematics = map[string]int{}
		byID[list[i].ID] = &list[i]
	}
	for start := 0; start < len(list); start += 500 {
		end := min(start+500, len(list))
		ids := make([]any, 0, end-start)
		for _, g := range list[start:end] {
			ids = append(ids, g.ID)
		}
		rows, err := q.QueryContext(ctx, s.q(`SELECT agregat, thematique, nombre FROM activite_agregat_thematiques WHERE agregat IN (`+placeholders(len(ids))+`)`), ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var t string
			var n int
			if err := rows.Scan(&id, &t, &n); err != nil {
				rows.Close()
				return err
			}
			byID[id].Thematics[t] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

var errCoordinationNotFound = failure.Errorf(failure.NotFound, "Activité de coordination introuvable.")

const coordinationColumns = `id, type, date, duree, nom, echelon_territorial, territoire, notes, mediateurs, structures, autres_acteurs,
type_animation, type_animation_autre, initiative, thematique_animation_autre, participants, type_evenement, type_evenement_autre,
organisateur_autre, nature_partenariat_autre, COALESCE(compte, 0), created_at, updated_at`

func scanCoordination(scan func(...any) error) (activity.Coordination, error) {
	var c activity.Coordination
	var created, updated string
	err := scan(&c.ID, &c.Kind, &c.Date, &c.Duration, &c.Name, &c.Level, &c.Territory, &c.Notes, &c.Mediateurs, &c.Structures, &c.OtherActors,
		&c.AnimationType, &c.AnimationTypeOther, &c.Initiative, &c.AnimationThematicOther, &c.Participants, &c.EventType, &c.EventTypeOther,
		&c.OrganiserOther, &c.NatureOther, &c.Account, &created, &updated)
	c.Created, c.Updated = parseTS(created), parseTS(updated)
	return c, err
}

// journalCoordination is what the journal keeps of a coordination
// activity: its fields, without its free texts (a name, notes or
// partners may name or reach a person, and the hash-chained journal
// cannot forget them; review 12A).
func journalCoordination(c activity.Coordination) map[string]any {
	return map[string]any{"type": c.Kind, "date": c.Date, "echelon_territorial": c.Level, "territoire": c.Territory, "compte": c.Account}
}

// AddCoordination records a coordination activity.
func (s *Store) AddCoordination(ctx context.Context, c activity.Coordination, actor string) (activity.Coordination, error) {
	c.ID = 0
	return s.saveCoordination(ctx, c, 0, actor)
}

// UpdateCoordination replaces a coordination activity.
func (s *Store) UpdateCoordination(ctx context.Context, c activity.Coordination, by int64, actor string) (activity.Coordination, error) {
	if c.ID == 0 {
		return c, errCoordinationNotFound
	}
	return s.saveCoordination(ctx, c, by, actor)
}

func (s *Store) saveCoordination(ctx context.Context, c activity.Coordination, by int64, actor string) (activity.Coordination, error) {
	c.Normalize()
	if err := c.Validate("").Err(); err != nil {
		return c, err
	}
	err := s.tx(ctx, func(tx *Tx) error {
		var before []byte
		action := "ajouter"
		if c.ID != 0 {
			old, err := s.coordination(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			if by != 0 && old.Account != by {
				return failure.Errorf(failure.Forbidden, "Cette activité de coordination a été saisie par un autre compte : seul son auteur (ou un administrateur) la modifie.")
			}
			c.Account, c.Created, action, before = old.Account, old.Created, "modifier", audit.JSON(journalCoordination(old))
		} else {
			c.Created = tx.now
		}
		c.Updated = tx.now
		cols := strings.Split(`type, date, duree, nom, echelon_territorial, territoire, notes, mediateurs, structures, autres_acteurs, type_animation, type_animation_autre, initiative, thematique_animation_autre, participants, type_evenement, type_evenement_autre, organisateur_autre, nature_partenariat_autre, compte, created_at, updated_at`, ", ")
		args := []any{c.Kind, c.Date, c.Duration, c.Name, c.Level, c.Territory, c.Notes, c.Mediateurs, c.Structures, c.OtherActors,
			c.AnimationType, c.AnimationTypeOther, c.Initiative, c.AnimationThematicOther, c.Participants, c.EventType, c.EventTypeOther,
			c.OrganiserOther, c.NatureOther, nullID(c.Account), ts(c.Created), ts(c.Updated)}
		var err error
		if c.ID == 0 {
			err = tx.QueryRowContext(ctx, s.q(`INSERT INTO activites_coordination (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(args))+`) RETURNING id`), args...).Scan(&c.ID)
		} else {
			sets := make([]string, len(cols))
			for i, col := range cols {
				sets[i] = col + " = ?"
			}
			_, err = tx.ExecContext(ctx, s.q(`UPDATE activites_coordination SET `+strings.Join(sets, ", ")+` WHERE id = ?`), append(args, c.ID)...)
			if err == nil {
				_, err = tx.ExecContext(ctx, s.q(`DELETE FROM activite_coordination_valeurs WHERE activite = ?`), c.ID)
			}
		}
		if err != nil {
			return err
		}
		rank := 0
		put := func(field, value, name string) error {
			rank++
			_, err := tx.ExecContext(ctx, s.q(`INSERT INTO activite_coordination_valeurs (activite, champ, valeur, nom, rang) VALUES (?, ?, ?, ?, ?)`), c.ID, field, value, name, rank)
			return err
		}
		for _, l := range []struct {
			field string
			vs    []string
		}{{"thematique_animation", c.AnimationThematics}, {"organisateur", c.Organisers}, {"nature_partenariat", c.Natures}} {
			for _, v := range l.vs {
				if err := put(l.field, v, ""); err != nil {
					return err
				}
			}
		}
		for _, p := range c.Partners {
			if err := put("partenaire", p.Type, p.Name); err != nil {
				if isUnique(err) {
					return failure.Errorf(failure.Invalid, "Le partenaire « %s » est donné deux fois.", p.Name)
				}
				return err
			}
		}
		for _, t := range c.Tags {
			if err := put("tag", t.Scope, t.Name); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: action, Kind: "activite_coordination", ObjectID: strconv.FormatInt(c.ID, 10),
			Before: before, After: audit.JSON(journalCoordination(c))})
	})
	return c, wrap("activité de coordination", errCoordinationNotFound, err)
}

// DeleteCoordination deletes a coordination activity.
func (s *Store) DeleteCoordination(ctx context.Context, id, by int64, actor string) error {
	err := s.tx(ctx, func(tx *Tx) error {
		old, err := s.coordination(ctx, tx, id)
		if err != nil {
			return err
		}
		if by != 0 && old.Account != by {
			return failure.Errorf(failure.Forbidden, "Cette activité de coordination a été saisie par un autre compte : seul son auteur (ou un administrateur) la supprime.")
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM activites_coordination WHERE id = ?`), id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "supprimer", Kind: "activite_coordination", ObjectID: strconv.FormatInt(id, 10), Before: audit.JSON(journalCoordination(old))})
	})
	return wrap("activité de coordination", errCoordinationNotFound, err)
}

// Coordination reads one coordination activity.
func (s *Store) Coordination(ctx context.Context, id int64) (activity.Coordination, error) {
	c, err := s.coordination(ctx, s.rdb, id)
	return c, wrap("activité de coordination", errCoordinationNotFound, err)
}

func (s *Store) coordination(ctx context.Context, q activityQuerier, id int64) (activity.Coordination, error) {
	c, err := scanCoordination(q.QueryRowContext(ctx, s.q(`SELECT `+coordinationColumns+` FROM activites_coordination WHERE id = ?`), id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errCoordinationNotFound
	}
	if err != nil {
		return c, err
	}
	list := []activity.Coordination{c}
	err = s.coordinationValues(ctx, q, list)
	return list[0], err
}

// Coordinations lists coordination activities.
func (s *Store) Coordinations(ctx context.Context, f store.ActivityFilter) ([]activity.Coordination, error) {
	if err := activitiesOnly("Coordinations", f); err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if f.Account != 0 {
		conds, args = append(conds, "compte = ?"), append(args, f.Account)
	}
	if f.From != "" {
		conds, args = append(conds, "date >= ?"), append(args, f.From)
	}
	if f.To != "" {
		conds, args = append(conds, "date <= ?"), append(args, f.To)
	}
	if len(f.Territories) > 0 {
		var ors []string
		for _, t := range f.Territories {
			switch t.Kind {
			case "departement":
				ors, args = append(ors, "territoire = ?"), append(args, t.Code)
			case "commune":
				ors, args = append(ors, "territoire = ?"), append(args, activity.DepartementOf(t.Code))
			case "epci":
				ors, args = append(ors, "territoire IN (SELECT departement FROM communes WHERE epci = ?)"), append(args, t.Code)
			case "region":
				ors, args = append(ors, "territoire IN (SELECT code FROM departements WHERE region = ?)"), append(args, t.Code)
			}
		}
		if len(ors) == 0 {
			ors = []string{"1 = 0"}
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	query := `SELECT ` + coordinationColumns + ` FROM activites_coordination`
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	query += " ORDER BY date, id"
	if f.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(f.Limit)
	}
	list, err := readList(ctx, s, query, args, scanCoordination)
	if err == nil {
		err = s.coordinationValues(ctx, s.rdb, list)
	}
	return list, wrap("activités de coordination", nil, err)
}

func (s *Store) coordinationValues(ctx context.Context, q activityQuerier, list []activity.Coordination) error {
	byID := make(map[int64]*activity.Coordination, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	for start := 0; start < len(list); start += 500 {
		end := min(start+500, len(list))
		ids := make([]any, 0, end-start)
		for _, c := range list[start:end] {
			ids = append(ids, c.ID)
		}
		rows, err := q.QueryContext(ctx, s.q(`SELECT activite, champ, valeur, nom FROM activite_coordination_valeurs WHERE activite IN (`+placeholders(len(ids))+`) ORDER BY activite, rang`), ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var field, value, name string
			if err := rows.Scan(&id, &field, &value, &name); err != nil {
				rows.Close()
				return err
			}
			c := byID[id]
			switch field {
			case "thematique_animation":
				c.AnimationThematics = append(c.AnimationThematics, value)
			case "organisateur":
				c.Organisers = append(c.Organisers, value)
			case "nature_partenariat":
				c.Natures = append(c.Natures, value)
			case "partenaire":
				c.Partners = append(c.Partners, activity.Partner{Type: value, Name: name})
			case "tag":
				c.Tags = append(c.Tags, activity.Tag{Scope: value, Name: name})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
