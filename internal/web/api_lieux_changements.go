package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"maillage/internal/failure"
	"maillage/internal/place"
)

// The changes feed: GET /api/v1/lieux/changements?depuis=CURSEUR[&limite=N]
// tells another platform what changed in the registry after a cursor, so
// that it follows it without downloading everything. The cursor is the
// change log's sequence (a revision of the database, never a clock): 0,
// the "curseur" of the previous page, or the Curseur-Changements header of
// an open-data file.

// Kinds of change of the feed.
const (
	changeCreated   = "cree"     // a place a reader at the cursor did not have
	changeUpdated   = "modifie"  // a place it had, changed
	changeMerged    = "fusionne" // merged into another place (remplace_par)
	changeWithdrawn = "retire"   // withdrawn from the registry (its sources no longer list it)
	changeDeleted   = "supprime" // removed from the registry
)

const (
	defaultChangesLimit = 500
	maxChangesLimit     = 1000
)

// changesCursorHeader is the header of the open-data files that gives the
// feed's cursor they stand at.
const changesCursorHeader = "Curseur-Changements"

func (s *Server) apiLieuxChangements(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	since, err := strconv.ParseInt(q.Get("depuis"), 10, 64)
	if err != nil || since < 0 || !decimalNumber.MatchString(q.Get("depuis")) {
		badParam(w, &ParamError{Param: "depuis", Value: q.Get("depuis"),
			Message: "curseur attendu : un entier positif ou nul (0 pour tout lire, puis le « curseur » de la réponse précédente)"})
		return
	}
	limit := defaultChangesLimit
	if v := q.Get("limite"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxChangesLimit {
			badParam(w, &ParamError{Param: "limite", Value: v, Message: "nombre de changements attendu, entre 1 et " + strconv.Itoa(maxChangesLimit)})
			return
		}
		limit = n
	}
	ctx := r.Context()
	c, err := s.store.Changes(ctx, since, limit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if c.Gap {
		s.error(w, r, failure.Errorf(failure.Conflict, "Le journal des changements ne remonte plus jusqu'au curseur %d : les changements plus anciens ont été effacés. "+
			"Téléchargez à nouveau tout le registre (/donnees/lieux.json), puis reprenez depuis le curseur que donne son en-tête %s.", since, changesCursorHeader))
		return
	}
	if len(c.IDs) == 0 {
		// Nothing after the cursor: it must not be ahead of the log (a
		// cursor of another database, or of one restored from a backup).
		rev, err := s.store.Revision(ctx)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if since > rev.Lieux {
			s.error(w, r, failure.Errorf(failure.Conflict, "Le curseur %d est postérieur au dernier changement du registre (%d) : il ne vient pas de ce registre, ou celui-ci a été restauré. "+
				"Téléchargez à nouveau tout le registre (/donnees/lieux.json), puis reprenez depuis le curseur que donne son en-tête %s.", since, rev.Lieux, changesCursorHeader))
			return
		}
	}
	ls, err := s.lieuxByID(ctx, c.IDs)
	if err != nil {
		s.error(w, r, err)
		return
	}
	current := make(map[string]*place.Lieu, len(ls))
	for _, l := range ls {
		current[l.ID] = l
	}
	// The places gone: merged into another, withdrawn, or deleted.
	gone := map[string]string{}
	survivors := map[string]string{}
	for _, id := range c.IDs {
		if current[id] != nil {
			continue
		}
		kind, survivor, err := s.goneKind(ctx, id)
		if err != nil {
			s.error(w, r, err)
			return
		}
		gone[id], survivors[id] = kind, survivor
	}
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	b := (*buf)[:0]
	b = append(b, `{"depuis":`...)
	b = strconv.AppendInt(b, since, 10)
	b = append(b, `,"curseur":`...)
	b = strconv.AppendInt(b, c.Rev, 10)
	b = append(b, `,"suite":`...)
	b = strconv.AppendBool(b, c.More)
	b = append(b, `,"changements":[`...)
	day := today(s.cfg.Now())
	for i, id := range c.IDs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n"+`{"type":"`...)
		l, ok := current[id]
		switch {
		case ok && c.Created[id]:
			b = append(b, changeCreated...)
		case ok:
			b = append(b, changeUpdated...)
		default:
			b = append(b, gone[id]...)
		}
		b = append(b, `","id":`...)
		quoted, _ := json.Marshal(id)
		b = append(b, quoted...)
		if survivor := survivors[id]; survivor != "" {
			b = append(b, `,"remplace_par":`...)
			quoted, _ := json.Marshal(survivor)
			b = append(b, quoted...)
		}
		if ok {
			b = append(b, `,"lieu":`...)
			b = appendPlace(b, l, day)
		}
		b = append(b, '}')
	}
	b = append(b, "]}\n"...)
	*buf = b
	cors(w)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	w.Write(b)
}

// goneKind tells why a place is no longer published: merged into another
// (whose id it gives), withdrawn, or deleted.
func (s *Server) goneKind(ctx context.Context, id string) (kind, survivor string, err error) {
	to, moved, err := s.store.Redirect(ctx, id)
	if err != nil {
		return "", "", err
	}
	if moved {
		return changeMerged, to, nil
	}
	if _, err := s.store.WithdrawnPlace(ctx, id); err == nil {
		return changeWithdrawn, "", nil
	} else if !errors.Is(err, failure.ErrNotFound) {
		return "", "", err
	}
	return changeDeleted, "", nil
}
