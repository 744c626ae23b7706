package harvest

import (
	"context"
	"errors"

	"maillage/internal/failure"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// ErrSourceRemoved matches the error of a harvest of a source removed
// since it was loaded: nothing was harvested nor recorded.
var ErrSourceRemoved = errors.New("source supprimée")

// removedError is a failure.NotFound that matches ErrSourceRemoved.
type removedError struct{ err *failure.Error }

func (e *removedError) Error() string        { return e.err.Error() }
func (e *removedError) Unwrap() error        { return e.err }
func (e *removedError) Is(target error) bool { return target == ErrSourceRemoved }

// stillDeclared checks, under the source's lease, that the source was not
// removed meanwhile.
func stillDeclared(ctx context.Context, st store.Store, name string) error {
	cur, err := st.Source(ctx, name)
	if err != nil {
		return err
	}
	if !cur.RemovedAt.IsZero() {
		return &removedError{err: failure.Errorf(failure.NotFound, "La source « %s » a été supprimée entre-temps : elle n'est pas moissonnée.", printable.String(name))}
	}
	return nil
}
