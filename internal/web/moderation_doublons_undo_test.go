package web

import (
	"context"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"maillage/internal/account"
	"maillage/internal/store"
)

// importCopy imports a copy of place id under source and sourceID, as a
// place of its own, and returns its published id.
func importCopy(t *testing.T, ts *testServer, id, source, sourceID string) string {
	t.Helper()
	ctx := context.Background()
	l := *mustLieu(t, ts, id)
	l.ID = sourceID
	im, err := ts.store.BeginImport(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := im.Put(ctx, &l)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx, "t"); err != nil {
		t.Fatal(err)
	}
	return got
}

func coordinators(t *testing.T, ts *testServer) (c31, c81 string) {
	t.Helper()
	c31 = session(t, ts, mustUser(t, ts, account.User{Email: "c31@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "31"}}}), monday10h)
	c81 = session(t, ts, mustUser(t, ts, account.User{Email: "c81@hub.fr", Role: account.Coordinateur, Territories: []account.Territory{{Kind: "departement", Code: "81"}}}), monday10h)
	return c31, c81
}

func decisionOf(t *testing.T, ts *testServer, k store.PairKey) string {
	t.Helper()
	ps, err := ts.store.DuplicatePairs(context.Background(), store.PairFilter{Keys: []store.PairKey{k}})
	if err != nil || len(ps) != 1 {
		t.Fatalf("pair %v: %+v %v", k, ps, err)
	}
	return ps[0].Decision
}

func recordCount(t *testing.T, ts *testServer, id string) int {
	t.Helper()
	recs, err := ts.store.SourceRecords(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() {
			n++
		}
	}
	return n
}

// TestDecisionsAskConfirmation: « Lieux distincts », « Même lieu » and
// « Séparer » first show what will happen (the records and places, which
// id stays where, that later harvests keep the decision) with
// « Confirmer » and « Annuler », and change nothing.
func TestDecisionsAskConfirmation(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	c31, _ := coordinators(t, ts)
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-2"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 4, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	mergedRecord(t, ts, "albi-1", "national", "N-9") // not in 31: an administrator's
	mergedRecord(t, ts, "tls-2", "national", "N-2")
	pair := func(d string) url.Values {
		return url.Values{"source_a": {k.A.Source}, "id_a": {k.A.ID}, "source_b": {k.B.Source}, "id_b": {k.B.ID}, "decision": {d}}
	}
	for _, tt := range []struct {
		name, path string
		form       url.Values
		want       []string
	}{
		{"lieux distincts", "/moderation/doublons/decision", pair("rejeter"),
			[]string{"deux lieux distincts", "test « tls-1 »", "test « tls-2 »", "gardent leurs identifiants", "prochaines moissons", `value="rejeter"`}},
		{"même lieu", "/moderation/doublons/decision", pair("confirmer"),
			[]string{"le même lieu", "le lieu tls-1, le plus ancien, garde son identifiant", "l'adresse du lieu tls-2 renverra", "prochaines moissons", `value="confirmer"`}},
		{"séparer", "/moderation/doublons/separer", url.Values{"source": {"national"}, "id": {"N-2"}},
			[]string{"national « N-2 »", "du lieu <a href=\"/lieux/tls-2\">tls-2</a>", "test « tls-2 »", "gardera l'identifiant tls-2", "sous l'identifiant N-2", "prochaines moissons", `href="/moderation/doublons">Annuler</a>`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := postForm(t, ts, tt.path, tt.form, c31)
			if res.StatusCode != 200 {
				t.Fatalf("%d %s", res.StatusCode, res.Body)
			}
			for _, want := range append(tt.want, `name="confirmer" value="oui"`, ">Confirmer</button>", ">Annuler</a>") {
				if !strings.Contains(res.Body, want) {
					t.Errorf("confirmation: no %q\n%s", want, between(t, res.Body, "<main", "</main>"))
				}
			}
			if d := decisionOf(t, ts, k); d != "" {
				t.Errorf("the confirmation page decided the pair: %q", d)
			}
			if n := recordCount(t, ts, "tls-2"); n != 2 {
				t.Errorf("the confirmation page changed tls-2: %d records", n)
			}
			if _, moved, _ := ts.store.Redirect(ctx, "tls-2"); moved {
				t.Error("the confirmation page merged tls-2")
			}
		})
	}
}

// TestUndoRejectPage: after « Lieux distincts » confirmed, the result
// page offers « Annuler cette décision »; a coordinator of elsewhere may
// not take it; the coordinator's undo puts the pair back in the queue and
// the places' history says so; a second undo is a 409 that says why, and
// the result page then offers nothing.
func TestUndoRejectPage(t *testing.T) {
	// The store's clock moves (a microsecond a reading): two decisions are
	// never at one instant, as in life.
	var tick atomic.Int64
	ts := newTestServerWith(t, []store.Option{store.WithClock(func() time.Time { return monday10h.Add(time.Duration(tick.Add(1)) * time.Microsecond) })}, fixture()...)
	ctx := context.Background()
	c31, c81 := coordinators(t, ts)
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-2"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k, Scores: "{}", Total: 4, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"source_a": {k.A.Source}, "id_a": {k.A.ID}, "source_b": {k.B.Source}, "id_b": {k.B.ID}, "decision": {"rejeter"}, "confirmer": {"oui"}}
	res := postForm(t, ts, "/moderation/doublons/decision", form, c31)
	done := res.Header.Get("Location")
	if res.StatusCode != 303 || !strings.HasPrefix(done, "/moderation/doublons/fait?") {
		t.Fatalf("reject: %d %s", res.StatusCode, done)
	}
	page := getAs(t, ts, done, c31)
	for _, want := range []string{"sont deux lieux distincts", "prochaines moissons", "Annuler cette décision", `action="/moderation/doublons/annuler"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("result page: no %q\n%s", want, between(t, page.Body, "<main", "</main>"))
		}
	}
	du, err := url.Parse(done)
	if err != nil {
		t.Fatal(err)
	}
	undo := url.Values{"quoi": {"rejet"}, "source_a": {k.A.Source}, "id_a": {k.A.ID}, "source_b": {k.B.Source}, "id_b": {k.B.ID}}
	// The undo names the rejection it takes back (its time): without it,
	// the form is unreadable.
	if res := postForm(t, ts, "/moderation/doublons/annuler", undo, c31); res.StatusCode != 400 {
		t.Errorf("undo without the decision's time: %d", res.StatusCode)
	}
	undo.Set("le", du.Query().Get("le"))
	if res := postForm(t, ts, "/moderation/doublons/annuler", undo, c81); res.StatusCode != 403 {
		t.Errorf("undo by a coordinator of elsewhere: %d", res.StatusCode)
	}
	if d := decisionOf(t, ts, k); d != store.DecisionRejected {
		t.Fatalf("decision after the refused undo: %q", d)
	}
	res = postForm(t, ts, "/moderation/doublons/annuler", undo, c31)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/moderation/doublons?message=rejet-annule" {
		t.Fatalf("undo: %d %s %s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if d := decisionOf(t, ts, k); d != "" {
		t.Errorf("decision after the undo: %q", d)
	}
	queue := getAs(t, ts, "/moderation/doublons?message=rejet-annule", c31)
	if !strings.Contains(queue.Body, "de nouveau à vérifier") || !strings.Contains(queue.Body, "Lieux distincts") {
		t.Errorf("queue after the undo:\n%s", between(t, queue.Body, "<main", "</main>"))
	}
	hist := getAs(t, ts, "/lieux/tls-2/historique", c31)
	if !strings.Contains(hist.Body, "Décision « lieux distincts » annulée") {
		t.Errorf("history of tls-2 does not say the undo:\n%s", between(t, hist.Body, "<main", "</main>"))
	}
	again := postForm(t, ts, "/moderation/doublons/annuler", undo, c31)
	if again.StatusCode != 409 || !strings.Contains(again.Body, "Rien à annuler") {
		t.Errorf("undoing twice: %d\n%s", again.StatusCode, between(t, again.Body, "<main", "</main>"))
	}
	if page := getAs(t, ts, done, c31); strings.Contains(page.Body, "Annuler cette décision") || !strings.Contains(page.Body, "plus en vigueur") {
		t.Errorf("result page after the undo:\n%s", between(t, page.Body, "<main", "</main>"))
	}
	// Rejected again (a colleague, later): the first rejection's page and
	// form, kept open, no longer take anything back.
	if res := postForm(t, ts, "/moderation/doublons/decision", form, c31); res.StatusCode != 303 {
		t.Fatalf("reject again: %d", res.StatusCode)
	}
	if page := getAs(t, ts, done, c31); strings.Contains(page.Body, "Annuler cette décision") || !strings.Contains(page.Body, "plus en vigueur") {
		t.Errorf("first result page after a new rejection:\n%s", between(t, page.Body, "<main", "</main>"))
	}
	if stale := postForm(t, ts, "/moderation/doublons/annuler", undo, c31); stale.StatusCode != 409 {
		t.Errorf("a stale undo after a new rejection: %d\n%s", stale.StatusCode, between(t, stale.Body, "<main", "</main>"))
	}
	if d := decisionOf(t, ts, k); d != store.DecisionRejected {
		t.Errorf("the new rejection after a stale undo: %q", d)
	}
}

// TestUndoSplitPage: after « Séparer » confirmed from a place's page, the
// result page offers the undo; the coordinator's undo re-joins the record
// to the place it left (its id, the other redirecting again) and forgets
// the separation; after a colleague changed the place the record left,
// the undo is a 409 that says what changed, and nothing moves.
func TestUndoSplitPage(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	c31, c81 := coordinators(t, ts)
	mergedRecord(t, ts, "tls-1", "national", "N-1")
	split := func() string {
		t.Helper()
		res := postForm(t, ts, "/moderation/doublons/separer", url.Values{"source": {"national"}, "id": {"N-1"}, "depuis": {"lieu"}, "confirmer": {"oui"}}, c31)
		if res.StatusCode != 303 {
			t.Fatalf("split: %d %s", res.StatusCode, res.Body)
		}
		return res.Header.Get("Location")
	}
	done := split()
	page := getAs(t, ts, done, c31)
	for _, want := range []string{"Enregistrement séparé", "national « N-1 »", "forme le lieu", "Annuler cette décision", "rejoindra le lieu tls-1", "Revenir au lieu tls-1"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("result page: no %q\n%s", want, between(t, page.Body, "<main", "</main>"))
		}
	}
	u, err := url.Parse(done)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	// « de » forged to the place the split made: the store reads the
	// place the record left from the split's journal, and tls-1 keeps its
	// id all the same.
	undo := url.Values{"quoi": {"separation"}, "source": {"national"}, "id": {"N-1"}, "lieu": {q.Get("lieu")}, "autres": {q.Get("autres")}, "de": {q.Get("lieu")}, "le": {q.Get("le")}}
	if q.Get("de") != "tls-1" || q.Get("lieu") == "tls-1" {
		t.Fatalf("split described as %v", q)
	}
	if res := postForm(t, ts, "/moderation/doublons/annuler", undo, c81); res.StatusCode != 403 {
		t.Errorf("undo by a coordinator of elsewhere: %d", res.StatusCode)
	}
	res := postForm(t, ts, "/moderation/doublons/annuler", undo, c31)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/lieux/tls-1?message=separation-annulee" {
		t.Fatalf("undo: %d %s %s", res.StatusCode, res.Header.Get("Location"), between(t, res.Body, "<main", "</main>"))
	}
	if n := recordCount(t, ts, "tls-1"); n != 2 {
		t.Errorf("tls-1 holds %d records after the undo, want 2", n)
	}
	if to, moved, err := ts.store.Redirect(ctx, q.Get("lieu")); err != nil || !moved || to != "tls-1" {
		t.Errorf("%s redirects to %q (%v %v) after the undo, want tls-1", q.Get("lieu"), to, moved, err)
	}
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "national", ID: "N-1"})
	if d := decisionOf(t, ts, k); d == store.DecisionSplit {
		t.Error("the separation is still recorded after the undo")
	}
	hist := getAs(t, ts, "/lieux/tls-1/historique", c31)
	if !strings.Contains(hist.Body, "Séparation annulée") {
		t.Errorf("history of tls-1 does not say the undo:\n%s", between(t, hist.Body, "<main", "</main>"))
	}
	if again := postForm(t, ts, "/moderation/doublons/annuler", undo, c31); again.StatusCode != 409 || !strings.Contains(again.Body, "ne peut plus être annulée") {
		t.Errorf("undoing twice: %d\n%s", again.StatusCode, between(t, again.Body, "<main", "</main>"))
	}

	// Split again; a colleague then merges tls-2 into tls-1: the undo
	// would bring N-1 back beside a record it never saw there.
	done = split()
	u, _ = url.Parse(done)
	q = u.Query()
	undo = url.Values{"quoi": {"separation"}, "source": {"national"}, "id": {"N-1"}, "lieu": {q.Get("lieu")}, "autres": {q.Get("autres")}, "de": {q.Get("de")}, "le": {q.Get("le")}}
	if err := ts.store.MergePlaces(ctx, "tls-1", "tls-2", store.MergeInfo{Actor: "compte:99", Reason: "même lieu"}); err != nil {
		t.Fatal(err)
	}
	res = postForm(t, ts, "/moderation/doublons/annuler", undo, c31)
	if res.StatusCode != 409 || !strings.Contains(res.Body, "a changé depuis") || !strings.Contains(res.Body, "tls-2") {
		t.Errorf("undo after a colleague's merge: %d\n%s", res.StatusCode, between(t, res.Body, "<main", "</main>"))
	}
	if n := recordCount(t, ts, q.Get("lieu")); n != 1 {
		t.Errorf("the refused undo moved N-1: its place holds %d records", n)
	}
}

// TestMergeByHandPage: a coordinator of the place's territory is offered
// « Réunir avec un autre lieu », sees the nearby places, chooses one by
// its id, sees both side by side and which id survives (nothing changed
// yet), confirms: the older id survives, the other answers 301 to it, and
// the pair of their records is confirmed. Two places « lieux distincts »
// keeps apart are refused with a message naming the decision; an unknown
// id is said so.
func TestMergeByHandPage(t *testing.T) {
	ts := newTestServer(t, fixture()...)
	ctx := context.Background()
	c31, c81 := coordinators(t, ts)
	if page := getAs(t, ts, "/lieux/tls-1", c31); !strings.Contains(page.Body, `href="/lieux/tls-1/reunir"`) {
		t.Error("the place's page does not offer « Réunir avec un autre lieu »")
	}
	if page := getAs(t, ts, "/lieux/tls-1", c81); strings.Contains(page.Body, "Réunir avec un autre lieu") {
		t.Error("a coordinator of elsewhere is offered the merge")
	}
	if res := getAs(t, ts, "/lieux/tls-1/reunir", c81); res.StatusCode != 403 {
		t.Errorf("merge page for a coordinator of elsewhere: %d", res.StatusCode)
	}
	page := getAs(t, ts, "/lieux/tls-1/reunir", c31)
	if !strings.Contains(page.Body, "Réunir avec « Tiers-lieu des Carmes » (tls-2)") || strings.Contains(page.Body, "albi-1") {
		t.Errorf("nearby places: want tls-2, not albi-1\n%s", between(t, page.Body, "<main", "</main>"))
	}
	if res := postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {"nulle-part"}}, c31); res.StatusCode != 404 || !strings.Contains(res.Body, "publié sous l&#39;identifiant « nulle-part »") {
		t.Errorf("unknown id: %d", res.StatusCode)
	}
	if res := postForm(t, ts, "/lieux/tls-1/reunir", url.Values{"autre": {"albi-1"}}, c31); res.StatusCode != 403 {
		t.Errorf("merging with a place of elsewhere: %d", res.StatusCode)
	}
	// tls-3, a copy of tls-2 from another source, is kept apart from
	// tls-2 by « lieux distincts ».
	tls3 := importCopy(t, ts, "tls-2", "autre", "tls-3")
	k3 := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-2"}, store.RecordKey{Source: "autre", ID: "tls-3"})
	if err := ts.store.SavePairs(ctx, []store.DuplicatePair{{PairKey: k3, Scores: "{}", Total: 5, Band: "a_verifier"}}); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.DecidePair(ctx, k3, store.DecisionRejected, "compte:42"); err != nil {
		t.Fatal(err)
	}
	res := postForm(t, ts, "/lieux/tls-2/reunir", url.Values{"autre": {tls3}}, c31)
	if res.StatusCode != 409 || !strings.Contains(res.Body, "rejetée") || !strings.Contains(res.Body, "revenez d") {
		t.Errorf("merging places kept apart: %d\n%s", res.StatusCode, between(t, res.Body, "<main", "</main>"))
	}

	// The confirmation, by the place's address pasted whole.
	res = postForm(t, ts, "/lieux/tls-2/reunir", url.Values{"autre": {"http://maillage.test/lieux/tls-1"}}, c31)
	for _, want := range []string{"Lieu tls-1 (garde son identifiant)", "le lieu tls-1, le plus ancien, garde son identifiant", "l'adresse du lieu tls-2 renverra", "prochaines moissons", `name="survivant" value="tls-1"`, ">Confirmer</button>", ">Annuler</a>"} {
		if res.StatusCode != 200 || !strings.Contains(res.Body, want) {
			t.Errorf("confirmation: %d, no %q", res.StatusCode, want)
		}
	}
	if _, moved, _ := ts.store.Redirect(ctx, "tls-2"); moved {
		t.Fatal("the confirmation page merged the places")
	}
	res = postForm(t, ts, "/lieux/tls-2/reunir", url.Values{"autre": {"tls-1"}, "survivant": {"tls-1"}, "confirmer": {"oui"}}, c31)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/lieux/tls-1?message=reunis" {
		t.Fatalf("merge: %d %s %s", res.StatusCode, res.Header.Get("Location"), between(t, res.Body, "<main", "</main>"))
	}
	if old := ts.get(t, "/lieux/tls-2"); old.StatusCode != 301 || !strings.HasSuffix(old.Header.Get("Location"), "/lieux/tls-1") {
		t.Errorf("/lieux/tls-2 after the merge: %d %s", old.StatusCode, old.Header.Get("Location"))
	}
	k := store.NewPairKey(store.RecordKey{Source: "test", ID: "tls-1"}, store.RecordKey{Source: "test", ID: "tls-2"})
	if d := decisionOf(t, ts, k); d != store.DecisionConfirmed {
		t.Errorf("pair of the merged records: %q, want confirmed", d)
	}
	if page := getAs(t, ts, "/lieux/tls-1?message=reunis", c31); !strings.Contains(page.Body, "Lieux réunis") {
		t.Error("no message after the merge")
	}
}
