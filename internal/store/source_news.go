package store

import (
	"context"

	"maillage/internal/merge"
)

// HandEditNews tells coordinators what the sources say now about the
// fields people set by hand: a harvest never replaces a hand edit
// (merge.Compute), so a source that changed such a field since is shown
// to them, and they may take its value.
type HandEditNews interface {
	// SourceNews returns what a current record says now about each field
	// set by hand (merge.SourceNews) of the published places ids, or of
	// every published place with a field set by hand when ids is empty;
	// by place id, then in the order of the standard's fields.
	SourceNews(ctx context.Context, ids ...string) ([]PlaceNews, error)
	// TakeSourceValue drops the hand edit of field (its name in the
	// standard; "latitude" for the position) on the published place id,
	// so that its records give it again, in one transaction journaled
	// (lieu.valeur_source_reprise, naming the source) as actor.
	// failure.NotFound when the place is not published or the field not
	// set by hand; failure.Conflict when no record says something new
	// about it.
	TakeSourceValue(ctx context.Context, id, field, actor string) error
}

// PlaceNews is what a record says now about a field of a place set by
// hand.
type PlaceNews struct {
	LieuID, Nom string
	merge.News
}
