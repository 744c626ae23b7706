package web

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// An edit answers while a rebuild of the index holds it (after a large
// import the watch reads the whole registry: tens of seconds at 100 000
// places), and the place's page shows the edit at once: the handler puts
// its own change into the index instead of waiting.
func TestEditDuringRebuild(t *testing.T) {
	p := cast(t)
	form := formOf(p.ts, "tls-1")
	form.Set("telephone", "05 61 00 00 00")
	other := newerTls1()
	other.ID = "tls-2"
	importBehindIndex(t, p.ts, other) // more for the index to catch up with
	p.ts.refreshMu.Lock()             // a rebuild in progress
	done := make(chan response, 1)
	go func() { done <- postForm(t, p.ts, "/lieux/tls-1/modifier", form, p.coord31) }()
	var res response
	select {
	case res = <-done:
	case <-time.After(20 * time.Second):
		p.ts.refreshMu.Unlock()
		<-done
		t.Fatal("the edit waited for the rebuild of the index")
	}
	defer p.ts.refreshMu.Unlock()
	if !strings.Contains(res.Header.Get("Location"), "message=publie") {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	l, ok := p.ts.index.Load().Lieu("tls-1")
	if !ok || len(l.Telephone) != 1 || l.Telephone[0] != "+33561000000" {
		t.Errorf("the index does not show the edit: %+v", l)
	}
	page := getAs(t, p.ts, "/lieux/tls-1", p.coord31)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "05 61 00 00 00") {
		t.Errorf("the place's page does not show the edit: %d", page.StatusCode)
	}
}

// TestDuplicatesReviewDuringRebuild: the review of duplicates, visited
// right after a large import (when the index is rebuilt), answers without
// waiting for the rebuild (it reads its pairs from the database).
func TestDuplicatesReviewDuringRebuild(t *testing.T) {
	p := cast(t)
	other := newerTls1()
	other.ID = "tls-2"
	importBehindIndex(t, p.ts, other)
	p.ts.refreshMu.Lock() // a rebuild in progress
	done := make(chan response, 1)
	go func() { done <- getAs(t, p.ts, "/moderation/doublons", p.coord31) }()
	select {
	case res := <-done:
		p.ts.refreshMu.Unlock()
		if res.StatusCode != http.StatusOK {
			t.Errorf("/moderation/doublons during a rebuild: %d", res.StatusCode)
		}
	case <-time.After(20 * time.Second):
		p.ts.refreshMu.Unlock()
		<-done
		t.Fatal("/moderation/doublons waited for the rebuild of the index")
	}
}
