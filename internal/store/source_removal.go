package store

import "context"

// SourceRemovals tells, before a source is removed, what its removal
// will do: the confirmation page says it.
type SourceRemovals interface {
	// SourceRemovalImpact counts the source's current (not withdrawn)
	// records, the published places that will be unpublished (held up
	// by nothing else: no current record of another source, no hand
	// edit), and those that stay (held up by another source or a hand
	// edit).
	SourceRemovalImpact(ctx context.Context, source string) (RemovalImpact, error)
}

// RemovalImpact is what removing a source will do.
type RemovalImpact struct {
	Records     int // current records withdrawn
	Unpublished int // published places unpublished
	Kept        int // published places that stay, held up by others
}
