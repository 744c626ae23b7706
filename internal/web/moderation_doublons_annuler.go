package web

import (
	"net/http"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// POST /moderation/doublons/annuler: « Annuler cette décision » on the
// result page of a rejection (quoi=rejet: the pair is to review again)
// or of a split (quoi=separation: the record rejoins the place it left).
// Allowed to the same people as the decision (the places in the
// coordinator's territory, or an administrator); the store reads the
// state again in its transaction and answers 409, with a French message,
// when a colleague or a harvest changed it since.
func (s *Server) moderationDoublonsAnnuler(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	r, err := s.freshSnapshot(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	// The decision taken back is named by its time: a form kept from an
	// earlier decision never undoes a later one (409).
	// (Checked after the territory rule: someone who may not decide
	// learns nothing more from a form without it.)
	at := store.ParseTime(f.Get("le"))
	errNoTime := failure.Errorf(failure.Invalid, "Décision à annuler illisible : sa date manque ; rouvrez la page de la décision.")
	switch f.Get("quoi") {
	case "rejet":
		key := store.NewPairKey(store.RecordKey{Source: f.Get("source_a"), ID: f.Get("id_a")}, store.RecordKey{Source: f.Get("source_b"), ID: f.Get("id_b")})
		recs, err := s.store.CurrentRecordsByKeys(ctx, []store.RecordKey{key.A, key.B})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var places []string
		for _, c := range recs {
			places = append(places, c.Place)
		}
		if err := account.MayDecide(currentUser(r), s.knownPlacesRequest(ctx, places...)); err != nil {
			s.error(w, r, err)
			return
		}
		if at.IsZero() {
			s.error(w, r, errNoTime)
			return
		}
		if err := s.store.UndoReject(ctx, key, at, actor(r)); err != nil {
			s.error(w, r, err)
			return
		}
		s.syncAfterWrite(r)
		http.Redirect(w, r, "/moderation/doublons?message=rejet-annule", http.StatusSeeOther)
	case "separation":
		key := store.RecordKey{Source: f.Get("source"), ID: f.Get("id")}
		split := store.Split{Record: f.Get("lieu"), Others: f.Get("autres"), From: f.Get("de"), At: at}
		if err := account.MayDecide(currentUser(r), s.knownPlacesRequest(ctx, split.Record, split.Others)); err != nil {
			s.error(w, r, err)
			return
		}
		if at.IsZero() {
			s.error(w, r, errNoTime)
			return
		}
		into, err := s.store.UndoSplit(ctx, key, split, store.MergeInfo{Actor: actor(r), Reason: "Séparation annulée par un coordinateur"})
		if err != nil {
			s.error(w, r, err)
			return
		}
		s.syncAfterWrite(r)
		http.Redirect(w, r, SitePath("lieux", into)+"?message=separation-annulee", http.StatusSeeOther)
	default:
		s.error(w, r, failure.Errorf(failure.Invalid, "Décision à annuler illisible : rejet ou separation."))
	}
}
