package web

import (
	"context"

	"maillage/internal/failure"
	"maillage/internal/store"
)

// One account cannot flood the coordinators' queue (the reviewer filed
// 1 500 proposals in 17 s): it has at most maxPendingPerPlace proposals
// waiting on one place, and maxPendingPerAccount waiting in all. Decided
// proposals do not count: a moderator's decision frees the room.
const (
	maxPendingPerPlace   = 3
	maxPendingPerAccount = 30
)

// proposalsPerPage is how many proposals a page of the queue shows.
const proposalsPerPage = 20

// checkProposalLimits refuses a new proposal of account user on place
// lieu ("" for a new place) past the limits, with a French message.
func (s *Server) checkProposalLimits(ctx context.Context, user int64, lieu string) error {
	pending, err := s.store.Proposals(ctx, store.StatusPending)
	if err != nil {
		return err
	}
	onPlace, all := 0, 0
	for _, p := range pending {
		if p.UserID != user {
			continue
		}
		all++
		if lieu != "" && p.LieuID == lieu {
			onPlace++
		}
	}
	switch {
	case onPlace >= maxPendingPerPlace:
		return failure.Errorf(failure.TooMany, "Vous avez déjà %d propositions en attente sur ce lieu : attendez qu'un coordinateur les examine avant d'en faire une autre (rien n'a été enregistré).", onPlace)
	case all >= maxPendingPerAccount:
		return failure.Errorf(failure.TooMany, "Vous avez déjà %d propositions en attente, le plus qu'un compte puisse en avoir : attendez que les coordinateurs les examinent avant d'en faire d'autres (rien n'a été enregistré).", all)
	}
	return nil
}
