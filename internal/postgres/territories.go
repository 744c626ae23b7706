package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"maillage/internal/store"
	"maillage/internal/territory"
)

// ReplaceTerritories replaces the whole referential in one transaction.
func (db *DB) ReplaceTerritories(ctx context.Context, r *territory.Referential) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: territoires : %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `TRUNCATE communes, epci, departements, regions`); err != nil {
		return fmt.Errorf("postgres: territoires : %w", err)
	}
	copyRows := func(table string, cols []string, n int, row func(i int) []any) error {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
		return err
	}
	err = copyRows("regions", []string{"code", "nom"}, len(r.Regions), func(i int) []any {
		return []any{r.Regions[i].Code, r.Regions[i].Nom}
	})
	if err == nil {
		err = copyRows("departements", []string{"code", "nom", "region"}, len(r.Departements), func(i int) []any {
			d := r.Departements[i]
			return []any{d.Code, d.Nom, d.Region}
		})
	}
	if err == nil {
		err = copyRows("epci", []string{"code", "nom", "type", "population"}, len(r.EPCIs), func(i int) []any {
			e := r.EPCIs[i]
			return []any{e.Code, e.Nom, e.Type, e.Population}
		})
	}
	if err == nil {
		err = copyRows("communes", strings.Split(strings.ReplaceAll(store.CommuneColumns, " ", ""), ","),
			len(r.Communes), func(i int) []any { return store.CommuneArgs(&r.Communes[i]) })
	}
	if err == nil {
		v := r.CommunesVintage
		v.Layer = store.CommunesLayer
		_, err = tx.Exec(ctx, "INSERT INTO couches ("+store.LayerColumns+") VALUES ($1, $2, $3, $4) "+
			"ON CONFLICT (nom) DO UPDATE SET millesime = excluded.millesime, source = excluded.source, importee_le = excluded.importee_le", store.LayerArgs(v)...)
	}
	if err != nil {
		return fmt.Errorf("postgres: territoires : %w", err)
	}
	return tx.Commit(ctx)
}

// Territories loads the referential (empty when never imported).
func (db *DB) Territories(ctx context.Context) (*territory.Referential, error) {
	r := &territory.Referential{}
	q := func(query string, scan func(pgx.Rows) error) error {
		rows, err := db.pool.Query(ctx, query)
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
	err := q(`SELECT code, nom FROM regions ORDER BY code COLLATE "C"`, func(rows pgx.Rows) error {
		var g territory.Region
		err := rows.Scan(&g.Code, &g.Nom)
		r.Regions = append(r.Regions, g)
		return err
	})
	if err == nil {
		err = q(`SELECT code, nom, region FROM departements ORDER BY code COLLATE "C"`, func(rows pgx.Rows) error {
			var d territory.Departement
			err := rows.Scan(&d.Code, &d.Nom, &d.Region)
			r.Departements = append(r.Departements, d)
			return err
		})
	}
	if err == nil {
		err = q(`SELECT code, nom, type, population FROM epci ORDER BY code COLLATE "C"`, func(rows pgx.Rows) error {
			var e territory.EPCI
			err := rows.Scan(&e.Code, &e.Nom, &e.Type, &e.Population)
			r.EPCIs = append(r.EPCIs, e)
			return err
		})
	}
	if err == nil {
		err = q("SELECT "+store.CommuneColumns+" FROM communes ORDER BY code COLLATE \"C\"", func(rows pgx.Rows) error {
			c, err := store.ScanCommune(rows.Scan)
			r.Communes = append(r.Communes, c)
			return err
		})
	}
	var layers store.LayerSet
	if err == nil {
		err = q("SELECT "+store.LayerColumns+" FROM couches", func(rows pgx.Rows) error {
			v, err := store.ScanLayer(rows.Scan)
			layers.AddLayer(v)
			return err
		})
	}
	if err == nil {
		err = q("SELECT "+store.ZoneColumns+" FROM zones ORDER BY couche, code COLLATE \"C\"", func(rows pgx.Rows) error {
			layer, z, err := store.ScanZone(rows.Scan)
			layers.AddZone(layer, z)
			return err
		})
	}
	if err == nil {
		err = q("SELECT "+store.ContourColumns+" FROM contours ORDER BY couche, code COLLATE \"C\"", func(rows pgx.Rows) error {
			layer, z, err := store.ScanContour(rows.Scan)
			layers.AddZone(layer, z)
			return err
		})
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: territoires : %w", err)
	}
	layers.Into(r)
	return r.Index(), nil
}

// ReplaceLayer replaces one layer of zones and its vintage in one transaction.
func (db *DB) ReplaceLayer(ctx context.Context, l *territory.Layer) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: couche %s : %w", l.Kind, err)
	}
	defer tx.Rollback(ctx)
	err = func() error {
		table, columns, args := store.LayerRows(l.Kind)
		if _, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE couche = $1", l.Kind); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM couches WHERE nom = $1`, l.Kind); err != nil {
			return err
		}
		v := territory.Vintage{Layer: l.Kind, Vintage: l.Vintage, Source: l.Source, Loaded: l.Loaded}
		if _, err := tx.Exec(ctx, "INSERT INTO couches ("+store.LayerColumns+") VALUES ($1, $2, $3, $4)", store.LayerArgs(v)...); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, strings.Split(strings.ReplaceAll(columns, " ", ""), ","),
			pgx.CopyFromSlice(len(l.Zones), func(i int) ([]any, error) { return args(&l.Zones[i]), nil }))
		return err
	}()
	if err != nil {
		return fmt.Errorf("postgres: couche %s : %w", l.Kind, err)
	}
	return tx.Commit(ctx)
}
