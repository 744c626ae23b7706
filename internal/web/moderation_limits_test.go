package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"maillage/internal/account"
	"maillage/internal/store"
)

// One account cannot flood the moderation queue: it has at most
// maxPendingPerPlace proposals waiting on one place and maxPendingPerAccount
// in all; past that, a French message says so and nothing is filed.
func TestProposalFloodLimited(t *testing.T) {
	ts, m := withMail(t)
	uid := mustUser(t, ts, account.User{Email: "benevole@asso.fr", Role: account.Contributeur})
	who := signIn(t, ts, m, "benevole@asso.fr")
	for i := range maxPendingPerPlace + 1 {
		form := formOf(ts, "tls-1")
		form.Set("telephone", fmt.Sprintf("05 61 00 00 %02d", i))
		res := postForm(t, ts, "/lieux/tls-1/modifier", form, who)
		if i < maxPendingPerPlace {
			if !strings.Contains(res.Header.Get("Location"), "message=propose") {
				t.Fatalf("proposal %d: %d %s", i+1, res.StatusCode, res.Body)
			}
			continue
		}
		if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "propositions en attente sur ce lieu") {
			t.Errorf("proposal %d on one place: %d %s", i+1, res.StatusCode, res.Body[:min(300, len(res.Body))])
		}
	}
	ctx := context.Background()
	for i := range maxPendingPerAccount - maxPendingPerPlace {
		if _, err := ts.store.AddProposal(ctx, store.Proposal{UserID: uid, Values: map[string]string{"nom": fmt.Sprintf("Lieu %d", i)}}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	form := formOf(ts, "albi-1")
	form.Set("telephone", "05 63 00 00 00")
	res := postForm(t, ts, "/lieux/albi-1/modifier", form, who)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "propositions en attente") {
		t.Errorf("proposal past the account's limit: %d", res.StatusCode)
	}
	props, err := ts.store.Proposals(ctx, store.StatusPending)
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != maxPendingPerAccount {
		t.Errorf("%d proposals pending, want %d", len(props), maxPendingPerAccount)
	}
}

// The moderation queue is paged: a flood of proposals does not make one
// page of megabytes.
func TestModerationQueuePaged(t *testing.T) {
	ts, m := withMail(t)
	mustUser(t, ts, account.User{Email: "ada@hub.fr", Role: account.Administrateur})
	ad := signIn(t, ts, m, "ada@hub.fr")
	ctx := context.Background()
	n := 2*proposalsPerPage + 5
	for i := range n {
		uid := mustUser(t, ts, account.User{Email: fmt.Sprintf("p%d@asso.fr", i), Role: account.Contributeur})
		if _, err := ts.store.AddProposal(ctx, store.Proposal{UserID: uid, LieuID: "tls-1", Values: map[string]string{"telephone": fmt.Sprintf("+335610000%02d", i)}}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		path string
		want int
		more string
	}{
		{"/moderation", proposalsPerPage, "propositions=2"},
		{"/moderation?propositions=3", 5, "propositions=2"},
	} {
		res := getAs(t, ts, tt.path, ad)
		if got := strings.Count(res.Body, `<section aria-labelledby="p-`); res.StatusCode != http.StatusOK || got != tt.want {
			t.Errorf("%s: %d, %d proposals shown, want %d", tt.path, res.StatusCode, got, tt.want)
		}
		if !strings.Contains(res.Body, fmt.Sprintf("Propositions de modification (%d)", n)) || !strings.Contains(res.Body, tt.more) {
			t.Errorf("%s: the total or the link to another page is missing", tt.path)
		}
	}
}
