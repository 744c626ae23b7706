package store

import "context"

// CompareAll puts every current record back in the merge run's queue:
// `maillage doublons --comparer --tous`, when the thresholds or the
// matcher changed, or for a registry whose records were never compared.
type CompareAll interface {
	// MarkAllPending raises the token of every current (not withdrawn)
	// record, as an import's write does, and returns how many it marked.
	MarkAllPending(ctx context.Context) (int64, error)
}
