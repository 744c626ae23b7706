package web

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"maillage/internal/account"
	"maillage/internal/place"
	"maillage/internal/store"
)

// recordCountingStore counts the source records the review reads, and
// reports a read of every record of the registry.
type recordCountingStore struct {
	store.Store
	mu      sync.Mutex
	records int
	all     int // calls of CurrentRecords
}

func (c *recordCountingStore) CurrentRecords(ctx context.Context) ([]store.CurrentRecord, error) {
	rs, err := c.Store.CurrentRecords(ctx)
	c.mu.Lock()
	c.all++
	c.records += len(rs)
	c.mu.Unlock()
	return rs, err
}

func (c *recordCountingStore) CurrentRecordsByKeys(ctx context.Context, keys []store.RecordKey) ([]store.CurrentRecord, error) {
	rs, err := c.Store.CurrentRecordsByKeys(ctx, keys)
	c.mu.Lock()
	c.records += len(rs)
	c.mu.Unlock()
	return rs, err
}

func (c *recordCountingStore) reset() (records, all int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	records, all = c.records, c.all
	c.records, c.all = 0, 0
	return records, all
}

// reviewFixture adds n pairs waiting for review in Toulouse (31) and m in
// Albi (81), each between a place of source "hub" and one of source
// "national", pair i of Toulouse scoring 3 + i/10.
func reviewFixture(t testing.TB, ts *testServer, n, m int) {
	t.Helper()
	var hub, national []place.Lieu
	var pairs []store.DuplicatePair
	add := func(prefix, insee, cp, commune string, i int, total float64) {
		a := lieu(fmt.Sprintf("%s-h%04d", prefix, i), 43.6, 1.44, func(l *place.Lieu) {
			l.Nom, l.CodeINSEE, l.CodePostal, l.Commune = fmt.Sprintf("Hub %s %04d", commune, i), insee, cp, commune
		})
		b := lieu(fmt.Sprintf("%s-n%04d", prefix, i), 43.6, 1.44, func(l *place.Lieu) {
			l.Nom, l.CodeINSEE, l.CodePostal, l.Commune = fmt.Sprintf("National %s %04d", commune, i), insee, cp, commune
		})
		hub, national = append(hub, a), append(national, b)
		pairs = append(pairs, store.DuplicatePair{
			PairKey: store.NewPairKey(store.RecordKey{Source: "hub", ID: a.ID}, store.RecordKey{Source: "national", ID: b.ID}),
			Scores:  fmt.Sprintf(`{"nom":{"valeur":0.5,"points":1,"note":"note %s %d"},"total":%g}`, prefix, i, total), Total: total, Band: "a_verifier"})
	}
	for i := range n {
		add("tls", "31555", "31000", "Toulouse", i, 3+float64(i%60)/10)
	}
	for i := range m {
		add("alb", "81004", "81000", "Albi", i, 3.05+float64(i)/10)
	}
	for _, src := range []struct {
		name string
		ls   []place.Lieu
	}{{"hub", hub}, {"national", national}} {
		im, err := ts.store.BeginImport(context.Background(), src.name)
		if err != nil {
			t.Fatal(err)
		}
		for i := range src.ls {
			if _, _, err := im.Put(context.Background(), &src.ls[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Commit(context.Background(), "t"); err != nil {
			t.Fatal(err)
		}
	}
	if err := ts.store.SavePairs(context.Background(), pairs); err != nil {
		t.Fatal(err)
	}
}

var (
	pairHeading = regexp.MustCompile(`<h3 id="paire-(\d+)">\d+\. « [^»]* » et « [^»]* » — (\d+,\d) points</h3>`)
)

// shownScores returns the numbers and scores of the pairs on a page.
func shownScores(t *testing.T, body string) (numbers []int, scores []float64) {
	t.Helper()
	for _, m := range pairHeading.FindAllStringSubmatch(body, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			t.Fatal(err)
		}
		v, err := strconv.ParseFloat(strings.Replace(m[2], ",", ".", 1), 64)
		if err != nil {
			t.Fatal(err)
		}
		numbers, scores = append(numbers, n), append(scores, v)
	}
	return numbers, scores
}

// TestReviewQueuePaged: the queue shows 50 pairs a page, by score, with
// the count of pairs waiting and links to the next and previous pages (no
// JavaScript); each coordinator sees the pairs of their territory only, a
// département filter narrows them; the page reads the records of the pairs
// it shows, never every record of the registry.
func TestReviewQueuePaged(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	reviewFixture(t, ts, 60, 5)
	counting := &recordCountingStore{Store: ts.store}
	ts.Server.store = counting
	coord31 := session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	coord81 := session(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	admin := session(t, ts, mustUser(t, ts, account.User{Email: "admin@hub.fr", Role: account.Administrateur}), monday10h)

	page := getAs(t, ts, "/moderation/doublons", coord31)
	if page.StatusCode != 200 {
		t.Fatalf("page 1: %d %s", page.StatusCode, page.Body)
	}
	nums, scores := shownScores(t, page.Body)
	if len(nums) != 50 || nums[0] != 1 || nums[49] != 50 {
		t.Fatalf("page 1 shows %d pairs (%v)", len(nums), nums)
	}
	if scores[0] != 8.9 {
		t.Errorf("first pair scores %v, want the highest, 8.9", scores[0])
	}
	for i := 1; i < len(scores); i++ {
		if scores[i] > scores[i-1] {
			t.Errorf("page 1 not ordered by score: %v", scores)
			break
		}
	}
	for _, want := range []string{"Paires à vérifier (60)", `href="/moderation/doublons?page=2" rel="next">Page suivante`, "Page 1 sur 2"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("page 1: no %q", want)
		}
	}
	if strings.Contains(page.Body, "Page précédente") || strings.Contains(page.Body, "Albi") {
		t.Error("page 1 links to a previous page, or shows a pair of the Tarn")
	}
	if records, all := counting.reset(); all != 0 || records > 2*reviewPageSize {
		t.Errorf("page 1 read %d records (%d reads of every record), want at most those of the %d pairs shown", records, all, reviewPageSize)
	}

	page2 := getAs(t, ts, "/moderation/doublons?page=2", coord31)
	nums2, scores2 := shownScores(t, page2.Body)
	if len(nums2) != 10 || nums2[0] != 51 || scores2[0] > scores[49] {
		t.Errorf("page 2: numbers %v scores %v (page 1 ended at %v)", nums2, scores2, scores[49])
	}
	if !strings.Contains(page2.Body, `href="/moderation/doublons" rel="prev">Page précédente`) || strings.Contains(page2.Body, "Page suivante") {
		t.Errorf("page 2's links: %s", page2.Body)
	}
	if beyond := getAs(t, ts, "/moderation/doublons?page=9", coord31); beyond.StatusCode != 200 || !strings.Contains(beyond.Body, "Page 2 sur 2") {
		t.Errorf("a page beyond the last: %d", beyond.StatusCode)
	}
	if bad := getAs(t, ts, "/moderation/doublons?page=abc", coord31); bad.StatusCode != 400 || !strings.Contains(bad.Body, "numéro de page") {
		t.Errorf("page=abc: %d", bad.StatusCode)
	}

	// The Tarn's coordinator sees the Tarn's pairs only.
	tarn := getAs(t, ts, "/moderation/doublons", coord81)
	if n, _ := shownScores(t, tarn.Body); len(n) != 5 || !strings.Contains(tarn.Body, "Paires à vérifier (5)") ||
		strings.Contains(tarn.Body, "Toulouse") || strings.Contains(tarn.Body, "Page suivante") {
		t.Errorf("coordinator of the Tarn: %d pairs: %s", len(n), tarn.Body)
	}
	// A coordinator cannot widen their territory with the filter.
	if other := getAs(t, ts, "/moderation/doublons?departement=31", coord81); strings.Contains(other.Body, "Toulouse") || !strings.Contains(other.Body, "Paires à vérifier (0)") {
		t.Error("the Tarn's coordinator sees Haute-Garonne's pairs through the filter")
	}
	// An administrator sees both, and filters by département.
	all := getAs(t, ts, "/moderation/doublons", admin)
	for _, want := range []string{"Paires à vérifier (65)", `<option value="31">31 (60 paires)</option>`, `<option value="81">81 (5 paires)</option>`} {
		if !strings.Contains(all.Body, want) {
			t.Errorf("administrator: no %q", want)
		}
	}
	only81 := getAs(t, ts, "/moderation/doublons?departement=81", admin)
	if n, _ := shownScores(t, only81.Body); len(n) != 5 || !strings.Contains(only81.Body, `<option value="81" selected>`) {
		t.Errorf("administrator, département 81: %d pairs", len(n))
	}
	// Paging keeps the filter.
	if p := getAs(t, ts, "/moderation/doublons?departement=31", admin); !strings.Contains(p.Body, `href="/moderation/doublons?departement=31&amp;page=2"`) {
		t.Error("the next page's link loses the département")
	}
}
