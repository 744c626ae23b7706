package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"maillage/internal/store"
	"maillage/internal/territory"
)

// ReplaceTerritories replaces the whole referential in one transaction.
func (db *DB) ReplaceTerritories(ctx context.Context, r *territory.Referential) error {
	tx, release, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: territoires : %w", err)
	}
	defer release()
	defer tx.Rollback()
	for _, t := range []string{"communes", "epci", "departements", "regions"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("sqlite: territoires : %w", err)
		}
	}
	exec := func(query string, rows int, args func(i int) []any) error {
		st, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := 0; i < rows; i++ {
			if _, err := st.ExecContext(ctx, args(i)...); err != nil {
				return err
			}
		}
		return nil
	}
	err = exec(`INSERT INTO regions (code, nom) VALUES (?, ?)`, len(r.Regions), func(i int) []any {
		return []any{r.Regions[i].Code, r.Regions[i].Nom}
	})
	if err == nil {
		err = exec(`INSERT INTO departements (code, nom, region) VALUES (?, ?, ?)`, len(r.Departements), func(i int) []any {
			d := r.Departements[i]
			return []any{d.Code, d.Nom, d.Region}
		})
	}
	if err == nil {
		err = exec(`INSERT INTO epci (code, nom, type, population) VALUES (?, ?, ?, ?)`, len(r.EPCIs), func(i int) []any {
			e := r.EPCIs[i]
			return []any{e.Code, e.Nom, e.Type, e.Population}
		})
	}
	if err == nil {
		err = exec("INSERT INTO communes ("+store.CommuneColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			len(r.Communes), func(i int) []any { return store.CommuneArgs(&r.Communes[i]) })
	}
	if err == nil {
		v := r.CommunesVintage
		v.Layer = store.CommunesLayer
		_, err = tx.ExecContext(ctx, "INSERT INTO couches ("+store.LayerColumns+") VALUES (?, ?, ?, ?) "+
			"ON CONFLICT (nom) DO UPDATE SET millesime = excluded.millesime, source = excluded.source, importee_le = excluded.importee_le", store.LayerArgs(v)...)
	}
	if err != nil {
		return fmt.Errorf("sqlite: territoires : %w", err)
	}
	return tx.Commit()
}

// Territories loads the referential (empty when never imported).
func (db *DB) Territories(ctx context.Context) (*territory.Referential, error) {
	r := &territory.Referential{}
	q := func(query string, scan func(*sql.Rows) error) error {
		rows, err := db.read.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err := q(`SELECT code, nom FROM regions ORDER BY code`, func(rows *sql.Rows) error {
		var g territory.Region
		err := rows.Scan(&g.Code, &g.Nom)
		r.Regions = append(r.Regions, g)
		return err
	})
	if err == nil {
		err = q(`SELECT code, nom, region FROM departements ORDER BY code`, func(rows *sql.Rows) error {
			var d territory.Departement
			err := rows.Scan(&d.Code, &d.Nom, &d.Region)
			r.Departements = append(r.Departements, d)
			return err
		})
	}
	if err == nil {
		err = q(`SELECT code, nom, type, population FROM epci ORDER BY code`, func(rows *sql.Rows) error {
			var e territory.EPCI
			err := rows.Scan(&e.Code, &e.Nom, &e.Type, &e.Population)
			r.EPCIs = append(r.EPCIs, e)
			return err
		})
	}
	if err == nil {
		err = q("SELECT "+store.CommuneColumns+" FROM communes ORDER BY code", func(rows *sql.Rows) error {
			c, err := store.ScanCommune(rows.Scan)
			r.Communes = append(r.Communes, c)
			return err
		})
	}
	var layers store.LayerSet
	if err == nil {
		err = q("SELECT "+store.LayerColumns+" FROM couches", func(rows *sql.Rows) error {
			v, err := store.ScanLayer(rows.Scan)
			layers.AddLayer(v)
			return err
		})
	}
	if err == nil {
		err = q("SELECT "+store.ZoneColumns+" FROM zones ORDER BY couche, code", func(rows *sql.Rows) error {
			layer, z, err := store.ScanZone(rows.Scan)
			layers.AddZone(layer, z)
			return err
		})
	}
	if err == nil {
		err = q("SELECT "+store.ContourColumns+" FROM contours ORDER BY couche, code", func(rows *sql.Rows) error {
			layer, z, err := store.ScanContour(rows.Scan)
			layers.AddZone(layer, z)
			return err
		})
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: territoires : %w", err)
	}
	layers.Into(r)
	return r.Index(), nil
}

// ReplaceLayer replaces one layer of zones and its vintage in one transaction.
func (db *DB) ReplaceLayer(ctx context.Context, l *territory.Layer) error {
	tx, release, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: couche %s : %w", l.Kind, err)
	}
	defer release()
	defer tx.Rollback()
	err = func() error {
		table, columns, args := store.LayerRows(l.Kind)
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE couche = ?", l.Kind); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM couches WHERE nom = ?`, l.Kind); err != nil {
			return err
		}
		v := territory.Vintage{Layer: l.Kind, Vintage: l.Vintage, Source: l.Source, Loaded: l.Loaded}
		if _, err := tx.ExecContext(ctx, "INSERT INTO couches ("+store.LayerColumns+") VALUES (?, ?, ?, ?)", store.LayerArgs(v)...); err != nil {
			return err
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", strings.Count(columns, ",")+1), ", ")
		st, err := tx.PrepareContext(ctx, "INSERT INTO "+table+" ("+columns+") VALUES ("+marks+")")
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range l.Zones {
			if _, err := st.ExecContext(ctx, args(&l.Zones[i])...); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		return fmt.Errorf("sqlite: couche %s : %w", l.Kind, err)
	}
	return tx.Commit()
}
