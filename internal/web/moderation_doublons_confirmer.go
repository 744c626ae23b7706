package web

import (
	"net/http"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// The confirmation of a decision on duplicates: what « Même lieu »,
// « Lieux distincts » or « Séparer » will do (the records and places
// involved, which public id stays where, that later harvests keep the
// decision), with « Confirmer » (the same form, confirmer=oui) and
// « Annuler » (a link back, nothing changed).

// sideView is one record of a pair, or one place, on a confirmation.
type sideView struct {
	Source, ID, RawID, Name string
	Place, PlaceName        string
}

type confirmPairPage struct {
	pageMeta
	// Merge: « Même lieu » (the places merge); otherwise « Lieux
	// distincts ».
	Merge bool
	// Keep: « Même lieu » on an automatic merge a re-harvest weakened
	// (the records are in one place, Survivor): the merge stays.
	Keep               bool
	A, B               sideView
	Rows               []fieldRow
	Survivor, Absorbed string
	Total              string
	Decision           string // the form's value: confirmer or rejeter
}

// confirmPair shows what a decision on a pair will do.
func (s *Server) confirmPair(w http.ResponseWriter, r *http.Request, decision string, a, b *store.CurrentRecord, pair store.DuplicatePair) {
	p := confirmPairPage{pageMeta: pageMeta{Title: "Lieux distincts : confirmer", Nav: "espace"},
		A: recordSide(a), B: recordSide(b), Rows: recordRows(&a.Lieu, &b.Lieu), Total: decimal(pair.Total, false), Decision: "rejeter"}
	if decision == store.DecisionConfirmed {
		p.Title, p.Merge, p.Decision = "Même lieu : confirmer la fusion", true, "confirmer"
		if a.Place == b.Place && pair.Decision == store.DecisionAuto {
			p.Title, p.Keep, p.Survivor = "Même lieu : garder la fusion", true, a.Place
			s.render(w, r, http.StatusOK, "doublons_confirmer.html", p)
			return
		}
		if a.Place == b.Place {
			s.error(w, r, failure.Errorf(failure.Conflict, "Déjà réunis : les enregistrements %s « %s » et %s « %s » sont dans un même lieu (%s).", a.Source, a.Lieu.RawID(), b.Source, b.Lieu.RawID(), a.Place))
			return
		}
		survivor, err := s.store.MergeSurvivor(r.Context(), a.Place, b.Place)
		if err != nil {
			s.error(w, r, err)
			return
		}
		p.Survivor, p.Absorbed = survivor, a.Place
		if survivor == a.Place {
			p.Absorbed = b.Place
		}
	}
	s.render(w, r, http.StatusOK, "doublons_confirmer.html", p)
}

func recordSide(c *store.CurrentRecord) sideView {
	return sideView{Source: c.Source, ID: c.Lieu.ID, RawID: c.Lieu.RawID(), Name: c.Lieu.Nom, Place: c.Place, PlaceName: c.PlaceName}
}

type confirmSplitPage struct {
	pageMeta
	Record sideView
	// Others are the place's other current records, which stay together.
	Others []sideView
	// KeepsID: the place was published from the record, which keeps its
	// id; the others leave for another.
	KeepsID bool
	// Leaving is the id the records that leave will take (the id they had
	// before the merge, or a new one: Reclaimed says which).
	Leaving   string
	Reclaimed bool
	// Depuis is "lieu" from the place's page; CancelURL leads back there
	// or to the review.
	Depuis, CancelURL string
}

// confirmSplit shows what splitting record key off its place will do.
func (s *Server) confirmSplit(w http.ResponseWriter, r *http.Request, key store.RecordKey, rec *store.CurrentRecord) {
	recs, err := s.store.SourceRecords(r.Context(), rec.Place)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := confirmSplitPage{pageMeta: pageMeta{Title: "Séparer un enregistrement : confirmer", Nav: "espace"}, Record: recordSide(rec), Depuis: r.PostForm.Get("depuis"),
		CancelURL: SitePath("moderation", "doublons")}
	if p.Depuis == "lieu" {
		p.CancelURL = SitePath("lieux", rec.Place)
	}
	var current []store.SourceRecord
	for _, o := range recs {
		if !o.WithdrawnAt.IsZero() {
			continue
		}
		current = append(current, o)
		if o.Source != key.Source || o.SourceID != key.ID {
			p.Others = append(p.Others, sideView{Source: o.Source, ID: o.SourceID, RawID: o.Lieu.RawID(), Name: o.Lieu.Nom})
		}
	}
	if len(p.Others) == 0 {
		s.decided(w, r, failure.Errorf(failure.Conflict, "seul enregistrement du lieu"))
		return
	}
	plan, err := s.store.SplitPreview(r.Context(), key.Source, key.ID)
	if err != nil {
		s.decided(w, r, err)
		return
	}
	p.KeepsID, p.Leaving = plan.Record == rec.Place, plan.Record
	if p.KeepsID {
		p.Leaving = plan.Others
	}
	if to, moved, err := s.store.Redirect(r.Context(), p.Leaving); err == nil && moved && to == rec.Place {
		p.Reclaimed = true // its redirection to the place goes
	}
	s.render(w, r, http.StatusOK, "doublons_separer.html", p)
}
