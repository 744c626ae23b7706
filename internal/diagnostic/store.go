package diagnostic

import (
	"context"
	"fmt"
	"hash/fnv"
	"iter"

	"maillage/internal/fragility"
	"maillage/internal/place"
	"maillage/internal/store"
)

// Store is what a diagnostic reads: the published places, the demand
// loaded (fragility index, indicators) and the revisions that say when
// either changed. store.Store is one.
type Store interface {
	fragility.Store
	// Lieux iterates over the published places (withdrawn places are not
	// among them).
	Lieux(ctx context.Context) iter.Seq2[*place.Lieu, error]
	// Revision is where the registry and the referential stand.
	Revision(ctx context.Context) (store.Revision, error)
	// DemandDatasets lists the demand data loaded.
	DemandDatasets(ctx context.Context) ([]fragility.Dataset, error)
}

var _ Store = store.Store(nil)

// Revision returns the revision of what a diagnostic is computed from:
// the registry's and the referential's revisions and an identity of the
// demand data loaded (kind, level, vintage, source, units and import
// time of each dataset, as stored). Two equal revisions give the same
// diagnostic; it reads no clock.
func Revision(ctx context.Context, st Store) (string, error) {
	rev, err := st.Revision(ctx)
	if err != nil {
		return "", err
	}
	ds, err := st.DemandDatasets(ctx)
	if err != nil {
		return "", err
	}
	if len(ds) == 0 {
		return fmt.Sprintf("lieux-%d.territoires-%d.demande-aucune", rev.Lieux, rev.Territories), nil
	}
	h := fnv.New64a()
	for _, d := range ds {
		fmt.Fprintf(h, "%q %q %q %q %d %q\n", d.Kind, d.Level, d.Vintage, d.Source, d.Units, d.Imported)
	}
	return fmt.Sprintf("lieux-%d.territoires-%d.demande-%016x", rev.Lieux, rev.Territories, h.Sum64()), nil
}
