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

// The same rule holds for a place's monthly aggregate (its place's
// commune and département, written by the store): its author, a
// coordinator of its territory, an administrator read and delete it
// (readableAggregate); only its author and the administrators edit it.
// Every aggregate is entered here: none is kept from a coordinator.

// entryScope is where an entry of commune (an activity, an aggregate)
// lies, as coordinators' territories are drawn: none without a commune.
func (s *Server) entryScope(ctx context.Context, commune, departement string) account.Scope {
	if commune == "" {
		return account.Scope{}
	}
	return account.Scope{Departement: departement, EPCI: s.indexOf(ctx).Referential().CommuneEPCI(commune)}
}

// activityScope is where an activity lies.
func (s *Server) activityScope(ctx context.Context, a activity.Activity) account.Scope {
	return s.entryScope(ctx, a.Commune, a.Departement)
}

// mayReadInTerritory: an entry of author lying in scope is read by its
// author, a coordinator of its territory, an administrator.
func mayReadInTerritory(u *account.User, author int64, scope account.Scope) bool {
	if u == nil {
		return false
	}
	return author == u.ID || u.Role == account.Administrateur || u.Role == account.Coordinateur && u.CoversScope(scope)
}

// mayReadActivity: its author, a coordinator of its territory, an
// administrator. The same accounts delete it (activiteSupprimer).
func (s *Server) mayReadActivity(ctx context.Context, u *account.User, a activity.Activity) bool {
	return mayReadInTerritory(u, a.Account, s.activityScope(ctx, a))
}

// mayReadAggregate: its author, a coordinator of its place's territory,
// an administrator. The same accounts delete it (agregatSupprimer).
func (s *Server) mayReadAggregate(ctx context.Context, u *account.User, g activity.Aggregate) bool {
	return mayReadInTerritory(u, g.Account, s.entryScope(ctx, g.Commune, g.Departement))
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

// activityReader is u as the store selects and deletes activities and
// aggregates for it (the rule of mayReadActivity and mayReadAggregate,
// checked in SQL): nil for an administrator (every one).
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
