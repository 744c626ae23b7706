package diagnostic

import (
	"context"
	"time"

	"maillage/internal/store"
)

// RegistryStore is what says where the places of a diagnostic come from;
// store.Store is one.
type RegistryStore interface {
	Revision(ctx context.Context) (store.Revision, error)
	DeclaredSources(ctx context.Context) ([]store.Source, error)
	LastHarvests(ctx context.Context) (map[string]store.HarvestRun, error)
}

var _ RegistryStore = store.Store(nil)

// Registry is where the places come from: the registry's last change and
// its declared sources with their last harvest. It is read when a page is
// made, not kept with a report: a harvest that changes nothing moves no
// revision.
type Registry struct {
	LastChange time.Time // when a place was last written; zero when none
	Sources    []RegistrySource
}

// RegistrySource is a declared source and its last harvest (Last.ID is 0
// when it was never harvested).
type RegistrySource struct {
	Name, Type string
	Last       store.HarvestRun
}

// RegistryOf reads where the places come from.
func RegistryOf(ctx context.Context, st RegistryStore) (Registry, error) {
	var reg Registry
	rev, err := st.Revision(ctx)
	if err != nil {
		return reg, err
	}
	reg.LastChange = rev.LastChange
	srcs, err := st.DeclaredSources(ctx)
	if err != nil {
		return reg, err
	}
	last, err := st.LastHarvests(ctx)
	if err != nil {
		return reg, err
	}
	for _, s := range srcs {
		reg.Sources = append(reg.Sources, RegistrySource{Name: s.Name, Type: s.Type, Last: last[s.Name]})
	}
	return reg, nil
}
