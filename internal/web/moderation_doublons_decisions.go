package web

import (
	"errors"
	"net/http"
	"net/url"

	"maillage/internal/account"
	"maillage/internal/dedup"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// POST /moderation/doublons/decision and /moderation/doublons/separer: a
// person's decision on a pair, and the split of a wrong merge. Both read
// only the records and pairs they decide on, by key. Without
// confirmer=oui, each shows what it would do (moderation_doublons_confirmer.go)
// and changes nothing; a rejection and a split then lead to a page that
// offers to undo them (moderation_doublons_fait.go).

// moderationDoublonsDecision confirms or rejects a pair to review.
func (s *Server) moderationDoublonsDecision(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	key := store.NewPairKey(store.RecordKey{Source: f.Get("source_a"), ID: f.Get("id_a")}, store.RecordKey{Source: f.Get("source_b"), ID: f.Get("id_b")})
	var decision string
	switch f.Get("decision") {
	case "confirmer":
		decision = store.DecisionConfirmed
	case "rejeter":
		decision = store.DecisionRejected
	default:
		s.error(w, r, failure.Errorf(failure.Invalid, "Décision illisible : confirmer ou rejeter."))
		return
	}
	r, err := s.freshSnapshot(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	pairs, err := s.store.DuplicatePairs(ctx, store.PairFilter{Keys: []store.PairKey{key}})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(pairs) == 0 {
		s.notFound(w, r)
		return
	}
	pair := pairs[0]
	recs, err := s.store.CurrentRecordsByKeys(ctx, []store.RecordKey{key.A, key.B})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(recs) != 2 {
		s.notFound(w, r)
		return
	}
	a, b := &recs[0], &recs[1] // in key order, as key.A and key.B
	if err := account.MayDecide(currentUser(r), s.placesRequest(ctx, a.Place, b.Place)); err != nil {
		s.error(w, r, err)
		return
	}
	// An automatic merge a re-harvest weakened waits for a person too:
	// its records are still in one place.
	weakened := pair.Decision == store.DecisionAuto && a.Place == b.Place
	if pair.Decision != "" && !weakened {
		s.pairDecided(w, r, pair)
		return
	}
	// One click shows what will happen; the decision is taken on the
	// confirmation's « Confirmer » (confirmer=oui).
	if f.Get("confirmer") != "oui" {
		s.confirmPair(w, r, decision, a, b, pair)
		return
	}
	// The decision is taken in the store, once (a racing decision is
	// refused: 409); a confirmation merges the places in the same
	// transaction, unless a decision already separated them, keeping
	// the place the confirmation said survives (or refused: 409).
	if decision == store.DecisionConfirmed {
		survivor := f.Get("survivant")
		if survivor == "" {
			s.error(w, r, failure.Errorf(failure.Invalid, "Lieu qui garde son identifiant manquant : recommencez depuis la liste des doublons."))
			return
		}
		_, err = s.store.ConfirmPair(ctx, key, survivor, store.MergeInfo{Actor: actor(r),
			Reason: "Même lieu, confirmé par un coordinateur", Score: pair.Total})
	} else {
		err = s.store.DecidePair(ctx, key, decision, actor(r))
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.syncAfterWrite(r)
	if decision == store.DecisionRejected {
		// The result page offers to undo it: this rejection, named by
		// its time, never a colleague's later one.
		done := url.Values{"quoi": {"rejet"}, "source_a": {key.A.Source}, "id_a": {key.A.ID}, "source_b": {key.B.Source}, "id_b": {key.B.ID}}
		if pairs, err := s.store.DuplicatePairs(r.Context(), store.PairFilter{Keys: []store.PairKey{key}}); err == nil && len(pairs) == 1 && pairs[0].Decision == store.DecisionRejected {
			done.Set("le", store.FormatTime(pairs[0].DecidedAt))
		}
		http.Redirect(w, r, doneURL(done), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/moderation/doublons?message=decide", http.StatusSeeOther)
}

// moderationDoublonsSeparer splits a record off its merged place, from the
// review of duplicates or from the place's page (depuis=lieu: back to the
// place); the pairs between it and the place's other records are marked
// split (dedup.Split), so that no harvest merges them again.
func (s *Server) moderationDoublonsSeparer(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	key := store.RecordKey{Source: r.PostForm.Get("source"), ID: r.PostForm.Get("id")}
	r, err := s.freshSnapshot(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	recs, err := s.store.CurrentRecordsByKeys(ctx, []store.RecordKey{key})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(recs) == 0 {
		s.notFound(w, r)
		return
	}
	if err := account.MayDecide(currentUser(r), s.placesRequest(ctx, recs[0].Place)); err != nil {
		s.error(w, r, err)
		return
	}
	if r.PostForm.Get("confirmer") != "oui" {
		s.confirmSplit(w, r, key, &recs[0])
		return
	}
	from, to, err := dedup.Split(ctx, s.store, key, store.MergeInfo{Actor: actor(r), Reason: "Fusion erronée, séparée par un coordinateur"})
	switch {
	case errors.Is(err, failure.ErrConflict):
		s.decided(w, r, err)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.syncAfterWrite(r)
	// The result page offers to undo it.
	done := url.Values{"quoi": {"separation"}, "source": {key.Source}, "id": {key.ID}, "lieu": {to.Record}, "autres": {to.Others}, "de": {from}, "le": {store.FormatTime(to.At)}}
	if r.PostForm.Get("depuis") == "lieu" {
		done.Set("depuis", "lieu")
	}
	http.Redirect(w, r, doneURL(done), http.StatusSeeOther)
}

// pairDecided answers a decision on a pair somebody decided already
// (409), naming who and when, as the store's refusal inside its
// transaction does.
func (s *Server) pairDecided(w http.ResponseWriter, r *http.Request, p store.DuplicatePair) {
	what := "traitée"
	switch p.Decision {
	case store.DecisionConfirmed:
		what = "confirmée (même lieu)"
	case store.DecisionRejected:
		what = "rejetée (lieux distincts)"
	case store.DecisionSplit:
		what = "séparée"
	}
	err := failure.Errorf(failure.Conflict, "Déjà décidé : la paire %s « %s » et %s « %s » a déjà été %s par %s, le %s.",
		p.A.Source, p.A.ID, p.B.Source, p.B.ID, what, p.DecidedBy, frenchDateMinute(p.DecidedAt)).Naming(p.DecidedBy)
	s.render(w, r, http.StatusConflict, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Déjà décidé"},
		Message: s.namingActors(r, err, failure.MessageOf(err)), Back: "/moderation/doublons", BackLabel: "Revenir aux doublons à vérifier"})
}
