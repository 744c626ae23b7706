package web

import (
	"context"

	"maillage/internal/account"
)

// recordView is a current source record of a place, on the place's page
// for the moderators who answer for it: a wrong merge is split from there
// too (POST /moderation/doublons/separer with depuis=lieu), not only from
// the review of duplicates.
type recordView struct {
	Source, ID, Name string
	RawID            string // the id as the source wrote it (shown; ID keys the record)
}

// splittableRecords are the current records of a place held by several,
// when u may split them (the rule of the review: the place in u's
// territory); none otherwise.
func (s *Server) splittableRecords(ctx context.Context, u *account.User, id string) []recordView {
	if account.MayDecide(u, s.placesRequest(ctx, id)) != nil {
		return nil
	}
	recs, err := s.store.SourceRecords(ctx, id)
	if err != nil {
		return nil
	}
	var out []recordView
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() {
			out = append(out, recordView{Source: r.Source, ID: r.SourceID, RawID: r.Lieu.RawID(), Name: r.Lieu.Nom})
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
