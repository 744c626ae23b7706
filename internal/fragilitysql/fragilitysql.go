// Package fragilitysql stores the demand data of the diagnostic (an
// imported fragility index, a table of indicators) through database/sql,
// for both adapters (sqlite, and postgres through pgx's database/sql
// driver): the tables are the same and the SQL portable, only
// placeholders differ.
package fragilitysql

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"time"

	"maillage/internal/failure"
	"maillage/internal/fragility"
	"maillage/internal/portablesql"
	"maillage/internal/store"
)

// Store implements store.Demand.
type Store struct{ *portablesql.DB }

var _ store.Demand = (*Store)(nil)

// New returns the store writing through db and reading through rdb;
// dollar says placeholders are $1, $2…; busy bounds the wait for a
// writer's connection; now is the clock, read once per transaction.
func New(db, rdb *sql.DB, dollar bool, busy time.Duration, now func() time.Time) *Store {
	return &Store{&portablesql.DB{W: db, R: rdb, Dollar: dollar, Busy: busy, Now: now, What: "données de fragilité"}}
}

// description is what a table keeps beside its rows.
type description struct {
	Composite fragility.Composite  `json:"composite"`
	AtRisk    fragility.AtRiskSpec `json:"personnes_a_risque"`
	// Rates whose base is the referential's population, and its vintage.
	ReferentialBase        []string `json:"base_referentiel,omitempty"`
	ReferentialBaseVintage string   `json:"base_referentiel_millesime,omitempty"`
}

// chunk is how many rows one INSERT writes (4 parameters each, well below
// both engines' limits).
const chunk = 250

// insertMany writes rows of n columns, chunk by chunk.
func (s *Store) insertMany(ctx context.Context, tx *sql.Tx, head string, n int, rows [][]any) error {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		values := make([]string, len(part))
		args := make([]any, 0, len(part)*n)
		for i, r := range part {
			values[i] = one
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, s.Q(head+" VALUES "+strings.Join(values, ", ")), args...); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) replaceDataset(ctx context.Context, tx *sql.Tx, now string, d fragility.Dataset, desc string) error {
	if _, err := tx.ExecContext(ctx, s.Q(`DELETE FROM demande_jeux WHERE nature = ?`), d.Kind); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, s.Q(`INSERT INTO demande_jeux (nature, niveau, millesime, fichier, description, unites, importe_le) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		d.Kind, d.Level, d.Vintage, d.Source, desc, d.Units, now)
	return err
}

// ReplaceFragilityIndex replaces the imported index.
func (s *Store) ReplaceFragilityIndex(ctx context.Context, idx *fragility.Index) error {
	rows := make([][]any, 0, len(idx.Rows))
	for _, r := range idx.Rows {
		if math.IsNaN(r.Score) || math.IsInf(r.Score, 0) {
			return failure.Errorf(failure.Invalid, "score de « %s » non numérique", r.Code)
		}
		var pop any
		if !math.IsNaN(r.Population) {
			pop = r.Population
		}
		rows = append(rows, []any{r.Code, r.Score, pop})
	}
	return s.Tx(ctx, func(tx *sql.Tx, now string) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM demande_indice`); err != nil {
			return err
		}
		if err := s.insertMany(ctx, tx, `INSERT INTO demande_indice (code, score, population)`, 3, rows); err != nil {
			return err
		}
		return s.replaceDataset(ctx, tx, now, fragility.Dataset{Kind: fragility.KindIndex, Level: idx.Level, Vintage: idx.Vintage, Source: idx.Source, Units: len(rows)}, "")
	})
}

// ReplaceFragilityIndicators replaces the indicators.
func (s *Store) ReplaceFragilityIndicators(ctx context.Context, t *fragility.Table) error {
	desc, err := json.Marshal(description{Composite: t.Composite, AtRisk: t.AtRisk, ReferentialBase: t.ReferentialBase, ReferentialBaseVintage: t.ReferentialBaseVintage})
	if err != nil {
		return err
	}
	var rows [][]any
	for code, u := range t.Units {
		for k, v := range u.Values {
			if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || math.IsNaN(v.Den) || math.IsInf(v.Den, 0) {
				return failure.Errorf(failure.Invalid, "indicateur « %s » de « %s » non numérique", k, code)
			}
			rows = append(rows, []any{code, k, v.Num, v.Den})
		}
	}
	return s.Tx(ctx, func(tx *sql.Tx, now string) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM demande_indicateurs`); err != nil {
			return err
		}
		if err := s.insertMany(ctx, tx, `INSERT INTO demande_indicateurs (code, cle, numerateur, denominateur)`, 4, rows); err != nil {
			return err
		}
		return s.replaceDataset(ctx, tx, now, fragility.Dataset{Kind: fragility.KindIndicators, Level: t.Level, Vintage: t.Vintage, Source: t.Source, Units: len(t.Units)}, string(desc))
	})
}

const datasetColumns = "nature, niveau, millesime, fichier, unites, importe_le"

func scanDataset(scan func(...any) error) (fragility.Dataset, error) {
	var d fragility.Dataset
	err := scan(&d.Kind, &d.Level, &d.Vintage, &d.Source, &d.Units, &d.Imported)
	return d, err
}

// dataset returns a dataset and its description, ok false when none.
func (s *Store) dataset(ctx context.Context, kind string) (fragility.Dataset, string, bool, error) {
	var desc string
	d, err := scanDataset(func(dest ...any) error {
		return s.R.QueryRowContext(ctx, s.Q(`SELECT `+datasetColumns+`, description FROM demande_jeux WHERE nature = ?`), kind).Scan(append(dest, &desc)...)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return d, "", false, nil
	}
	return d, desc, err == nil, s.Wrap(err)
}

// FragilityIndex returns the imported index, nil when none.
func (s *Store) FragilityIndex(ctx context.Context) (*fragility.Index, error) {
	d, _, ok, err := s.dataset(ctx, fragility.KindIndex)
	if !ok || err != nil {
		return nil, err
	}
	idx := &fragility.Index{Level: d.Level, Vintage: d.Vintage, Source: d.Source, Rows: make(map[string]fragility.IndexRow, d.Units)}
	rows, err := s.R.QueryContext(ctx, `SELECT code, score, population FROM demande_indice`)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r fragility.IndexRow
		var pop sql.NullFloat64
		if err := rows.Scan(&r.Code, &r.Score, &pop); err != nil {
			return nil, s.Wrap(err)
		}
		r.Population = math.NaN()
		if pop.Valid {
			r.Population = pop.Float64
		}
		idx.Rows[r.Code] = r
	}
	return idx, s.Wrap(rows.Err())
}

// FragilityIndicators returns the loaded indicators, nil when none.
func (s *Store) FragilityIndicators(ctx context.Context) (*fragility.Table, error) {
	d, raw, ok, err := s.dataset(ctx, fragility.KindIndicators)
	if !ok || err != nil {
		return nil, err
	}
	var desc description
	if err := json.Unmarshal([]byte(raw), &desc); err != nil {
		return nil, s.Wrap(err)
	}
	t := &fragility.Table{Level: d.Level, Vintage: d.Vintage, Source: d.Source, Composite: desc.Composite, AtRisk: desc.AtRisk,
		ReferentialBase: desc.ReferentialBase, ReferentialBaseVintage: desc.ReferentialBaseVintage, Units: make(map[string]fragility.Unit, d.Units)}
	rows, err := s.R.QueryContext(ctx, `SELECT code, cle, numerateur, denominateur FROM demande_indicateurs`)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, key string
		var v fragility.Sums
		if err := rows.Scan(&code, &key, &v.Num, &v.Den); err != nil {
			return nil, s.Wrap(err)
		}
		u, ok := t.Units[code]
		if !ok {
			u = fragility.Unit{Code: code, Values: map[string]fragility.Sums{}}
			t.Units[code] = u
		}
		u.Values[key] = v
	}
	if err := rows.Err(); err != nil {
		return nil, s.Wrap(err)
	}
	// Units with every value unknown have no row: they are counted in
	// the dataset, not in the table.
	return t, nil
}

// DemandDatasets lists what is loaded, the index first.
func (s *Store) DemandDatasets(ctx context.Context) ([]fragility.Dataset, error) {
	rows, err := s.R.QueryContext(ctx, `SELECT `+datasetColumns+` FROM demande_jeux ORDER BY nature DESC`)
	if err != nil {
		return nil, s.Wrap(err)
	}
	defer rows.Close()
	var out []fragility.Dataset
	for rows.Next() {
		d, err := scanDataset(rows.Scan)
		if err != nil {
			return nil, s.Wrap(err)
		}
		out = append(out, d)
	}
	return out, s.Wrap(rows.Err())
}

// RemoveDemandDataset removes the index or the indicators.
func (s *Store) RemoveDemandDataset(ctx context.Context, kind string) error {
	var table string
	switch kind {
	case fragility.KindIndex:
		table = "demande_indice"
	case fragility.KindIndicators:
		table = "demande_indicateurs"
	default:
		return failure.Errorf(failure.Invalid, "données « %s » inconnues (%s ou %s)", kind, fragility.KindIndex, fragility.KindIndicators)
	}
	return s.Tx(ctx, func(tx *sql.Tx, _ string) error {
		res, err := tx.ExecContext(ctx, s.Q(`DELETE FROM demande_jeux WHERE nature = ?`), kind)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			if kind == fragility.KindIndex {
				return failure.Errorf(failure.NotFound, "Aucun indice de fragilité n'est chargé.")
			}
			return failure.Errorf(failure.NotFound, "Aucun indicateur de fragilité n'est chargé.")
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM `+table)
		return err
	})
}
