package store

import (
	"strings"

	"maillage/internal/place"
	"maillage/internal/territory"
)

// The adapters read rows with different drivers; these helpers hold what
// reading a row means, once.

// ScanFunc is a driver's Scan (sql.Rows.Scan, pgx.Row.Scan).
type ScanFunc func(dest ...any) error

// Scan fills r from a row of the 32 fields, pass_numerique and provenance.
func (r *Row) Scan(scan ScanFunc) error {
	dest := make([]any, 0, place.NumFields+2)
	for i := range r.Values {
		switch i {
		case place.FLatitude:
			dest = append(dest, &r.Lat)
		case place.FLongitude:
			dest = append(dest, &r.Lon)
		default:
			dest = append(dest, &r.Values[i])
		}
	}
	var prov string
	dest = append(dest, &r.Pass, &prov)
	if err := scan(dest...); err != nil {
		return err
	}
	r.Provenance = []byte(prov)
	return nil
}

// Rows is what both drivers' result sets offer (sql.Rows, pgx.Rows).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// EmitRows reads places' rows into emit until it returns false; the caller
// closes rows.
func EmitRows(rows Rows, emit func(*Row) bool) error {
	var r Row
	for rows.Next() {
		if err := r.Scan(rows.Scan); err != nil {
			return err
		}
		if !emit(&r) {
			return nil
		}
	}
	return rows.Err()
}

// CommuneColumns are the columns of the communes table, in the order of
// CommuneArgs and ScanCommune.
const CommuneColumns = "code, nom, departement, region, epci, codes_postaux, population, latitude, longitude"

// CommuneArgs are the values of a commune's row.
func CommuneArgs(c *territory.Commune) []any {
	var lat, lon *float64
	if c.Centre != nil {
		lat, lon = &c.Centre.Lat, &c.Centre.Lon
	}
	return []any{c.Code, c.Nom, c.Departement, c.Region, c.EPCI, strings.Join(c.CodesPostaux, "|"), c.Population, lat, lon}
}

// ScanCommune reads a commune's row.
func ScanCommune(scan ScanFunc) (territory.Commune, error) {
	var c territory.Commune
	var cps string
	var lat, lon *float64
	if err := scan(&c.Code, &c.Nom, &c.Departement, &c.Region, &c.EPCI, &cps, &c.Population, &lat, &lon); err != nil {
		return c, err
	}
	if cps != "" {
		c.CodesPostaux = strings.Split(cps, "|")
	}
	if lat != nil && lon != nil {
		c.Centre = &territory.Point{Lat: *lat, Lon: *lon}
	}
	return c, nil
}
