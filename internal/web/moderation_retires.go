package web

import (
	"context"

	"maillage/internal/account"
)

// A claim or a public report outlives its place (migration 023): about a
// place absorbed by a merge (an account's second pending claim of the
// survivor stays about the absorbed id), or a place withdrawn because its
// last record left. The moderators of the place's territory still see and
// decide them, marked as such.

// contributionTarget is what a claim or a report is about.
type contributionTarget struct {
	// Scopes are where it lies (none: an administrator's).
	Scopes []account.Scope
	// Name is the place's name (its id when unknown).
	Name string
	// Withdrawn: the place is no longer published; MergedInto: it was
	// absorbed by that place.
	Withdrawn  bool
	MergedInto string
}

// contributionTarget looks the place up: published (the index), merged
// into a published place (its redirection), or withdrawn (its values as
// last published).
func (s *Server) contributionTarget(ctx context.Context, id string) contributionTarget {
	ix := s.indexOf(ctx)
	if l, ok := ix.Lieu(id); ok {
		return contributionTarget{Scopes: []account.Scope{s.scope(ctx, l)}, Name: l.Nom}
	}
	if to, moved, err := s.store.Redirect(ctx, id); err == nil && moved {
		if l, ok := ix.Lieu(to); ok {
			return contributionTarget{Scopes: []account.Scope{s.scope(ctx, l)}, Name: l.Nom, MergedInto: to}
		}
	}
	if l, err := s.store.WithdrawnLieu(ctx, id); err == nil {
		return contributionTarget{Scopes: []account.Scope{s.scope(ctx, &l)}, Name: l.Nom, Withdrawn: true}
	}
	return contributionTarget{Name: id}
}
