package web

import (
	"context"
	"net/http"
	"net/url"

	"maillage/internal/account"
	"maillage/internal/store"
)

// GET /moderation/doublons/fait: after « Lieux distincts » or « Séparer »,
// what was done and, while it still can be, « Annuler cette décision »
// (POST /moderation/doublons/annuler). The decision is named in the query
// (quoi=rejet with the pair's key, quoi=separation with the record and
// the store.Split); the page reads the state again and offers the undo
// only when the decision still stands and the person may take it back.

type donePage struct {
	pageMeta
	// Quoi: "rejet" or "separation".
	Quoi string
	// Rejet: the pair's two records.
	A, B sideView
	// Separation: the record split off, where it went and where the
	// others stayed (Split), and the place it was in (From).
	Record           sideView
	Lieu, Autres, De string
	// Le names the decision (its time, store.FormatTime): the undo
	// takes back this one only.
	Le                 string
	Depuis             string
	CanUndo            bool
	Gone               string // why there is nothing to undo any more
	BackURL, BackLabel string
}

// doneURL is the result page of a decision described by v.
func doneURL(v url.Values) string {
	return SitePath("moderation", "doublons", "fait") + "?" + v.Encode()
}

// knownPlacesRequest is placesRequest on the places still published among
// ids: an undo on a place merged or withdrawn since is refused by the
// store (409), not by the territory rule; none published: an
// administrator's.
func (s *Server) knownPlacesRequest(ctx context.Context, ids ...string) account.Request {
	var known []string
	for _, id := range ids {
		if _, ok := s.indexOf(ctx).Lieu(id); ok {
			known = append(known, id)
		}
	}
	return s.placesRequest(ctx, known...)
}

func (s *Server) moderationDoublonsFait(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	r, err := s.freshSnapshot(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	u := currentUser(r)
	p := donePage{pageMeta: pageMeta{Title: "Décision enregistrée", Nav: "espace"}, Quoi: q.Get("quoi"), Le: q.Get("le"),
		BackURL: SitePath("moderation", "doublons"), BackLabel: "Revenir aux doublons à vérifier"}
	switch p.Quoi {
	case "rejet":
		key := store.NewPairKey(store.RecordKey{Source: q.Get("source_a"), ID: q.Get("id_a")}, store.RecordKey{Source: q.Get("source_b"), ID: q.Get("id_b")})
		pairs, err := s.store.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{key}})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(pairs) == 0 {
			s.notFound(w, r)
			return
		}
		recs, err := s.store.CurrentRecordsByKeys(ctx, []store.RecordKey{key.A, key.B})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.A, p.B = sideView{Source: key.A.Source, ID: key.A.ID, RawID: key.A.ID}, sideView{Source: key.B.Source, ID: key.B.ID, RawID: key.B.ID}
		var places []string
		for i := range recs {
			side := recordSide(&recs[i])
			if side.Source == key.A.Source && side.ID == key.A.ID {
				p.A = side
			} else {
				p.B = side
			}
			places = append(places, recs[i].Place)
		}
		p.Title = "Lieux distincts : décision enregistrée"
		switch {
		case pairs[0].Decision == store.DecisionRejected && !pairs[0].DecidedAt.Equal(store.ParseTime(p.Le)):
			p.Gone = "Cette décision n'est plus en vigueur : elle a été annulée, puis la paire jugée de nouveau « lieux distincts » depuis ; la page de cette nouvelle décision peut l'annuler."
		case pairs[0].Decision == store.DecisionRejected:
			p.CanUndo = account.MayDecide(u, s.knownPlacesRequest(ctx, places...)) == nil
		default:
			p.Gone = "Cette décision n'est plus en vigueur : elle a été annulée depuis."
		}
	case "separation":
		key := store.RecordKey{Source: q.Get("source"), ID: q.Get("id")}
		p.Lieu, p.Autres, p.De, p.Depuis = q.Get("lieu"), q.Get("autres"), q.Get("de"), q.Get("depuis")
		if key.Source == "" || key.ID == "" || p.Lieu == "" || p.Autres == "" || p.De != p.Lieu && p.De != p.Autres {
			s.notFound(w, r)
			return
		}
		recs, err := s.store.CurrentRecordsByKeys(ctx, []store.RecordKey{key})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Title = "Enregistrement séparé"
		p.Record = sideView{Source: key.Source, ID: key.ID, RawID: key.ID}
		if len(recs) == 1 {
			p.Record = recordSide(&recs[0])
		}
		if len(recs) == 1 && recs[0].Place == p.Lieu {
			p.CanUndo = account.MayDecide(u, s.knownPlacesRequest(ctx, p.Lieu, p.Autres)) == nil
		} else {
			p.Gone = "Cette séparation ne peut plus être annulée d'ici : l'enregistrement a changé de lieu depuis."
		}
		if p.Depuis == "lieu" {
			p.BackURL, p.BackLabel = SitePath("lieux", p.De), "Revenir au lieu "+p.De
		}
	default:
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "doublons_fait.html", p)
}
