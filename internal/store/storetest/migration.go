package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/place"
	"maillage/internal/store"
)

// ExecArgs runs a statement written with ? placeholders on the database of s,
// whatever its schema version.
type ExecArgs func(t *testing.T, s store.Store, query string, args ...any)

// RunMigration012 builds a registry with the schema of before source
// records (migrations up to 011), written with the SQL of that time,
// migrates it, and compares every place, field and id, and what the
// migration made of them: one record per place, the hand edits kept.
// open opens the same database at each call.
func RunMigration012(t *testing.T, open Open, exec ExecArgs) {
	ctx := context.Background()
	old := open(t, store.WithMigrationsUpTo(11))

	a := Sample("a") // the hub's, with a field set by hand
	a.Horaires = "Mo-Fr 10:00-18:00"
	b := Sample("a") // another source's "a", published as dept-a
	b.ID, b.Nom, b.Coordinates, b.Pivot, b.PassNumerique = "dept-a", "Autre lieu", nil, "", false
	b.Provenance = place.Provenance{}
	c := place.Lieu{ID: "contribution-1", Nom: "Proposé", Commune: "Albi", CodePostal: "81000", Adresse: "1 place", DateMaj: a.DateMaj}
	created := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	updated := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	imported := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	edited := time.Date(2026, 11, 5, 9, 30, 0, 0, time.UTC)
	type oldPlace struct {
		l           place.Lieu
		source, iid string
	}
	olds := []oldPlace{{a, "hub", "a"}, {b, "dept", "a"}, {c, "contributions", "contribution-1"}}
	hashes := map[string]string{}
	for _, o := range olds {
		in := o.l
		in.ID = o.iid
		hashes[o.l.ID] = store.RowOf(&in).Hash
		insertOldPlace(t, old, exec, o.l.ID, o.source, in, created, updated)
	}
	exec(t, old, `INSERT INTO lieux_champs (lieu_id, champ, origine, at, actor) VALUES (?, ?, ?, ?, ?)`, "a", "horaires", "structure", store.FormatTime(edited), "compte:2")
	exec(t, old, `INSERT INTO imports (source, file, finished_at, created, updated, unchanged, rejected) VALUES (?, ?, ?, 2, 0, 0, 0)`, "hub", "hub.csv", store.FormatTime(imported))
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s := open(t)
	defer s.Close()
	// Every place, every field, every id.
	got := all(t, s)
	want := []place.Lieu{a, c, b} // in id order
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("places after the migration:\n got %+v\nwant %+v", got, want)
	}
	// One record per place, as the place was, under its source's id.
	for _, o := range olds {
		recs, err := s.SourceRecords(ctx, o.l.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantRec := o.l
		wantRec.ID = o.iid
		lastSeen := updated
		if o.source == "hub" {
			lastSeen = imported
		}
		if len(recs) != 1 || recs[0].Source != o.source || recs[0].SourceID != o.iid || recs[0].LieuID != o.l.ID ||
			!reflect.DeepEqual(recs[0].Lieu, wantRec) || recs[0].Hash != hashes[o.l.ID] ||
			!recs[0].FirstSeen.Equal(created) || !recs[0].LastSeen.Equal(lastSeen) || !recs[0].WithdrawnAt.IsZero() {
			t.Errorf("records of %s: %+v", o.l.ID, recs)
		}
	}
	// The hand edit is kept, and is the one origin of its field.
	origins, err := s.FieldOrigins(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if len(origins) != 1 || origins["horaires"].Origin != "structure" || origins["horaires"].Actor != "compte:2" || !origins["horaires"].At.Equal(edited) {
		t.Errorf("hand edits after the migration: %+v", origins)
	}
	src, err := s.FieldSources(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if o := src["nom"]; o.Origin != store.OriginSource || o.Source != "hub" || o.SourceID != "a" {
		t.Errorf("origin of a's name: %+v", o)
	}
	// A re-import of the same record changes nothing and keeps its id.
	ctx2 := context.Background()
	im, err := s.BeginImport(ctx2, "dept")
	if err != nil {
		t.Fatal(err)
	}
	again := b
	again.ID = "a"
	outcome, id, err := im.Put(ctx2, &again)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx2, "dept.csv"); err != nil {
		t.Fatal(err)
	}
	if outcome != store.Unchanged || id != "dept-a" {
		t.Errorf("re-import of dept's a: %v %q, want unchanged dept-a", outcome, id)
	}
}

// insertOldPlace writes l, the record importID of source, published as
// id, as the schema of before source records (up to 011) held a place.
func insertOldPlace(t *testing.T, old store.Store, exec ExecArgs, id, source string, l place.Lieu, created, updated time.Time) {
	t.Helper()
	cols := "id, import_source, import_id, hash, " + strings.Join(store.Columns[1:], ", ") + ", pass_numerique, provenance, created_at, updated_at"
	insert := "INSERT INTO lieux (" + cols + ") VALUES (?" + strings.Repeat(", ?", 3+place.NumFields-1+4) + ")"
	r := store.RowOf(&l)
	args := []any{id, source, l.ID, r.Hash}
	for i := 1; i < place.NumFields; i++ {
		switch i {
		case place.FLatitude:
			args = append(args, r.Lat)
		case place.FLongitude:
			args = append(args, r.Lon)
		default:
			args = append(args, r.Values[i])
		}
	}
	args = append(args, r.Pass, string(r.Provenance), store.FormatTime(created), store.FormatTime(updated))
	exec(t, old, insert, args...)
}
