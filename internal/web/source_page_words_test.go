package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

// TestSourcePageNamesDeclarerAndAddress: a source's page names the
// account that declared it as the accounts pages do (not « compte:N »;
// « un compte supprimé » when it is gone), and a Coop or data·inclusion
// source declared without an address shows the API address it reads.
func TestSourcePageNamesDeclarerAndAddress(t *testing.T) {
	p := cast(t)
	ctx := context.Background()
	id := mustUser(t, p.ts, account.User{Email: "marie@hub.fr", Name: "Marie Curie", Role: account.Administrateur})
	for _, src := range []store.Source{
		{Name: "coop", Type: store.SourceCoop, DeclaredBy: fmt.Sprintf("compte:%d", id)},
		{Name: "di", Type: store.SourceDataInclusion, DeclaredBy: "compte:99999"},
	} {
		if err := p.ts.store.DeclareSource(ctx, src); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string][]string{
		"coop": {"marie@hub.fr", "<code>" + harvest.CoopURL + "</code>"},
		"di":   {"un compte supprimé", "<code>" + harvest.DataInclusionURL + "</code>"},
	} {
		res := getAs(t, p.ts, "/sources/"+name, p.ad)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", name, res.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: the page lacks %q", name, w)
			}
		}
		if strings.Contains(res.Body, "(compte:") {
			t.Errorf("%s: the page names the account by its number", name)
		}
	}
}
