package web

import (
	"context"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
)

// Who reads a monthly aggregate or a coordination activity: its author
// and the administrators, the same accounts that change and delete it.
// Any other account gets what a missing one gets (404, the store's
// words for a missing entry) on its form, its confirmation page, its
// edit and its deletion, so that no account learns which ids exist; a
// 403 would say only why one it reads is not its to change.

var (
	errAggregateHidden    = failure.Errorf(failure.NotFound, "Agrégat mensuel introuvable.")
	errCoordinationHidden = failure.Errorf(failure.NotFound, "Activité de coordination introuvable.")
)

// mayReadEntry: u is the entry's author or an administrator.
func mayReadEntry(u *account.User, author int64) bool {
	return u != nil && (u.Role == account.Administrateur || author == u.ID)
}

// readableAggregate is aggregate id as u may read it: errAggregateHidden
// when it is another's.
func (s *Server) readableAggregate(ctx context.Context, u *account.User, id int64) (activity.Aggregate, error) {
	g, err := s.store.Aggregate(ctx, id)
	if err == nil && !mayReadEntry(u, g.Account) {
		return activity.Aggregate{}, errAggregateHidden
	}
	return g, err
}

// readableCoordination is coordination activity id as u may read it:
// errCoordinationHidden when it is another's.
func (s *Server) readableCoordination(ctx context.Context, u *account.User, id int64) (activity.Coordination, error) {
	c, err := s.store.Coordination(ctx, id)
	if err == nil && !mayReadEntry(u, c.Account) {
		return activity.Coordination{}, errCoordinationHidden
	}
	return c, err
}
