package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"maillage/internal/store"
)

// testWithdrawnKeptByHand: a source withdraws the only record of a place
// a person edited. The place stays published; its other fields keep the
// withdrawn record as their origin, said withdrawn; the journal says
// which record went, in the import's transaction; the place is listed
// among those no source describes until a person confirms it.
func testWithdrawnKeptByHand(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	kept, other := Sample("fs-1"), Sample("fs-2")
	other.Nom = "Un autre lieu"
	importAll(t, s, "fs", kept, other)
	c.Set(time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC))
	cur := lieu(t, s, "fs-1")
	if _, err := s.PatchLieu(ctx, "fs-1", store.Patch{Base: store.Version(&cur), Set: map[string]string{"presentation_resume": "Résumé écrit à la main"},
		Origin: "coordination", Actor: "compte:2"}); err != nil {
		t.Fatal(err)
	}
	if os, err := s.OrphanedPlaces(ctx); err != nil || len(os) != 0 {
		t.Errorf("orphans before the withdrawal: %+v %v", os, err)
	}
	withdrawn := time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC)
	c.Set(withdrawn)
	importAll(t, s, "fs", other)
	if got := lieu(t, s, "fs-1"); got.Nom != kept.Nom || got.PresentationResume != "Résumé écrit à la main" {
		t.Fatalf("place kept by the hand edit: %q %q", got.Nom, got.PresentationResume)
	}
	o, err := s.FieldSources(ctx, "fs-1")
	if err != nil {
		t.Fatal(err)
	}
	if n := o["nom"]; n.ByHand() || n.Source != "fs" || n.SourceID != "fs-1" || !n.Withdrawn.Equal(withdrawn) {
		t.Errorf("origin of the name after the withdrawal: %+v", n)
	}
	if r := o["presentation_resume"]; !r.ByHand() || !r.Withdrawn.IsZero() {
		t.Errorf("origin of the hand edit after the withdrawal: %+v", r)
	}
	es, err := s.Audit(ctx, "lieu", "fs-1")
	if err != nil {
		t.Fatal(err)
	}
	if last := es[len(es)-1]; last.Action != "lieu.sources_retirees" || !strings.Contains(string(last.After), `"source":"fs"`) ||
		!strings.Contains(string(last.After), `"id_source":"fs-1"`) || !last.At.Equal(withdrawn) {
		t.Errorf("journal after the withdrawal: %+v (%s)", last, last.After)
	}
	os, err := s.OrphanedPlaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(os) != 1 || os[0].LieuID != "fs-1" || os[0].Nom != kept.Nom || os[0].Source != "fs" || os[0].SourceID != "fs-1" || !os[0].WithdrawnAt.Equal(withdrawn) {
		t.Errorf("orphans after the withdrawal: %+v", os)
	}
	// A coordinator confirms it: checked, it leaves the list.
	c.Set(withdrawn.Add(time.Hour))
	cur = lieu(t, s, "fs-1")
	if _, err := s.PatchLieu(ctx, "fs-1", store.Patch{Base: store.Version(&cur), DateMaj: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC),
		Origin: "coordination", Actor: "compte:2"}); err != nil {
		t.Fatal(err)
	}
	if os, err := s.OrphanedPlaces(ctx); err != nil || len(os) != 0 {
		t.Errorf("orphans after a confirmation: %+v %v", os, err)
	}
}
