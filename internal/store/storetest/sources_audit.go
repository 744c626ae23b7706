package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"maillage/internal/store"
)

// testSourcesAudit: declaring and removing a source are written to the
// audit journal, with who did it and what the source was; a secret in
// its address (password, query values) is not.
func testSourcesAudit(t *testing.T, s store.Store, c *Clock) {
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c.Set(at)
	src := store.Source{Name: "hub-occitanie", Type: store.SourceStandard, URL: "https://moi:secret@exemple.fr/lieux.csv?jeton=abc123",
		Interval: 24 * time.Hour, Priority: 5, DeclaredBy: "compte:7"}
	if err := s.DeclareSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	c.Set(at.Add(time.Hour))
	if err := s.RemoveSource(ctx, "hub-occitanie", "ligne de commande"); err != nil {
		t.Fatal(err)
	}
	es, err := s.Audit(ctx, "source", "hub-occitanie")
	if err != nil {
		t.Fatal(err)
	}
	type seen struct{ Action, Actor string }
	var got []seen
	for _, e := range es {
		got = append(got, seen{e.Action, e.Actor})
		for _, secret := range []string{"secret", "abc123"} {
			if strings.Contains(string(e.Before)+string(e.After), secret) {
				t.Errorf("entry %s keeps the secret %q: %s %s", e.Action, secret, e.Before, e.After)
			}
		}
	}
	want := []seen{{"source.declaree", "compte:7"}, {"source.supprimee", "ligne de commande"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("journal of the source: %+v, want %+v", got, want)
	}
	var declared map[string]any
	if err := json.Unmarshal(es[0].After, &declared); err != nil {
		t.Fatalf("declaration's entry: %v (%s)", err, es[0].After)
	}
	if declared["type"] != store.SourceStandard || declared["priorite"] != float64(5) || !strings.Contains(declared["url"].(string), "exemple.fr/lieux.csv") {
		t.Errorf("declaration's entry says %s", es[0].After)
	}
	if !es[0].At.Equal(at) || !es[1].At.Equal(at.Add(time.Hour)) {
		t.Errorf("entries dated %v and %v, want the store's clock", es[0].At, es[1].At)
	}
}
