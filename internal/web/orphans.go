package web

import (
	"context"

	"maillage/internal/account"
)

// A place whose every source withdrew it stays published when a person
// set some of its fields by hand; the usual reason a list drops a site is
// that it closed, so the coordinators of its territory find it in their
// queue (« Lieux que plus aucune source ne décrit ») and on its page,
// until one of them confirms or edits it.

// orphanView is a place no source describes any more.
type orphanView struct {
	LieuID, Nom      string
	Source, SourceID string
	When             string
}

// orphans are the places of u's territory no source describes any more
// (all of them for an administrator), or only place id when id is not "".
func (s *Server) orphans(ctx context.Context, u *account.User, id string) ([]orphanView, error) {
	all, err := s.store.OrphanedPlaces(ctx)
	if err != nil {
		return nil, err
	}
	ix := s.indexOf(ctx)
	var out []orphanView
	for _, o := range all {
		if id != "" && o.LieuID != id {
			continue
		}
		l, ok := ix.Lieu(o.LieuID)
		if !ok || !u.CoversScope(s.scope(ctx, l)) {
			continue
		}
		out = append(out, orphanView{LieuID: o.LieuID, Nom: o.Nom, Source: o.Source, SourceID: o.SourceID, When: frenchDate(o.WithdrawnAt)})
	}
	return out, nil
}
