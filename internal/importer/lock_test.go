package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"maillage/internal/place"
	"maillage/internal/sqlite"
	"maillage/internal/store"
)

// spyStore notes whether the input was read to its end when the write
// transaction began.
type spyStore struct {
	store.Store
	inputDone *atomic.Bool
	began     bool
	beganLate bool
}

func (s *spyStore) BeginImport(ctx context.Context, source string) (store.Import, error) {
	s.began, s.beganLate = true, s.inputDone.Load()
	return s.Store.BeginImport(ctx, source)
}

// slowInput hands its data a few bytes at a time, as a slow download
// does, and says when it reached its end.
type slowInput struct {
	r    io.Reader
	done *atomic.Bool
}

func (s *slowInput) Read(p []byte) (int, error) {
	n, err := s.r.Read(p[:min(len(p), 7)])
	if err == io.EOF {
		s.done.Store(true)
	}
	return n, err
}

// A slow download is read to its end before the write transaction begins:
// the registry's write lock is not held for the pace of a remote server.
func TestImportReadsBeforeWriting(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	var done atomic.Bool
	spy := &spyStore{Store: db, inputDone: &done}
	// More than the readers' buffers hold.
	var b strings.Builder
	b.WriteString(csvHeader)
	for i := range 5000 {
		fmt.Fprintf(&b, "epn-%d,,EPN %d,Albi,81000,%d rue Droite,2026-01-01\n", i, i, i)
	}
	in := &slowInput{r: strings.NewReader(b.String()), done: &done}
	res, err := Import(ctx, spy, in, "f.csv", Options{Source: "hub"})
	if err != nil || res.Counts.Created != 5000 {
		t.Fatalf("import: %+v %v", res, err)
	}
	if !spy.began || !spy.beganLate {
		t.Errorf("the write transaction began before the input was read to its end")
	}
	// A file that breaks half-way never opens a transaction.
	spy.began = false
	done.Store(false)
	in = &slowInput{r: strings.NewReader(`[{"id":"1","nom":"a","commune":"b","code_postal":"31000","adresse":"c","date_maj":"2026-01-01"}, {"id": `), done: &done}
	if _, err := Import(ctx, spy, in, "g.json", Options{Source: "autre"}); err == nil || !strings.Contains(err.Error(), "fin de fichier inattendue") {
		t.Errorf("broken file: %v", err)
	}
	if spy.began {
		t.Errorf("a transaction began for a file that cannot be read")
	}
}

// failingStore's imports fail to write, as a database refusing a value.
type failingStore struct{ store.Store }

type failingImport struct{ store.Import }

func (s failingStore) BeginImport(ctx context.Context, source string) (store.Import, error) {
	im, err := s.Store.BeginImport(ctx, source)
	return failingImport{im}, err
}

func (failingImport) Put(context.Context, *place.Lieu) (store.Outcome, string, error) {
	return 0, "", errors.New("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00 (SQLSTATE 22021)")
}

func (f failingImport) PutDiagnosed(ctx context.Context, l *place.Lieu, _ []byte) (store.Outcome, string, error) {
	return f.Put(ctx, l)
}

// A database error names the file, the line and the record in French, and
// the registry is left as it was.
func TestImportStoreErrorsSayWhere(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	_, err = Import(ctx, failingStore{db}, strings.NewReader(csvHeader+"a,,EPN A,Albi,81000,1 rue,2026-01-01\n"), "f.csv", Options{Source: "hub"})
	if err == nil || !strings.HasPrefix(err.Error(), "f.csv, ligne 2 : le lieu « a » n'a pas pu être enregistré : ") {
		t.Errorf("%v", err)
	}
	if _, err := db.Lieu(ctx, "a"); err == nil {
		t.Errorf("the record was kept")
	}
}
