package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"sync"

	"maillage/internal/store"
	"maillage/internal/territory"
)

// referentialOf loads, once and when first needed, the referential of
// communes of the database at url, for validate to derive INSEE codes as
// import does. A SQLite file that does not exist is not created: its
// referential is empty, as that of a database import would create.
type referentialOf struct {
	ctx  context.Context
	url  string
	once sync.Once
	ref  *territory.Referential
	err  error
	st   store.Store
}

func (r *referentialOf) load() (*territory.Referential, error) {
	r.once.Do(func() {
		if path, ok := sqlitePath(r.url); ok {
			if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
				r.ref = &territory.Referential{}
				return
			}
		}
		// Reading needs no key of the audit journal: nothing is written.
		r.st, r.err = openStoreKeys(r.ctx, r.url, nil)
		if r.err != nil {
			return
		}
		r.ref, r.err = r.st.Territories(r.ctx)
	})
	return r.ref, r.err
}

func (r *referentialOf) close() {
	if r.st != nil {
		r.st.Close()
	}
}
