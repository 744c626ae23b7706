package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"maillage/internal/audit"
	"maillage/internal/failure"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

// The button "Moissonner maintenant" of a source's page: the harvest
// starts under the source's lease (as the scheduled ones: never two at
// once, across servers), runs in the background, and the page shows it
// running, then its report. Without JavaScript: POST, then 303 to the
// source's page.

// sourceFlash says on a source's page what was just done.
func sourceFlash(r *http.Request) string {
	switch r.URL.Query().Get("message") {
	case "moisson-lancee":
		return "Moisson lancée : elle apparaît ci-dessous « en cours » ; actualisez la page pour voir son rapport."
	case "priorite-modifiee":
		return priorityFlash(r.URL.Query())
	case "moisson-deja-en-cours":
		return "Cette source est déjà en cours de moisson (moisson programmée, commande ou autre serveur) : son rapport apparaîtra ci-dessous."
	}
	return ""
}

// sourceHarvestNow starts a harvest of the source now.
func (s *Server) sourceHarvestNow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.PathValue("nom")
	if s.cfg.Harvest == nil {
		s.fail(w, r, failure.Errorf(failure.Unavailable, "Ce serveur ne moissonne pas depuis le site : lancez « maillage moissonner %s ».", name))
		return
	}
	src, err := s.store.Source(ctx, name)
	if err == nil && !src.RemovedAt.IsZero() {
		err = failure.Errorf(failure.NotFound, "La source « %s » est supprimée : elle ne se moissonne plus.", name)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := SitePath("sources", src.Name)
	opt := *s.cfg.Harvest
	opt.Actor = actor(r)
	// The harvest outlives the request: it ends with the server (a
	// harvest cancelled is rolled back).
	id, done, err := harvest.Start(s.stopping, s.store, src, opt)
	if errors.Is(err, failure.ErrConflict) {
		http.Redirect(w, r, page+"?"+url.Values{"message": {"moisson-deja-en-cours"}}.Encode(), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		o := <-done
		if o.Err != nil {
			s.log.Warn("moisson demandée depuis le site en échec", "source", src.Name, "moisson", id, "err", o.Run.Error)
			return
		}
		if harvest.MergeFailed(o.Run) {
			s.log.Warn("moisson demandée depuis le site réussie, mais la recherche des doublons a échoué", "source", src.Name, "moisson", id, "err", o.Run.Error)
			return
		}
		s.log.Info("moisson demandée depuis le site", "source", src.Name, "moisson", id, "statut", o.Run.Status)
	}()
	if err := s.store.Record(ctx, audit.Entry{Actor: actor(r), Action: store.ActionSourceHarvestAsked, Kind: "source", ObjectID: src.Name,
		After: audit.JSON(map[string]any{"moisson": id})}); err != nil {
		s.log.Warn("journal d'audit : moisson demandée", "source", src.Name, "err", err)
	}
	http.Redirect(w, r, page+"?"+url.Values{"message": {"moisson-lancee"}, "moisson": {strconv.FormatInt(id, 10)}}.Encode(), http.StatusSeeOther)
}
