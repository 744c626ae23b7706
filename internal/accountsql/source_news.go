package accountsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/merge"
	"maillage/internal/place"
	"maillage/internal/store"
)

// SourceNews says what the records say now about the fields set by hand
// (see store.HandEditNews).
func (s *Store) SourceNews(ctx context.Context, ids ...string) ([]store.PlaceNews, error) {
	out, err := s.sourceNews(ctx, ids)
	return out, wrap("nouvelles des sources", nil, err)
}

func (s *Store) sourceNews(ctx context.Context, ids []string) ([]store.PlaceNews, error) {
	if len(ids) == 0 {
		rows, err := s.rdb.QueryContext(ctx, `SELECT DISTINCT c.lieu_id FROM lieux_champs c JOIN lieux l ON l.id = c.lieu_id
			WHERE c.origine <> 'source' AND c.champ <> 'date_maj' ORDER BY c.lieu_id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	prio, err := s.priorities(ctx, s.rdb)
	if err != nil {
		return nil, err
	}
	var out []store.PlaceNews
	for _, id := range ids {
		var nom string
		err := s.rdb.QueryRowContext(ctx, s.q(`SELECT nom FROM lieux WHERE id = ?`), id).Scan(&nom)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		news, err := s.newsOf(ctx, s.rdb, id, prio)
		if err != nil {
			return nil, err
		}
		for _, n := range news {
			out = append(out, store.PlaceNews{LieuID: id, Nom: nom, News: n})
		}
	}
	return out, nil
}

// newsOf computes merge.SourceNews for the place id.
func (s *Store) newsOf(ctx context.Context, q querier, id string, prio map[string]int) ([]merge.News, error) {
	hand, err := s.handEdits(ctx, q, id)
	if err != nil || len(hand) == 0 {
		return nil, err
	}
	srs, err := s.records(ctx, q, id, true)
	if err != nil {
		return nil, err
	}
	recs := make([]merge.Record, len(srs))
	for i := range srs {
		recs[i] = merge.Record{Source: srs[i].Source, SourceID: srs[i].SourceID, Priority: prio[srs[i].Source], Lieu: &srs[i].Lieu}
	}
	return merge.SourceNews(recs, hand), nil
}

// TakeSourceValue drops a hand edit for the value a record says now
// (see store.HandEditNews).
func (s *Store) TakeSourceValue(ctx context.Context, id, field, actor string) error {
	err := s.handTx(ctx, func(tx *Tx) error {
		stored, _, _, _, ok, err := s.published(ctx, tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return failure.Errorf(failure.NotFound, "le lieu « %s » n'est pas publié", id)
		}
		hand, err := s.handEdits(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, set := hand[field]; !set || field == merge.DateField {
			return failure.Errorf(failure.NotFound, "le champ « %s » du lieu « %s » n'est pas modifié à la main", field, id)
		}
		prio, err := s.priorities(ctx, tx)
		if err != nil {
			return err
		}
		news, err := s.newsOf(ctx, tx, id, prio)
		if err != nil {
			return err
		}
		var taken *merge.News
		for i := range news {
			if news[i].Field == field {
				taken = &news[i]
			}
		}
		if taken == nil {
			return failure.Errorf(failure.Conflict, "aucune source ne dit plus autre chose que la modification à la main du champ « %s » du lieu « %s »", field, id)
		}
		fields := []string{field}
		if field == "latitude" {
			fields = append(fields, "longitude")
		}
		if err := s.dropHandEdits(ctx, tx, id, fields); err != nil {
			return err
		}
		if err := s.recompute(ctx, tx, id, actor, ""); err != nil {
			return err
		}
		var before string
		if f, ok := place.FieldIndex[field]; ok {
			vals := stored.Values()
			before = vals[f]
			if field == "latitude" {
				before = fmt.Sprintf("%s %s", vals[f], vals[place.FLongitude])
			}
		}
		return s.appendAudit(ctx, tx, audit.Entry{Actor: actor, Action: "lieu.valeur_source_reprise", Kind: "lieu", ObjectID: id,
			Before: audit.JSON(map[string]any{"champ": field, "valeur": before, "modifie_par": taken.Hand.Actor}),
			After:  audit.JSON(map[string]any{"champ": field, "valeur": taken.Value, "source": taken.Source, "id_source": taken.SourceID})})
	})
	return wrap("reprise de la valeur de la source", nil, err)
}
