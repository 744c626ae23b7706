package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"maillage/internal/merge"
	"maillage/internal/place"
	"maillage/internal/store"
)

// An import's transaction, for both engines: each adapter begins it its
// own way (SQLite's writer, PostgreSQL's lock on lieux) and hands it over.

// insertBatch is how many places (and records) one INSERT of an import
// writes: a statement per place cost each its own statement journal and
// round of database/sql.
const insertBatch = 64

var (
	placeTuple = "(?" + strings.Repeat(", ?", 3+place.NumFields-1+5) + ")"
	// updateRecord writes a record again, by source and id.
	updateRecord = "UPDATE enregistrements SET valeurs = ?, latitude = ?, longitude = ?, pass_numerique = ?, provenance = ?, diagnostics = ?, hash = ?, dernier_vu = ?, retire_at = '', a_comparer = a_comparer + 1 WHERE source = ? AND source_id = ?"
)

func insertPlaces(n int) string {
	return strings.Replace(insertLieu, "VALUES "+placeTuple, "VALUES "+strings.TrimSuffix(strings.Repeat(placeTuple+", ", n), ", "), 1)
}

func insertRecords(n int) string {
	return "INSERT INTO enregistrements (" + recordColumns + ") VALUES " + strings.TrimSuffix(strings.Repeat(recordTuple+", ", n), ", ")
}

type importTx struct {
	s       *Store
	tx      *Tx
	release func()
	source  string
	plan    *store.Plan
	now     string
	insertP *sql.Stmt // of insertBatch places
	insertR *sql.Stmt // of insertBatch records
	updateP *sql.Stmt
	updateR *sql.Stmt
	// pending are the values of the created places and records not yet
	// inserted, ids their source's ids (places of them have a place: not
	// the records a deferred import leaves unplaced); flush writes them.
	pendingP, pendingR []any
	ids                []string
	places             int
	done               bool
}

// DeferPlaces leaves the new records unplaced (see store.Import).
func (im *importTx) DeferPlaces() { im.plan.Defer() }

// BeginImportIn starts an import of source in tx, a write transaction the
// adapter began (release gives its connection back once it ended).
func (s *Store) BeginImportIn(ctx context.Context, sqlTx *sql.Tx, release func(), source string) (store.Import, error) {
	tx := &Tx{Tx: sqlTx, now: s.now().UTC()}
	im := &importTx{s: s, tx: tx, release: release, source: source, now: ts(tx.now)}
	if err := im.load(ctx); err != nil {
		sqlTx.Rollback()
		release()
		return nil, err
	}
	return im, nil
}

// load reads what the plan needs and prepares the statements.
func (im *importTx) load(ctx context.Context) error {
	s, tx := im.s, im.tx
	var prio int
	err := tx.QueryRowContext(ctx, s.q(`SELECT priorite FROM sources WHERE nom = ?`), im.source).Scan(&prio)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	im.plan = store.NewPlan(im.source, prio)
	each := func(query string, fn func(scan func(...any) error) error, args ...any) error {
		rows, err := tx.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows.Scan); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	if err := each(`SELECT source_id, lieu_id, hash, retire_at FROM enregistrements WHERE source = ?`, func(scan func(...any) error) error {
		var id, lieu, hash, withdrawn string
		if err := scan(&id, &lieu, &hash, &withdrawn); err != nil {
			return err
		}
		im.plan.Stored(id, lieu, hash, withdrawn != "")
		return nil
	}, im.source); err != nil {
		return err
	}
	if err := each(`SELECT l.id, CAST(l.date_maj AS TEXT) FROM lieux l JOIN enregistrements e ON e.lieu_id = l.id WHERE e.source = ? AND e.retire_at = ''`, func(scan func(...any) error) error {
		var id, date string
		if err := scan(&id, &date); err != nil {
			return err
		}
		if d, err := time.Parse(place.DateLayout, date); err == nil {
			im.plan.Dated(id, d)
		}
		return nil
	}, im.source); err != nil {
		return err
	}
	withdrawn := func(id string) { im.plan.Taken(id); im.plan.Retired(id) }
	for _, q := range []struct {
		query string
		tell  func(string)
	}{
		{`SELECT id FROM lieux`, im.plan.Taken},
		{`SELECT id FROM lieux_retires`, withdrawn},
		{`SELECT ancien_id FROM redirections`, im.plan.Taken},
		{`SELECT lieu_id FROM enregistrements WHERE retire_at = '' GROUP BY lieu_id HAVING count(*) > 1`, im.plan.Shared},
	} {
		if err := each(q.query, func(scan func(...any) error) error {
			var id string
			if err := scan(&id); err != nil {
				return err
			}
			q.tell(id)
			return nil
		}); err != nil {
			return err
		}
	}
	if err := each(`SELECT lieu_id, champ, origine, at, actor, dit_sources FROM lieux_champs WHERE origine <> 'source'`, func(scan func(...any) error) error {
		var id, field, at string
		var h merge.Hand
		if err := scan(&id, &field, &h.Origin, &at, &h.Actor, &h.Said); err != nil {
			return err
		}
		h.At = parseTS(at)
		im.plan.Protect(id, field, h)
		return nil
	}); err != nil {
		return err
	}
	im.plan.SetLoader(func(id string) (place.Lieu, error) {
		var r store.Row
		if err := r.Scan(tx.QueryRowContext(ctx, s.q(s.dialect.SelectLieux+" WHERE id = ?"), id).Scan); err != nil {
			return place.Lieu{}, err
		}
		return r.Lieu()
	})
	im.plan.SetRecordLoader(func(sourceID string) (place.Lieu, error) {
		sr, err := scanRecord(tx.QueryRowContext(ctx, s.q(selectRecords+" WHERE source = ? AND source_id = ?"), im.source, sourceID).Scan)
		return sr.Lieu, err
	})
	if im.insertP, err = tx.PrepareContext(ctx, s.q(insertPlaces(insertBatch))); err != nil {
		return err
	}
	if im.insertR, err = tx.PrepareContext(ctx, s.q(insertRecords(insertBatch))); err != nil {
		return err
	}
	if im.updateP, err = tx.PrepareContext(ctx, s.q(updateLieu)); err != nil {
		return err
	}
	im.updateR, err = tx.PrepareContext(ctx, s.q(updateRecord))
	return err
}

func (im *importTx) Put(ctx context.Context, l *place.Lieu) (store.Outcome, string, error) {
	return im.PutDiagnosed(ctx, l, nil)
}

func (im *importTx) PutDiagnosed(ctx context.Context, l *place.Lieu, diagnostics []byte) (store.Outcome, string, error) {
	d, err := im.plan.Decide(l)
	if err != nil {
		return 0, "", err
	}
	switch {
	case d.Outcome == store.Created:
		if !d.Unplaced {
			order, err := im.s.nextCreation(ctx, im.tx)
			if err != nil {
				return 0, "", err
			}
			r := &d.Row
			args := append(im.pendingP, d.PublicID, im.source, l.ID, r.Hash)
			args = rowArgs(args, r)
			im.pendingP = append(args, im.s.updatedAt(im.tx.now), im.s.updatedAt(im.tx.now), order)
			im.places++
		}
		im.pendingR = recordArgs(im.pendingR, im.source, l.ID, d.PublicID, &d.Record, diagnostics, im.now)
		im.ids = append(im.ids, l.ID)
		if len(im.ids) == insertBatch {
			if err := im.flush(ctx); err != nil {
				return 0, "", err
			}
		}
	case d.Outcome == store.Updated && d.Unplaced:
		// The record may be one of the pending ones (an id twice in a file).
		if err := im.flush(ctx); err != nil {
			return 0, "", err
		}
		if err := im.putRecord(ctx, l.ID, &d.Record, diagnostics); err != nil {
			return 0, "", err
		}
	case d.Outcome == store.Updated || d.Recompute:
		// The place may be one of the pending ones (an id twice in a file).
		if err := im.flush(ctx); err != nil {
			return 0, "", err
		}
		if err := im.putRecord(ctx, l.ID, &d.Record, diagnostics); err != nil {
			return 0, "", err
		}
		if d.Recompute {
			err = im.s.recompute(ctx, im.tx, d.PublicID, "import", "")
		} else {
			args := rowArgs(append(make([]any, 0, place.NumFields+5), d.Row.Hash), &d.Row)
			if _, err = im.updateP.ExecContext(ctx, append(args, im.s.updatedAt(im.tx.now), d.PublicID)...); err == nil {
				err = im.s.dropHandEdits(ctx, im.tx, d.PublicID, d.Replaced)
			}
		}
		if err != nil {
			return 0, "", fmt.Errorf("mise à jour du lieu %q : %w", d.PublicID, err)
		}
	}
	return d.Outcome, d.PublicID, nil
}

// putRecord writes a known record again.
func (im *importTx) putRecord(ctx context.Context, sourceID string, r *store.Row, diagnostics []byte) error {
	args := recordArgs(nil, im.source, sourceID, "", r, diagnostics, im.now)
	// recordArgs: source, source_id, lieu_id, valeurs, latitude, longitude, pass, provenance, diagnostics, hash…
	if _, err := im.updateR.ExecContext(ctx, args[3], args[4], args[5], args[6], args[7], args[8], args[9], im.now, im.source, sourceID); err != nil {
		return fmt.Errorf("mise à jour de l'enregistrement %q : %w", sourceID, err)
	}
	return nil
}

// flush inserts the pending places and records.
func (im *importTx) flush(ctx context.Context) error {
	if len(im.ids) == 0 {
		return nil
	}
	var err error
	switch {
	case im.places == insertBatch:
		_, err = im.insertP.ExecContext(ctx, im.pendingP...)
	case im.places > 0:
		_, err = im.tx.ExecContext(ctx, im.s.q(insertPlaces(im.places)), im.pendingP...)
	}
	if err == nil && len(im.ids) == insertBatch {
		_, err = im.insertR.ExecContext(ctx, im.pendingR...)
	} else if err == nil {
		_, err = im.tx.ExecContext(ctx, im.s.q(insertRecords(len(im.ids))), im.pendingR...)
	}
	if err != nil {
		if len(im.ids) == 1 {
			return fmt.Errorf("création du lieu %q : %w", im.ids[0], store.Busy(err))
		}
		return fmt.Errorf("création des lieux %q à %q : %w", im.ids[0], im.ids[len(im.ids)-1], store.Busy(err))
	}
	clear(im.pendingP)
	clear(im.pendingR)
	im.pendingP, im.pendingR, im.ids, im.places = im.pendingP[:0], im.pendingR[:0], im.ids[:0], 0
	return nil
}

func (im *importTx) Reject(sourceID string) bool { return im.plan.Reject(sourceID) }

func (im *importTx) Absent() (absent, total int) { return im.plan.Absent() }

// Withdraw withdraws the source's records absent from the import.
func (im *importTx) Withdraw(ctx context.Context) (int, error) {
	if err := im.flush(ctx); err != nil {
		return 0, err
	}
	ids := im.plan.AbsentIDs()
	places := map[string]bool{}
	var order []string
	for _, id := range ids {
		var lieu string
		if err := im.tx.QueryRowContext(ctx, im.s.q(`UPDATE enregistrements SET retire_at = ? WHERE source = ? AND source_id = ? RETURNING lieu_id`),
			im.now, im.source, id).Scan(&lieu); err != nil {
			return 0, fmt.Errorf("retrait de l'enregistrement %q : %w", id, err)
		}
		im.plan.Withdrawn(id)
		if lieu != "" && !places[lieu] { // an unplaced record has no place to compute again
			places[lieu] = true
			order = append(order, lieu)
		}
	}
	why := fmt.Sprintf("la source « %s » ne le donne plus", im.source)
	for _, lieu := range order {
		if err := im.s.recompute(ctx, im.tx, lieu, "import", why); err != nil {
			return 0, fmt.Errorf("retrait du lieu %q : %w", lieu, err)
		}
	}
	return len(ids), nil
}

func (im *importTx) Commit(ctx context.Context, file string) (c store.Counts, err error) {
	defer im.end()
	defer func() {
		if err != nil {
			im.tx.Rollback()
		}
	}()
	if err := im.flush(ctx); err != nil {
		return im.plan.Counts, err
	}
	// The records found unchanged were seen again.
	ids := im.plan.UnchangedIDs()
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, 0, n+2)
		args = append(args, im.now, im.source)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		if _, err := im.tx.ExecContext(ctx, im.s.q(`UPDATE enregistrements SET dernier_vu = ? WHERE source = ? AND source_id IN (?`+strings.Repeat(", ?", n-1)+`)`), args...); err != nil {
			return im.plan.Counts, fmt.Errorf("enregistrements vus : %w", store.Busy(err))
		}
		ids = ids[n:]
	}
	c = im.plan.Counts
	if _, err := im.tx.ExecContext(ctx, im.s.q(`INSERT INTO imports (source, file, finished_at, created, updated, unchanged, rejected) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		im.source, file, im.s.updatedAt(im.tx.now), c.Created, c.Updated, c.Unchanged, c.Rejected); err != nil {
		return c, fmt.Errorf("journal d'import : %w", store.Busy(err))
	}
	if err := im.s.appendAudit(ctx, im.tx, store.ImportEntry(im.source, file, c)); err != nil {
		return c, fmt.Errorf("journal d'audit de l'import : %w", store.Busy(err))
	}
	if err := im.tx.Commit(); err != nil {
		return c, fmt.Errorf("validation de l'import : %w", store.Busy(err))
	}
	return c, nil
}

func (im *importTx) Rollback(ctx context.Context) error {
	if im.done {
		return nil
	}
	defer im.end()
	err := im.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// end gives the connection back, once.
func (im *importTx) end() {
	if !im.done {
		im.done = true
		im.release()
	}
}
