package accountsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"maillage/internal/activity"
	"maillage/internal/audit"
	"maillage/internal/store"
)

// apiDetail is the JSON of an API aggregate's breakdowns (column detail).
type apiDetail struct {
	Thematiques map[string]int `json:"thematiques,omitempty"`
	Durees      map[string]int `json:"durees,omitempty"`
	Canaux      map[string]int `json:"canaux,omitempty"`
	Genres      map[string]int `json:"genres,omitempty"`
	Tranches    map[string]int `json:"tranches_age,omitempty"`
	Statuts     map[string]int `json:"statuts,omitempty"`
}

func detailOf(g activity.APIAggregate) apiDetail {
	nz := func(m map[string]int) map[string]int {
		out := map[string]int{}
		for k, n := range m {
			if n != 0 {
				out[k] = n
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return apiDetail{Thematiques: nz(g.Thematics), Durees: nz(g.Durations), Canaux: nz(g.PlaceTypes), Genres: nz(g.Genders), Tranches: nz(g.AgeBands), Statuts: nz(g.Statuses)}
}

const apiAggregateColumns = `id, departement, mois, recupere_at, import_id, activites, individuels, collectifs, participants_collectifs, accompagnements, beneficiaires, detail`

func scanAPIAggregate(scan func(...any) error) (activity.APIAggregate, error) {
	var g activity.APIAggregate
	var at, detail string
	if err := scan(&g.ID, &g.Departement, &g.Month, &at, &g.ImportID, &g.Activities, &g.Individual, &g.Workshops, &g.WorkshopParticipants,
		&g.Accompaniments, &g.Beneficiaries, &detail); err != nil {
		return g, err
	}
	g.Fetched = parseTS(at)
	var d apiDetail
	if err := json.Unmarshal([]byte(detail), &d); err != nil {
		return g, fmt.Errorf("coop_api_agregats %d: detail: %w", g.ID, err)
	}
	g.Thematics, g.Durations, g.PlaceTypes, g.Genders, g.AgeBands, g.Statuses = d.Thematiques, d.Durees, d.Canaux, d.Genres, d.Tranches, d.Statuts
	return g, nil
}

// ImportCoopAPI stores the aggregates of one import of the Coop's API.
func (s *Store) ImportCoopAPI(ctx context.Context, run activity.ImportRun, aggs []activity.APIAggregate, actor string) (activity.ImportRun, error) {
	run.Created, run.Replaced, run.Unchanged, run.Rejected = 0, 0, 0, 0
	run.Lines = len(aggs)
	run.Format, run.Actor = activity.SourceAPICoop, actor
	var ps activity.Problems
	seen := map[string]bool{}
	for _, g := range aggs {
		for _, p := range g.Validate() {
			p.Message = g.Departement + " " + g.Month + " : " + p.Message
			ps = append(ps, p)
		}
		if k := g.Departement + " " + g.Month; seen[k] {
			ps = append(ps, activity.Problem{Field: "departement", Value: k, Rule: "agregat-repete", Message: "« " + k + " » : donné deux fois (règle agregat-repete)"})
		} else {
			seen[k] = true
		}
	}
	if err := ps.Err(); err != nil {
		return run, err
	}
	err := s.tx(ctx, func(tx *Tx) error {
		run.At = tx.now
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO activite_imports (fichier, format, acteur, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			run.File, run.Format, actor, ts(tx.now)).Scan(&run.ID); err != nil {
			return err
		}
		for _, g := range aggs {
			detail, err := json.Marshal(detailOf(g))
			if err != nil {
				return err
			}
			old, err := scanAPIAggregate(tx.QueryRowContext(ctx, s.q(`SELECT `+apiAggregateColumns+` FROM coop_api_agregats WHERE departement = ? AND mois = ?`),
				g.Departement, g.Month).Scan)
			found := err == nil
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if found {
				if sameAPIFigures(old, g) {
					run.Unchanged++
					continue
				}
				if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM coop_api_agregats WHERE id = ?`), old.ID); err != nil {
					return err
				}
				run.Replaced++
			} else {
				run.Created++
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO coop_api_agregats (departement, mois, recupere_at, import_id, activites, individuels, collectifs,
participants_collectifs, accompagnements, beneficiaires, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				g.Departement, g.Month, ts(tx.now), run.ID, g.Activities, g.Individual, g.Workshops, g.WorkshopParticipants, g.Accompaniments,
				g.Beneficiaries, string(detail)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE activite_imports SET lignes = ?, creees = ?, remplacees = ?, inchangees = ? WHERE id = ?`),
			run.Lines, run.Created, run.Replaced, run.Unchanged, run.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "importer", Kind: "import_activites", ObjectID: strconv.FormatInt(run.ID, 10),
			After: audit.JSON(map[string]any{"source": run.File, "format": run.Format, "agregats": run.Lines, "crees": run.Created,
				"remplaces": run.Replaced, "inchanges": run.Unchanged})})
	})
	return run, wrap("import des statistiques de l'API de la Coop", nil, err)
}

// sameAPIFigures reports whether two aggregates say the same figures
// (their ids, runs and vintages aside).
func sameAPIFigures(a, b activity.APIAggregate) bool {
	a.ID, a.ImportID, a.Fetched = 0, 0, b.Fetched
	b.ID, b.ImportID = 0, 0
	da, db := detailOf(a), detailOf(b)
	a.Thematics, a.Durations, a.PlaceTypes, a.Genders, a.AgeBands, a.Statuses = nil, nil, nil, nil, nil, nil
	b.Thematics, b.Durations, b.PlaceTypes, b.Genders, b.AgeBands, b.Statuses = nil, nil, nil, nil, nil, nil
	return reflect.DeepEqual(a, b) && reflect.DeepEqual(da, db)
}

// APIAggregates lists the API aggregates f selects.
func (s *Store) APIAggregates(ctx context.Context, f store.ActivityFilter) ([]activity.APIAggregate, error) {
	if err := activitiesOnly("APIAggregates", f); err != nil {
		return nil, err
	}
	var conds []string
	var args []any
	if len(f.From) >= 7 {
		conds, args = append(conds, "mois >= ?"), append(args, f.From[:7])
	}
	if len(f.To) >= 7 {
		conds, args = append(conds, "mois <= ?"), append(args, f.To[:7])
	}
	if len(f.Territories) > 0 {
		var ors []string
		for _, t := range f.Territories {
			switch t.Kind {
			case "departement":
				ors = append(ors, "departement = ?")
			case "region":
				ors = append(ors, "departement IN (SELECT code FROM departements WHERE region = ?)")
			default: // a commune or an EPCI: a département's figures do not divide
				ors = append(ors, "1 = 0 AND ? = ''")
			}
			args = append(args, t.Code)
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	query := `SELECT ` + apiAggregateColumns + ` FROM coop_api_agregats`
	if len(conds) > 0 {
		query += ` WHERE ` + strings.Join(conds, " AND ")
	}
	rows, err := s.rdb.QueryContext(ctx, s.q(query+` ORDER BY mois, departement`), args...)
	if err != nil {
		return nil, wrap("statistiques de l'API de la Coop", nil, err)
	}
	defer rows.Close()
	var out []activity.APIAggregate
	for rows.Next() {
		g, err := scanAPIAggregate(rows.Scan)
		if err != nil {
			return nil, wrap("statistiques de l'API de la Coop", nil, err)
		}
		out = append(out, g)
	}
	return out, wrap("statistiques de l'API de la Coop", nil, rows.Err())
}
