package web

import (
	"context"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// Who reads and deletes an activity, everywhere the question is asked
// (the API, the list of /activites, the deletion): its author; a
// coordinator whose territory (a département, an EPCI) holds the
// activity's commune — a registry place's, written by the store; an
// arrondissement of Paris, Lyon or Marseille is in its commune's EPCI —;
// an administrator, any. An activity at a distance without a commune is
// in no territory: its author's and the administrators'. A coordinator
// deletes only what was entered here and paid by no Pass
// (activity.KeptFromOthers). An account that may not read an activity
// gets what a missing one gets (404, « Activité introuvable. »); a 403
// says only why one it reads is not its to change.

// activityScope is where an activity lies, as coordinators' territories
// are drawn.
func (s *Server) activityScope(ctx context.Context, a activity.Activity) account.Scope {
	if a.Commune == "" {
		return account.Scope{}
	}
	return account.Scope{Departement: a.Departement, EPCI: s.indexOf(ctx).Referential().CommuneEPCI(a.Commune)}
}

// mayReadActivity: its author, a coordinator of its territory, an
// administrator. The same accounts delete it (activiteSupprimer).
func (s *Server) mayReadActivity(ctx context.Context, u *account.User, a activity.Activity) bool {
	if u == nil {
		return false
	}
	return a.Account == u.ID || u.Role == account.Administrateur || u.Role == account.Coordinateur && u.CoversScope(s.activityScope(ctx, a))
}

// errActivityHidden answers for an activity the account may not read: as
// for a missing one (the same status, the same words), so that no
// account learns which activity ids exist.
var errActivityHidden = failure.Errorf(failure.NotFound, "Activité introuvable.")

// mayDeleteActivity: nil when u deletes a (its author, an administrator,
// a coordinator of its territory for an activity entered here and paid
// by no Pass); errActivityHidden when u may not even read it;
// failure.Forbidden with the reason (activity.KeptFromOthers) when u
// reads it but leaves it to its author or an administrator. The store
// checks the same in the deleting transaction.
func (s *Server) mayDeleteActivity(ctx context.Context, u *account.User, a activity.Activity) error {
	switch {
	case !s.mayReadActivity(ctx, u, a):
		return errActivityHidden
	case a.Account == u.ID || u.Role == account.Administrateur:
		return nil
	}
	if why := a.KeptFromOthers(); why != "" {
		return failure.Errorf(failure.Forbidden, "%s", why)
	}
	return nil
}

// activityReader is u as the store selects and deletes activities for it
// (the rule of mayReadActivity, checked in SQL): nil for an
// administrator (every one).
func activityReader(u *account.User) *store.ActivityReader {
	if u.Role == account.Administrateur {
		return nil
	}
	r := &store.ActivityReader{Account: u.ID}
	if u.Role == account.Coordinateur {
		r.Territories = territoryRefs(u.Territories)
	}
	return r
}

// territoryRefs are a coordinator's territories as filters name them.
func territoryRefs(ts []account.Territory) []store.TerritoryRef {
	out := make([]store.TerritoryRef, 0, len(ts))
	for _, t := range ts {
		out = append(out, store.TerritoryRef{Kind: t.Kind, Code: t.Code})
	}
	return out
}
