// Package geocodesql stores the geocoder's answers through database/sql,
// for both adapters (sqlite, and postgres through pgx's database/sql
// driver): the table is the same and the SQL portable, only placeholders
// differ.
package geocodesql

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"maillage/internal/store"
)

// Store implements store.Geocodings.
type Store struct {
	db, rdb *sql.DB // writes (SQLite: its single writer), reads
	dollar  bool    // placeholders $1, $2… (PostgreSQL)
	busy    time.Duration
}

// New returns the answers' store writing through db and reading through
// rdb; dollar says placeholders are $1, $2…; busy bounds the wait for a
// writer's connection.
func New(db, rdb *sql.DB, dollar bool, busy time.Duration) *Store {
	return &Store{db: db, rdb: rdb, dollar: dollar, busy: busy}
}

var _ store.Geocodings = (*Store)(nil)

// placeholders returns n placeholders separated by commas, numbered from
// first on PostgreSQL.
func (s *Store) placeholders(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if s.dollar {
			b.WriteString("$" + strconv.Itoa(first+i))
		} else {
			b.WriteString("?")
		}
	}
	return b.String()
}

// chunk is how many keys one query asks for (well below SQLite's and
// PostgreSQL's limits on parameters).
const chunk = 500

// Geocodings returns the stored answers of keys.
func (s *Store) Geocodings(ctx context.Context, keys []string) (map[string]store.Geocoding, error) {
	out := make(map[string]store.Geocoding, len(keys))
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, len(part))
		for i, k := range part {
			args[i] = k
		}
		rows, err := s.rdb.QueryContext(ctx, `SELECT cle, trouve, latitude, longitude, libelle, score, type, code_insee, service, at FROM geocodages WHERE cle IN (`+
			s.placeholders(1, len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("géocodages : %w", err)
		}
		for rows.Next() {
			var g store.Geocoding
			var found int
			var at string
			if err := rows.Scan(&g.Key, &found, &g.Lat, &g.Lon, &g.Label, &g.Score, &g.Type, &g.Citycode, &g.Service, &at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("géocodages : %w", err)
			}
			g.Found, g.At = found != 0, store.ParseTime(at)
			out[g.Key] = g
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("géocodages : %w", err)
		}
	}
	return out, nil
}

// SaveGeocodings stores answers, replacing those of the same keys.
func (s *Store) SaveGeocodings(ctx context.Context, gs []store.Geocoding) error {
	if len(gs) == 0 {
		return nil
	}
	conn, err := store.WriteConn(ctx, s.db, s.busy)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return store.Busy(err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO geocodages (cle, trouve, latitude, longitude, libelle, score, type, code_insee, service, at)
		VALUES (`+s.placeholders(1, 10)+`)
		ON CONFLICT (cle) DO UPDATE SET trouve = excluded.trouve, latitude = excluded.latitude, longitude = excluded.longitude,
			libelle = excluded.libelle, score = excluded.score, type = excluded.type, code_insee = excluded.code_insee,
			service = excluded.service, at = excluded.at`)
	if err != nil {
		return fmt.Errorf("géocodages : %w", err)
	}
	defer stmt.Close()
	for _, g := range gs {
		found := 0
		if g.Found {
			found = 1
		}
		if _, err := stmt.ExecContext(ctx, g.Key, found, g.Lat, g.Lon, g.Label, g.Score, g.Type, g.Citycode, g.Service, store.FormatTime(g.At)); err != nil {
			return fmt.Errorf("géocodages : %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		if store.IsBusy(err) {
			return store.Busy(err)
		}
		return fmt.Errorf("géocodages : %w", err)
	}
	return nil
}
