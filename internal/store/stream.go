package store

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"maillage/internal/place"
)

// streamBatch is how many rows the reading goroutine hands over at a time.
const streamBatch = 256

// Stream turns a function that reads rows into an iterator of places,
// decoding the rows in the caller's goroutine while read goes on in another:
// reading from the database and decoding then take one core each. read must
// stop when emit returns false. Only the consumer's break ends the
// iteration without an error: a failed read, a row that does not decode
// and a cancelled context are yielded as errors.
func Stream(ctx context.Context, read func(ctx context.Context, emit func(*Row) bool) error) iter.Seq2[*place.Lieu, error] {
	parent := ctx
	return func(yield func(*place.Lieu, error) bool) {
		ctx, cancel := context.WithCancel(parent)
		defer cancel()
		batches := make(chan []Row, 4)
		var readErr error
		go func() {
			defer close(batches)
			buf := make([]Row, 0, streamBatch)
			readErr = read(ctx, func(r *Row) bool {
				buf = append(buf, *r)
				if len(buf) < streamBatch {
					return true
				}
				select {
				case batches <- buf:
					buf = make([]Row, 0, streamBatch)
					return true
				case <-ctx.Done():
					return false
				}
			})
			if readErr == nil && len(buf) > 0 {
				select {
				case batches <- buf:
				case <-ctx.Done():
				}
			}
		}()
		stop := func() {
			cancel()
			for range batches {
			}
		}
		for batch := range batches {
			if parent.Err() != nil {
				break
			}
			for i := range batch {
				l, err := batch[i].Lieu()
				if err != nil {
					stop()
					yield(nil, err)
					return
				}
				if !yield(&l, nil) {
					stop()
					return
				}
			}
		}
		// Not the consumer's break: whatever ended the reading is an error,
		// a cancelled context included (a truncated export must not look
		// complete).
		stop()
		switch {
		case readErr != nil && !errors.Is(readErr, context.Canceled) && !errors.Is(readErr, context.DeadlineExceeded):
			yield(nil, readErr)
		case parent.Err() != nil:
			yield(nil, fmt.Errorf("lecture des lieux interrompue : %w", context.Cause(parent)))
		case readErr != nil:
			yield(nil, readErr)
		}
	}
}
