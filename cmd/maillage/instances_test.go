package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/openinghours"
	"maillage/internal/place"
	"maillage/internal/postgres/pgtest"
	"maillage/internal/standard"
	"maillage/internal/standard/standardtest"
	"maillage/internal/store"
)

// Two "maillage serve" on one database (the real run(), twice) see each
// other's edits, and another process's imports, within seconds, and
// serve the same registry after concurrent edits through both.
func TestTwoInstances(t *testing.T) {
	for name, db := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "m.db") },
		"postgres": func(t *testing.T) string { return pgtest.URL(t) },
	} {
		t.Run(name, func(t *testing.T) { testTwoInstances(t, db(t)) })
	}
}

// generatedLieux returns n generated places.
func generatedLieux(tb testing.TB, n int) []place.Lieu {
	tb.Helper()
	var buf bytes.Buffer
	if err := standardtest.WriteCSV(&buf, n, 11); err != nil {
		tb.Fatal(err)
	}
	sc, err := standard.NewScanner(&buf, "gen.csv")
	if err != nil {
		tb.Fatal(err)
	}
	var ls []place.Lieu
	for sc.Scan() {
		if e := sc.Entry(); e.OK {
			ls = append(ls, e.Lieu)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return ls
}

func importAll(tb testing.TB, st store.Store, source string, ls []place.Lieu) {
	tb.Helper()
	ctx := context.Background()
	im, err := st.BeginImport(ctx, source)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range ls {
		if _, _, err := im.Put(ctx, &ls[i]); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := im.Commit(ctx, source+".csv"); err != nil {
		tb.Fatal(err)
	}
}

// fetchURL fetches a URL and returns its status and body.
func fetchURL(tb testing.TB, url string, header ...string) (int, string, http.Header) {
	tb.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res.StatusCode, string(b), res.Header
}

// eventually retries check for at most 5 s.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if check() {
			return
		}
	}
	t.Fatalf("after 5 s: %s", what)
}

func testTwoInstances(t *testing.T, db string) {
	ctx := context.Background()
	st, err := openStore(ctx, testEnv(t), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ls := generatedLieux(t, 60)
	importAll(t, st, "hub", ls)
	// The servers and the test read one clock, set to noon in Paris: the
	// day a confirmation dates a place is the day the test expects, even
	// when the test runs across midnight (it did, on the wall clock, and
	// the places confirmed after midnight were dated the next day).
	clock := parisNoon()
	a, b := startServerAt(t, db, clock), startServerAt(t, db, clock)
	instances := []string{a, b}

	// Another process (an import) adds a place: both serve it.
	extra := ls[0]
	extra.ID, extra.Nom = "importe-ailleurs", "Importé par un autre processus"
	importAll(t, st, "autre", []place.Lieu{extra})
	for _, base := range instances {
		eventually(t, base+" serves the place imported elsewhere", func() bool {
			code, body, _ := fetchURL(t, base+"/api/v1/lieux/importe-ailleurs")
			return code == 200 && strings.Contains(body, extra.Nom)
		})
	}

	// An administrator, signed in on both.
	uid, err := st.CreateUser(ctx, account.User{Email: "admin@hub.fr", Role: account.Administrateur}, "test")
	if err != nil {
		t.Fatal(err)
	}
	token, hash := account.NewToken()
	if err := st.AddSession(ctx, account.Session{Hash: hash, UserID: uid, Created: clock(), LastSeen: clock()}); err != nil {
		t.Fatal(err)
	}
	confirm := func(base, id string) error {
		req, err := http.NewRequest("POST", base+"/lieux/"+id+"/confirmer", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Cookie", "maillage_session="+token)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("confirmer %s on %s: %d", id, base, res.StatusCode)
		}
		return nil
	}

	// An edit on one instance shows on the other.
	if err := confirm(a, ls[1].ID); err != nil {
		t.Fatal(err)
	}
	now := clock().In(openinghours.Paris)
	today := fmt.Sprintf(`"date_maj":"%s"`, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
	eventually(t, "b serves the confirmation made on a", func() bool {
		_, body, _ := fetchURL(t, b+"/api/v1/lieux/"+ls[1].ID)
		return strings.Contains(body, today)
	})

	// Concurrent edits through both instances, and by another process.
	var wg sync.WaitGroup
	errs := make(chan error, len(ls)*2+1)
	for i, base := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 2 + i; k < len(ls); k += 2 {
				if err := confirm(base, ls[k].ID); err != nil {
					errs <- err
				}
				// and a place the other instance also confirms
				if err := confirm(base, ls[len(ls)-1-k%5].ID); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := 2; k < 12; k++ {
			if _, err := st.PatchLieu(ctx, ls[k].ID, store.Patch{Set: map[string]string{"telephone": fmt.Sprintf("+3356100%04d", k)}, Origin: "coordination", Actor: "test"}); err != nil {
				errs <- err
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Both instances reach the database's revision and serve the same
	// registry, as stored.
	rev, err := st.Revision(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc, err := standard.NewEncoder("csv", &want)
	if err != nil {
		t.Fatal(err)
	}
	for l, err := range st.Lieux(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if err := enc.Encode(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	for _, base := range instances {
		var body, etag string
		eventually(t, base+" reaches the revision of the database", func() bool {
			var h http.Header
			_, body, h = fetchURL(t, base+"/donnees/lieux.csv")
			etag = h.Get("ETag")
			return etag == fmt.Sprintf(`"csv-%d"`, rev.Lieux)
		})
		if body != want.String() {
			t.Errorf("%s serves another registry than the database's", base)
		}
		if n := strings.Count(body, strings.Trim(strings.TrimPrefix(today, `"date_maj":`), `"`)); n != len(ls)-1 {
			t.Errorf("%s: %d places confirmed today, want %d", base, n, len(ls)-1)
		}
	}
}

// parisNoon returns the wall clock moved to noon in Paris at the first
// call, running on from there.
func parisNoon() func() time.Time {
	p := time.Now().In(openinghours.Paris)
	offset := time.Date(p.Year(), p.Month(), p.Day(), 12, 0, 0, 0, openinghours.Paris).Sub(p)
	return func() time.Time { return time.Now().Add(offset) }
}
