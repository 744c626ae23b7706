package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"maillage/internal/account"
)

// BenchmarkReviewQueuePage renders a page of the review of duplicates for a
// coordinator with 5 000 pairs waiting in their territory (10 000 places,
// SQLite): the first page and a page in the middle.
//
//	go test ./internal/web -run '^$' -bench ReviewQueuePage -benchtime 20x
func BenchmarkReviewQueuePage(b *testing.B) {
	ts := newTestServer(b, fixture()...)
	reviewFixture(b, ts, 5000, 0)
	if err := ts.Server.Refresh(b.Context()); err != nil {
		b.Fatal(err)
	}
	id, err := ts.store.CreateUser(b.Context(), account.User{Email: "c31@hub.fr", Role: account.Coordinateur,
		Territories: []account.Territory{{Kind: "departement", Code: "31"}}}, "test")
	if err != nil {
		b.Fatal(err)
	}
	token, hash := account.NewToken()
	if err := ts.store.AddSession(b.Context(), account.Session{Hash: hash, UserID: id, Created: monday10h, LastSeen: monday10h}); err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/moderation/doublons", "/moderation/doublons?page=50"} {
		b.Run(strings.TrimPrefix(path, "/moderation/doublons"), func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", path, nil)
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
				rec := httptest.NewRecorder()
				ts.h.ServeHTTP(rec, req)
				if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Paires à vérifier (5000)") {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
		})
	}
}
