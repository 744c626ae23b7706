package store

import (
	"context"

	"maillage/internal/place"
)

// Closures are the temporary closures places announce (« fermé du … au
// … »). Announcing or withdrawing one is a change of the place: it is
// journaled and written to the change log in the same transaction, so that
// every instance's index reads the place again (ChangeLog).
type Closures interface {
	// AddClosure records a closure of the place lieuID (failure.NotFound
	// when there is no such place; failure.Invalid when the closure breaks
	// a rule of place.Closure.Check, judged on the store's day, or the
	// place already has place.MaxOpenClosures current or future ones).
	// It returns the closure as stored.
	AddClosure(ctx context.Context, lieuID string, c place.Closure, actor string) (place.Closure, error)
	// RemoveClosure withdraws a closure announced by mistake
	// (failure.NotFound when the place has no closure id).
	RemoveClosure(ctx context.Context, lieuID string, id int64, actor string) error
	// ClosuresOf returns the closures of the places ids, past ones
	// included, each place's in the order they begin.
	ClosuresOf(ctx context.Context, ids []string) (map[string][]place.Closure, error)
	// AllClosures returns the closures of every place, as ClosuresOf.
	AllClosures(ctx context.Context) (map[string][]place.Closure, error)
}

// Journal actions of closures.
const (
	ActionClosureAdded   = "lieu.fermeture_annoncee"
	ActionClosureRemoved = "lieu.fermeture_retiree"
)
