package store

import "context"

// PlaceSources tells which sources hold up the published places: the
// freshness report groups places by source, and a correction request
// names the sources to forward it to.
type PlaceSources interface {
	// SourcesOfPlaces maps every published place that has current (not
	// withdrawn) records to the names of their sources, sorted, once each.
	SourcesOfPlaces(ctx context.Context) (map[string][]string, error)
}
