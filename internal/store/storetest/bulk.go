package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

// testSameRecordTwice: a file that holds a record twice stores its second
// version, whether the first was just created in the same import or not,
// among enough other records to fill a batch of writes an engine may keep
// (the two versions close to each other, past the first batches).
func testSameRecordTwice(t *testing.T, s store.Store) {
	first, second := Sample("double"), Sample("double")
	second.Nom = "Seconde version"
	var ls []place.Lieu
	for i := range 150 {
		ls = append(ls, Sample(fmt.Sprintf("l%03d", i)))
		if i == 140 {
			ls = append(ls, first)
		}
	}
	ls = append(ls, second)
	ids := []string{}
	ctx := context.Background()
	im, err := s.BeginImport(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ls[i].ID)
	}
	c, err := im.Commit(ctx, "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	if c != (store.Counts{Created: 151, Updated: 1}) {
		t.Errorf("counts %+v, want 151 created and 1 updated", c)
	}
	got, err := s.Lieu(ctx, "double")
	if err != nil {
		t.Fatal(err)
	}
	if got.Nom != "Seconde version" {
		t.Errorf("stored name %q, want the second version's", got.Nom)
	}
	if n := len(all(t, s)); n != 151 {
		t.Errorf("%d places, want 151", n)
	}
	// Every place written is in the change log.
	logged := changesSince(t, s, 0).IDs
	slices.Sort(logged)
	slices.Sort(ids)
	if !slices.Equal(logged, slices.Compact(ids)) {
		t.Errorf("change log holds %d ids, want the %d places written", len(logged), len(slices.Compact(ids)))
	}
}
