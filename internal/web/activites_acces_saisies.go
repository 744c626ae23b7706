package web

import (
	"context"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
)

// Who reads a coordination activity: its author and the administrators,
// the same accounts that change and delete it. A monthly aggregate is
// read and deleted as an activity is (activites_acces.go: also by a
// coordinator of its territory), changed by its author and the
// administrators. Any account that may not read an entry gets what a
// missing one gets (404, the store's words for a missing entry) on its
// form, its confirmation page, its edit and its deletion, so that no
// account learns which ids exist; a 403 says only why one it reads is
// not its to change.

var (
	errAggregateHidden    = failure.Errorf(failure.NotFound, "Agrégat mensuel introuvable.")
	errCoordinationHidden = failure.Errorf(failure.NotFound, "Activité de coordination introuvable.")
)

// mayReadEntry: u is the entry's author or an administrator (who edit
// aggregates and coordination activities, and read the latter).
func mayReadEntry(u *account.User, author int64) bool {
	return u != nil && (u.Role == account.Administrateur || author == u.ID)
}

// readableAggregate is aggregate id as u may read it (mayReadAggregate):
// errAggregateHidden when it may not.
func (s *Server) readableAggregate(ctx context.Context, u *account.User, id int64) (activity.Aggregate, error) {
	g, err := s.store.Aggregate(ctx, id)
	if err == nil && !s.mayReadAggregate(ctx, u, g) {
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

// errAggregateOfAnother answers an account that reads an aggregate (a
// coordinator of its territory) but does not edit it.
var errAggregateOfAnother = failure.Errorf(failure.Forbidden, "Cet agrégat a été saisi par un autre compte : son auteur le modifie ; vous pouvez le supprimer depuis « Mes activités ».")

// editableAggregate is aggregate id as u may edit it: hidden when u may
// not read it, errAggregateOfAnother when u reads it but is neither its
// author nor an administrator (the store checks it again).
func (s *Server) editableAggregate(ctx context.Context, u *account.User, id int64) (activity.Aggregate, error) {
	g, err := s.readableAggregate(ctx, u, id)
	if err == nil && !mayReadEntry(u, g.Account) {
		return activity.Aggregate{}, errAggregateOfAnother
	}
	return g, err
}
