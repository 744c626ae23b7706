package storetest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// importAll imports ls as the whole of source: the source's records
// missing from ls are withdrawn.
func importAll(t *testing.T, s store.Store, source string, ls ...place.Lieu) store.Counts {
	t.Helper()
	ctx := context.Background()
	im, err := s.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Withdraw(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := im.Commit(ctx, "tout.csv")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(t *testing.T, s store.Store) []string {
	t.Helper()
	var out []string
	for _, l := range all(t, s) {
		out = append(out, l.ID)
	}
	return out
}

// testWithdrawal: a record missing from its source's file is withdrawn;
// its place is unpublished unless a hand edit holds it up, and comes back
// under its id with the record.
func testWithdrawal(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b, c := Sample("a"), Sample("b"), Sample("c")
	b.Nom, c.Nom = "Lieu B", "Lieu C"
	put(t, s, "hub", a, b, c)
	// b is held up by a hand edit.
	cur := lieu(t, s, "b")
	if _, err := s.PatchLieu(ctx, "b", store.Patch{Base: store.Version(&cur), Set: map[string]string{"telephone": "+33561000000"}, Origin: "coordination", Actor: "compte:3"}); err != nil {
		t.Fatal(err)
	}
	if got := importAll(t, s, "hub", a); got != (store.Counts{Unchanged: 1, Withdrawn: 2}) {
		t.Errorf("counts: %+v", got)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("published after the withdrawal: %v, want a and b (held up by a hand edit)", got)
	}
	if _, err := s.Lieu(ctx, "c"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("withdrawn place c: %v", err)
	}
	w, err := s.WithdrawnPlace(ctx, "c")
	if err != nil || w.Nom != "Lieu C" || w.At.IsZero() || w.Reason == "" {
		t.Errorf("withdrawn place c: %+v %v", w, err)
	}
	if _, err := s.WithdrawnPlace(ctx, "a"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("a published place as withdrawn: %v", err)
	}
	recs, err := s.SourceRecords(ctx, "c")
	if err != nil || len(recs) != 1 || recs[0].WithdrawnAt.IsZero() || recs[0].Lieu.Nom != "Lieu C" {
		t.Errorf("c's record: %+v %v", recs, err)
	}
	if es, err := s.Audit(ctx, "lieu", "c"); err != nil || len(es) != 1 || es[0].Action != "lieu.retire" {
		t.Errorf("journal of c: %+v %v", es, err)
	}
	// A new place of another source does not take the withdrawn id.
	other := Sample("c")
	other.Nom = "Autre C"
	ctx2 := context.Background()
	im, err := s.BeginImport(ctx2, "dept")
	if err != nil {
		t.Fatal(err)
	}
	if _, id, err := im.Put(ctx2, &other); err != nil || id != "dept-c" {
		t.Errorf("another source's c: %q %v, want dept-c", id, err)
	}
	if _, err := im.Commit(ctx2, "d.csv"); err != nil {
		t.Fatal(err)
	}
	// c comes back, under its id, as it was given again.
	c.Nom = "Lieu C rouvert"
	if got := importAll(t, s, "hub", a, c); got != (store.Counts{Unchanged: 1, Updated: 1}) {
		t.Errorf("counts of the comeback: %+v", got)
	}
	back := lieu(t, s, "c")
	want := c
	if !reflect.DeepEqual(back, want) {
		t.Errorf("c back:\n got %+v\nwant %+v", back, want)
	}
	if _, err := s.WithdrawnPlace(ctx, "c"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("c still withdrawn: %v", err)
	}
	// A source giving nothing any more withdraws all its records.
	importAll(t, s, "dept")
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("after dept's empty file: %v", got)
	}
}

// testMergeAndSplit: merging places moves the records, computes the
// fields, redirects the absorbed id; splitting a record gives it a place
// of its own again.
func testMergeAndSplit(t *testing.T, s store.Store) {
	ctx := context.Background()
	older := Sample("m-1")
	put(t, s, "hub", older)
	newer := Sample("x-9")
	newer.Nom, newer.DateMaj = "Médiathèque des Tilleuls", older.DateMaj.AddDate(0, 1, 0)
	newer.Telephone = nil
	newer.Services = []string{place.ServiceParentalite}
	put(t, s, "dept", newer)
	// A hand edit on the absorbed place, on a field nobody set on the survivor.
	cur := lieu(t, s, "x-9")
	if _, err := s.PatchLieu(ctx, "x-9", store.Patch{Base: store.Version(&cur), Set: map[string]string{"prise_rdv": "https://rdv.autre.fr/"}, Origin: "structure", Actor: "compte:7"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MergePlaces(ctx, "m-1", "m-1", store.MergeInfo{Actor: "dedup"}); !errors.Is(err, failure.ErrInvalid) {
		t.Errorf("a place merged with itself: %v", err)
	}
	if err := s.MergePlaces(ctx, "m-1", "nulle-part", store.MergeInfo{Actor: "dedup"}); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("merging an unknown place: %v", err)
	}
	if err := s.MergePlaces(ctx, "m-1", "x-9", store.MergeInfo{Actor: "dedup", Reason: "même SIRET, même adresse", Score: 0.97}); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"m-1"}) {
		t.Errorf("published after the merge: %v", got)
	}
	for _, tt := range []struct {
		id, want string
		moved    bool
	}{{"x-9", "m-1", true}, {"m-1", "m-1", false}, {"inconnu", "inconnu", false}} {
		if got, moved, err := s.Redirect(ctx, tt.id); err != nil || got != tt.want || moved != tt.moved {
			t.Errorf("Redirect(%q) = %q %v %v, want %q %v", tt.id, got, moved, err, tt.want, tt.moved)
		}
	}
	m := lieu(t, s, "m-1")
	if m.Nom != newer.Nom || !reflect.DeepEqual(m.Telephone, older.Telephone) || m.PriseRDV != "https://rdv.autre.fr/" || !m.DateMaj.Equal(newer.DateMaj) {
		t.Errorf("merged place: nom %q telephone %v prise_rdv %q date_maj %v", m.Nom, m.Telephone, m.PriseRDV, m.DateMaj)
	}
	if want := []string{place.ServiceParentalite, place.ServiceDemarches, place.ServiceOutils}; !reflect.DeepEqual(m.Services, want) {
		t.Errorf("services combined: %v, want %v", m.Services, want)
	}
	src, err := s.FieldSources(ctx, "m-1")
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]store.FieldOrigin{
		"nom":       {Origin: store.OriginSource, Source: "dept", SourceID: "x-9", At: newer.DateMaj},
		"telephone": {Origin: store.OriginSource, Source: "hub", SourceID: "m-1", At: older.DateMaj},
	} {
		if got := src[field]; got.Origin != want.Origin || got.Source != want.Source || got.SourceID != want.SourceID || !got.At.Equal(want.At) {
			t.Errorf("origin of %s: %+v, want %+v", field, got, want)
		}
	}
	if got := src["prise_rdv"]; got.Origin != "structure" || got.Actor != "compte:7" {
		t.Errorf("origin of prise_rdv: %+v, want the hand edit on the absorbed place", got)
	}
	if len(src) != place.NumFields-1 {
		t.Errorf("%d fields with an origin, want %d", len(src), place.NumFields-1)
	}
	recs, err := s.SourceRecords(ctx, "m-1")
	if err != nil || len(recs) != 2 || recs[0].Source != "dept" || recs[1].Source != "hub" {
		t.Errorf("records of the merged place: %+v %v", recs, err)
	}
	if es, err := s.Audit(ctx, "lieu", "m-1"); err != nil || len(es) != 1 || es[0].Action != "lieu.fusionne" || es[0].Actor != "dedup" {
		t.Errorf("journal of the survivor: %+v %v", es, err)
	}
	if es, err := s.Audit(ctx, "lieu", "x-9"); err != nil || len(es) != 2 || es[1].Action != "lieu.absorbe" {
		t.Errorf("journal of the absorbed place: %+v %v", es, err)
	}
	// A re-import of one source recomputes the merged place from both.
	older.Nom, older.DateMaj = "Médiathèque Les Tilleuls (mairie)", newer.DateMaj.AddDate(0, 1, 0)
	if c := put(t, s, "hub", older); c != (store.Counts{Updated: 1}) {
		t.Errorf("re-import counts: %+v", c)
	}
	if m := lieu(t, s, "m-1"); m.Nom != older.Nom || m.PriseRDV != "https://rdv.autre.fr/" {
		t.Errorf("after the re-import: %q %q", m.Nom, m.PriseRDV)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"m-1"}) {
		t.Errorf("the re-import published a second place: %v", got)
	}

	// Split: the dept record gets a place of its own, under the id of its
	// place before the merge (x-9 no longer redirects); the survivor goes
	// back to the hub's record.
	where, err := splitAsPreviewed(t, s, "dept", "x-9", store.MergeInfo{Actor: "compte:3", Reason: "deux lieux distincts"})
	newID := where.Record
	if err != nil {
		t.Fatal(err)
	}
	if newID != "x-9" {
		t.Errorf("new place's id %q, want x-9", newID)
	}
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"m-1", "x-9"}) {
		t.Errorf("published after the split: %v", got)
	}
	split := lieu(t, s, newID)
	wantSplit := newer
	wantSplit.ID = newID
	if !reflect.DeepEqual(split, wantSplit) {
		t.Errorf("split place:\n got %+v\nwant %+v", split, wantSplit)
	}
	if m := lieu(t, s, "m-1"); m.Nom != older.Nom || !reflect.DeepEqual(m.Services, older.Services) {
		t.Errorf("survivor after the split: %q %v", m.Nom, m.Services)
	}
	if _, err := s.SplitRecord(ctx, "dept", "x-9", store.MergeInfo{Actor: "compte:3"}); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("splitting a place's only record: %v", err)
	}
	if _, err := s.SplitPreview(ctx, "dept", "x-9"); !errors.Is(err, failure.ErrConflict) {
		t.Errorf("previewing the split of a place's only record: %v", err)
	}
	if _, err := s.SplitPreview(ctx, "dept", "absent"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("previewing the split of an unknown record: %v", err)
	}
	if _, err := s.SplitRecord(ctx, "dept", "absent", store.MergeInfo{Actor: "compte:3"}); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("splitting an unknown record: %v", err)
	}
	// Withdrawing the split place's only record unpublishes it.
	importAll(t, s, "dept")
	if got := ids(t, s); !reflect.DeepEqual(got, []string{"m-1"}) {
		t.Errorf("after dept's empty file: %v", got)
	}
	if w, err := s.WithdrawnPlace(ctx, newID); err != nil || w.At.IsZero() {
		t.Errorf("%s withdrawn: %+v %v", newID, w, err)
	}
}

// testNewerRecordKeepsHandEdit: a hand edit holds against records dated
// after it that say something else (issue 8: a harvest never overwrites
// a hand edit); what they say is news for the coordinators
// (SourceNews), who may take the source's value (TakeSourceValue: the
// edit dropped, the field from the record, journaled).
func testNewerRecordKeepsHandEdit(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	c.Set(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	single, merged, other := Sample("s"), Sample("m"), Sample("o")
	other.Nom = "Autre source"
	put(t, s, "hub", single, merged)
	put(t, s, "dept", other)
	if err := s.MergePlaces(ctx, "m", "o", store.MergeInfo{Actor: "dedup"}); err != nil {
		t.Fatal(err)
	}
	c.Set(time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC))
	for _, id := range []string{"s", "m"} {
		cur := lieu(t, s, id)
		if _, err := s.PatchLieu(ctx, id, store.Patch{Base: store.Version(&cur), Set: map[string]string{"telephone": "+33561000000"}, Origin: "structure", Actor: "compte:2"}); err != nil {
			t.Fatal(err)
		}
	}
	if news, err := s.SourceNews(ctx); err != nil || len(news) != 0 {
		t.Errorf("news before the sources change: %+v %v", news, err)
	}
	// The sources say something else, dated after the edit.
	c.Set(time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC))
	newer := time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)
	for _, l := range []*place.Lieu{&single, &merged} {
		l.Telephone, l.DateMaj = []string{"+33562000000"}, newer
	}
	put(t, s, "hub", single, merged)
	for _, id := range []string{"s", "m"} {
		if got := lieu(t, s, id); !reflect.DeepEqual(got.Telephone, []string{"+33561000000"}) {
			t.Errorf("%s: telephone %v, want the hand edit's", id, got.Telephone)
		}
		o, err := s.FieldSources(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := o["telephone"]; !got.ByHand() || got.Actor != "compte:2" {
			t.Errorf("%s: origin of telephone %+v, want the hand edit", id, got)
		}
	}
	news, err := s.SourceNews(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(news) != 2 || news[0].LieuID != "m" || news[1].LieuID != "s" {
		t.Fatalf("news: %+v, want one for m and one for s", news)
	}
	for _, n := range news {
		if n.Field != "telephone" || n.Source != "hub" || n.SourceID != n.LieuID || n.Value != "+33562000000" || !n.At.Equal(newer) ||
			n.Hand.Actor != "compte:2" || n.Nom != Sample("x").Nom {
			t.Errorf("news of %s: %+v", n.LieuID, n)
		}
	}
	if one, err := s.SourceNews(ctx, "s"); err != nil || len(one) != 1 || one[0].LieuID != "s" {
		t.Errorf("news of s: %+v %v", one, err)
	}
	// Taking the source's value.
	if err := s.TakeSourceValue(ctx, "s", "nom", "compte:3"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("taking a field not set by hand: %v, want not found", err)
	}
	if err := s.TakeSourceValue(ctx, "s", "telephone", "compte:3"); err != nil {
		t.Fatal(err)
	}
	if got := lieu(t, s, "s"); !reflect.DeepEqual(got.Telephone, []string{"+33562000000"}) {
		t.Errorf("telephone after taking the source's value: %v", got.Telephone)
	}
	o, err := s.FieldSources(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if got := o["telephone"]; got.ByHand() || got.Source != "hub" || got.SourceID != "s" {
		t.Errorf("origin of telephone after taking the source's value: %+v", got)
	}
	if err := s.TakeSourceValue(ctx, "s", "telephone", "compte:3"); !errors.Is(err, failure.ErrNotFound) {
		t.Errorf("taking it twice: %v, want not found", err)
	}
	es, err := s.Audit(ctx, "lieu", "s")
	if err != nil {
		t.Fatal(err)
	}
	last := es[len(es)-1]
	if last.Action != "lieu.valeur_source_reprise" || last.Actor != "compte:3" || !strings.Contains(string(last.After), `"source":"hub"`) ||
		!strings.Contains(string(last.Before), "+33561000000") {
		t.Errorf("journal after taking the source's value: %+v", last)
	}
	if news, err := s.SourceNews(ctx); err != nil || len(news) != 1 || news[0].LieuID != "m" {
		t.Errorf("news after taking s's: %+v %v", news, err)
	}
}
