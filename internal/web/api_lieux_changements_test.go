package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"maillage/internal/place"
	"maillage/internal/store"
)

type changesPage struct {
	Depuis, Curseur int64
	Suite           bool
	Changements     []struct {
		Type, ID    string
		Lieu        map[string]any
		RemplacePar string `json:"remplace_par"`
	}
}

// changes reads the feed from since, every page of limit, and returns the
// kinds by id (the last one seen) and the final cursor.
func (ts *testServer) changes(t *testing.T, since int64, limit int) (map[string]string, int64, int) {
	t.Helper()
	kinds := map[string]string{}
	pages := 0
	for {
		res := ts.get(t, fmt.Sprintf("/api/v1/lieux/changements?depuis=%d&limite=%d", since, limit))
		if res.StatusCode != 200 {
			t.Fatalf("depuis=%d: %d %s", since, res.StatusCode, res.Body)
		}
		var p changesPage
		decode(t, res.Body, &p)
		pages++
		if p.Depuis != since || p.Curseur < since {
			t.Fatalf("depuis=%d: page %+v", since, p)
		}
		for _, c := range p.Changements {
			kinds[c.ID] = c.Type
			if (c.Lieu != nil) != (c.Type == changeCreated || c.Type == changeUpdated) {
				t.Errorf("%s %s: lieu %v", c.Type, c.ID, c.Lieu)
			}
			if c.Lieu != nil && c.Lieu["id"] != c.ID {
				t.Errorf("%s: the place is %v", c.ID, c.Lieu["id"])
			}
		}
		since = p.Curseur
		if !p.Suite {
			return kinds, since, pages
		}
		if pages > 100 {
			t.Fatal("no end to the pages")
		}
	}
}

func importPlaces(t *testing.T, st store.Store, source string, ls ...place.Lieu) {
	t.Helper()
	ctx := context.Background()
	im, err := st.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
}

// The changes feed: from 0 every place is new; after a cursor, what was
// created and what was updated, each with the place as it is; paged by
// limite, with the next cursor; the open-data files give the cursor they
// stand at.
func TestChangesFeed(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	kinds, head, _ := ts.changes(t, 0, 500)
	if fmt.Sprint(kinds) != "map[albi-1:cree tls-1:cree tls-2:cree]" {
		t.Errorf("from 0: %v", kinds)
	}
	if kinds, again, _ := ts.changes(t, head, 500); len(kinds) != 0 || again != head {
		t.Errorf("from the head: %v, cursor %d → %d", kinds, head, again)
	}
	// The files say where they stand.
	if got := ts.get(t, "/donnees/lieux.json").Header.Get("Curseur-Changements"); got != strconv.FormatInt(head, 10) {
		t.Errorf("Curseur-Changements of the file: %q, want %d", got, head)
	}

	// An edit and an import that updates one place and adds two.
	l, err := ts.store.Lieu(ctx, "tls-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.PatchLieu(ctx, "tls-1", store.Patch{Base: store.Version(&l), Set: map[string]string{"nom": "EPN du Capitole rénové"}, Origin: "coordination", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	albi := fixture()[2]
	albi.Horaires = "Mo-Fr 09:00-12:00"
	importPlaces(t, ts.store, "test", albi, lieu("new-1", 43.6, 1.44, nil), lieu("new-2", 43.6, 1.45, nil))
	kinds, next, pages := ts.changes(t, head, 2)
	want := "map[albi-1:modifie new-1:cree new-2:cree tls-1:modifie]"
	if fmt.Sprint(kinds) != want || pages < 2 {
		t.Errorf("after an edit and an import, by 2: %v in %d pages, want %s", kinds, pages, want)
	}
	if kinds, _, _ := ts.changes(t, head, 1000); fmt.Sprint(kinds) != want {
		t.Errorf("after an edit and an import, in one page: %v", kinds)
	}
	// The place as it is now.
	res := ts.get(t, fmt.Sprintf("/api/v1/lieux/changements?depuis=%d", head))
	if !strings.Contains(res.Body, "EPN du Capitole rénové") {
		t.Errorf("the edited place is not given as it is: %s", res.Body)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS")
	}
	if kinds, again, _ := ts.changes(t, next, 500); len(kinds) != 0 || again != next {
		t.Errorf("from the new head: %v", kinds)
	}
}

// A place that disappears from the registry is listed without its content.
func TestChangesFeedDeleted(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	_, head, _ := ts.changes(t, 0, 500)
	importPlaces(t, ts.store, "test", lieu("new-1", 43.6, 1.44, nil))
	// The store as a reader sees it after tls-2 was deleted.
	ts.Server.store = hidingStore{Store: ts.store, hidden: "tls-2"}
	l, err := ts.store.Lieu(context.Background(), "tls-2")
	if err != nil {
		t.Fatal(err)
	}
	importPlaces(t, ts.store, "test", func() place.Lieu { l.Nom = "x"; return l }())
	kinds, _, _ := ts.changes(t, head, 500)
	if fmt.Sprint(kinds) != "map[new-1:cree tls-2:supprime]" {
		t.Errorf("after a deletion: %v", kinds)
	}
}

// hidingStore is a store where one place no longer exists.
type hidingStore struct {
	store.Store
	hidden string
}

func (h hidingStore) LieuxByID(ctx context.Context, ids []string) ([]*place.Lieu, error) {
	ls, err := h.Store.LieuxByID(ctx, ids)
	out := ls[:0]
	for _, l := range ls {
		if l.ID != h.hidden {
			out = append(out, l)
		}
	}
	return out, err
}

// Cursors the log cannot answer: pruned (the client must download
// everything again) or ahead of the log; bad parameters.
func TestChangesFeedRefusals(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	_, head, _ := ts.changes(t, 0, 500)
	importPlaces(t, ts.store, "test", lieu("new-1", 43.6, 1.44, nil))
	if err := ts.store.PruneChanges(ctx, head); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query  string
		status int
		says   string
	}{
		{"depuis=0", 409, "Téléchargez à nouveau tout le registre"},
		{fmt.Sprintf("depuis=%d", head-1), 409, "ne remonte plus jusqu'au curseur"},
		{fmt.Sprintf("depuis=%d", head+1000), 409, "postérieur au dernier changement"},
		{"", 400, "depuis"},
		{"depuis=-1", 400, "depuis"},
		{"depuis=1e3", 400, "depuis"},
		{"depuis=abc", 400, "depuis"},
		{fmt.Sprintf("depuis=%d&limite=0", head), 400, "limite"},
		{fmt.Sprintf("depuis=%d&limite=1001", head), 400, "limite"},
		{fmt.Sprintf("depuis=%d&depuis_date=2026-01-01", head), 400, "depuis_date"},
		{fmt.Sprintf("depuis=%d", head), 200, `"cree"`},
	} {
		res := ts.get(t, "/api/v1/lieux/changements?"+tc.query)
		if res.StatusCode != tc.status || !strings.Contains(res.Body, tc.says) || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s, want %d saying %q", tc.query, res.StatusCode, res.Body, tc.status, tc.says)
		}
	}
}

// Places merged into another are listed with the surviving id; places
// their source no longer gives are withdrawn; both without content.
func TestChangesFeedMergedAndWithdrawn(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	importPlaces(t, ts.store, "autre", lieu("dup-1", 43.6045, 1.4440, nil), lieu("seul-1", 43.6, 1.45, nil))
	_, head, _ := ts.changes(t, 0, 500)
	if err := ts.store.MergePlaces(ctx, "tls-1", "dup-1", store.MergeInfo{Actor: "test", Reason: "même lieu"}); err != nil {
		t.Fatal(err)
	}
	// The source "autre" no longer gives seul-1.
	im, err := ts.store.BeginImport(ctx, "autre")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Withdraw(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "vide.csv"); err != nil {
		t.Fatal(err)
	}
	res := ts.get(t, fmt.Sprintf("/api/v1/lieux/changements?depuis=%d", head))
	var p changesPage
	decode(t, res.Body, &p)
	got := map[string]string{}
	for _, c := range p.Changements {
		got[c.ID] = c.Type + ">" + c.RemplacePar
	}
	if fmt.Sprint(got) != "map[dup-1:fusionne>tls-1 seul-1:retire> tls-1:modifie>]" {
		t.Errorf("after a merge and a withdrawal: %v\n%s", got, res.Body)
	}
}
