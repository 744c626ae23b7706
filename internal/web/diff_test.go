package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/audit"
	"maillage/internal/place"
	"maillage/internal/store"
)

// Reordering a list of the standard (its checkboxes, "A|B" for "B|A") is
// no change: neither in the moderation queue's diff nor in the history.
func TestListOrderIsNoChange(t *testing.T) {
	p := cast(t)
	ctx := context.Background()
	reordered := place.AccesTelephoner + "|" + place.AccesSePresenter
	if _, err := p.ts.store.AddProposal(ctx, store.Proposal{LieuID: "tls-1", UserID: 3,
		Values: map[string]string{"modalites_acces": reordered, "telephone": "+33561000000"},
		Base:   map[string]string{"modalites_acces": place.AccesSePresenter + "|" + place.AccesTelephoner, "telephone": "+33326000000|+33326000001"}}, "test"); err != nil {
		t.Fatal(err)
	}
	q := getAs(t, p.ts, "/moderation", p.coord31)
	if q.StatusCode != http.StatusOK || !strings.Contains(q.Body, "33561000000") {
		t.Fatalf("queue: %d", q.StatusCode)
	}
	if strings.Contains(q.Body, ">modalites_acces<") {
		t.Errorf("the queue shows a reordered list as a change")
	}
	// An entry of the journal as edits wrote them before lists compared as sets.
	before := fmt.Sprintf(`{"modalites_acces":%q,"nom":"EPN du Capitole"}`, place.AccesSePresenter+"|"+place.AccesTelephoner)
	after := fmt.Sprintf(`{"modalites_acces":%q,"nom":"EPN du Capitole (2e étage)"}`, reordered)
	if err := p.ts.store.Record(ctx, audit.Entry{Actor: "compte:1", Action: "lieu.modifie", Kind: "lieu", ObjectID: "tls-1",
		Before: []byte(before), After: []byte(after)}); err != nil {
		t.Fatal(err)
	}
	h := getAs(t, p.ts, "/lieux/tls-1/historique", p.coord31)
	if h.StatusCode != http.StatusOK || !strings.Contains(h.Body, "EPN du Capitole (2e étage)") {
		t.Fatalf("history: %d", h.StatusCode)
	}
	if strings.Contains(h.Body, ">modalites_acces<") {
		t.Errorf("the history shows a reordered list as a change")
	}
}
