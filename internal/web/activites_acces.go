package web

import (
	"context"

	"maillage/internal/account"
	"maillage/internal/activity"
	"maillage/internal/store"
)

// Who reads and deletes an activity, everywhere the question is asked
// (the API, the list of /activites, the deletion): its author; a
// coordinator whose territory (a département, an EPCI) holds the
// activity's commune — a registry place's, written by the store; an
// arrondissement of Paris, Lyon or Marseille is in its commune's EPCI —;
// an administrator, any. An activity at a distance without a commune is
// in no territory: its author's and the administrators'.

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
