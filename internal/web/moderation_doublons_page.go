package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"maillage/internal/account"
	"maillage/internal/dedup"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// GET /moderation/doublons: the pairs waiting for a decision and the merged
// places of the moderator's territory, ordered by score, a page at a time.
// The store lists the waiting pairs and merged places as keys and place
// ids only; the territory rule (account.MayDecide on both places, as for
// the decision itself) and the département filter keep those the moderator
// answers for; only the records of the pairs and places shown are read.

// reviewPageSize is the number of pairs (or merged places) on one page.
const reviewPageSize = 50

type doublonsPage struct {
	pageMeta
	Items []reviewItemView
	// Total counts the pairs waiting in the moderator's territory (and
	// département, when one is chosen); Pager pages them.
	Total int
	Pager pagerView
	// Departements are the départements of the waiting pairs the moderator
	// may decide, with their counts; Departement the one chosen ("": all).
	Departements []departementCount
	Departement  string
	Clusters     []dedup.Cluster
	// ClustersTotal counts the merged places of the territory.
	ClustersTotal int
	ClustersPager pagerView
}

type departementCount struct {
	Code     string
	Count    int
	Selected bool
}

// pagerView links the pages of a list: Prev and Next are "" when there is
// no such page.
type pagerView struct {
	Page, Pages int
	Prev, Next  string
}

// pageParam reads a page number (1 when absent).
func pageParam(q url.Values, name string) (int, error) {
	v := q.Get(name)
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, failure.Errorf(failure.Invalid, "Paramètre « %s » : « %s » n'est pas un numéro de page (un entier à partir de 1).", name, v)
	}
	return n, nil
}

// paging clamps page to the pages of total items and returns the bounds of
// its items and the links to its neighbours (the other parameters of q
// kept).
func paging(q url.Values, name string, page, total int) (lo, hi int, v pagerView) {
	pages := max(1, (total+reviewPageSize-1)/reviewPageSize)
	page = min(page, pages)
	link := func(n int) string {
		u := url.Values{}
		for k, vs := range q {
			u[k] = vs
		}
		if n == 1 {
			u.Del(name)
		} else {
			u.Set(name, strconv.Itoa(n))
		}
		if len(u) == 0 {
			return SitePath("moderation", "doublons")
		}
		return SitePath("moderation", "doublons") + "?" + u.Encode()
	}
	v = pagerView{Page: page, Pages: pages}
	if page > 1 {
		v.Prev = link(page - 1)
	}
	if page < pages {
		v.Next = link(page + 1)
	}
	lo = (page - 1) * reviewPageSize
	return min(lo, total), min(lo+reviewPageSize, total), v
}

// reviewScopes answers, for the places of one request, where they lie and
// whether the moderator may decide on them; each place is looked up once.
type reviewScopes struct {
	s     *Server
	ctx   context.Context
	u     *account.User
	cache map[string][]account.Scope
}

func (rs *reviewScopes) of(id string) []account.Scope {
	sc, ok := rs.cache[id]
	if !ok {
		sc = rs.s.lieuScopes(rs.ctx, id)
		rs.cache[id] = sc
	}
	return sc
}

// mayDecide is account.MayDecide on the places: an unknown place is an
// administrator's.
func (rs *reviewScopes) mayDecide(ids ...string) bool {
	var req account.Request
	for _, id := range ids {
		sc := rs.of(id)
		if len(sc) == 0 {
			req = account.Request{}
			break
		}
		req.Scopes = append(req.Scopes, sc...)
	}
	return account.MayDecide(rs.u, req) == nil
}

// inDepartement: one of the places lies in the département.
func (rs *reviewScopes) inDepartement(code string, ids ...string) bool {
	for _, id := range ids {
		for _, sc := range rs.of(id) {
			if sc.Departement == code {
				return true
			}
		}
	}
	return false
}

func (s *Server) moderationDoublons(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := pageParam(q, "page")
	if err != nil {
		s.error(w, r, err)
		return
	}
	clusterPage, err := pageParam(q, "page_lieux")
	if err != nil {
		s.error(w, r, err)
		return
	}
	dept := q.Get("departement")
	// The places of the pairs are looked up in the index for the territory
	// rule; imports and merges may have just changed them.
	r, err = s.freshSnapshot(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	rs := &reviewScopes{s: s, ctx: ctx, u: currentUser(r), cache: map[string][]account.Scope{}}
	p := doublonsPage{pageMeta: pageMeta{Title: "Doublons à vérifier", Nav: "espace", Flash: flash(r)}, Departement: dept}

	waiting, err := s.store.WaitingPairs(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts := map[string]int{}
	var mine []store.WaitingPair
	for _, wp := range waiting {
		if !rs.mayDecide(wp.PlaceA, wp.PlaceB) {
			continue
		}
		seen := map[string]bool{}
		for _, id := range []string{wp.PlaceA, wp.PlaceB} {
			for _, sc := range rs.of(id) {
				if sc.Departement != "" && !seen[sc.Departement] {
					seen[sc.Departement] = true
					counts[sc.Departement]++
				}
			}
		}
		if dept != "" && !rs.inDepartement(dept, wp.PlaceA, wp.PlaceB) {
			continue
		}
		mine = append(mine, wp)
	}
	for code, n := range counts {
		p.Departements = append(p.Departements, departementCount{Code: code, Count: n, Selected: code == dept})
	}
	sort.Slice(p.Departements, func(i, j int) bool { return p.Departements[i].Code < p.Departements[j].Code })
	p.Total = len(mine)
	lo, hi, pager := paging(q, "page", page, len(mine))
	p.Pager = pager
	if p.Items, err = s.reviewItems(ctx, mine[lo:hi], lo); err != nil {
		s.fail(w, r, err)
		return
	}

	merged, err := s.store.MergedPlaces(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var places []store.MergedPlace
	for _, mp := range merged {
		if rs.mayDecide(mp.ID) && (dept == "" || rs.inDepartement(dept, mp.ID)) {
			places = append(places, mp)
		}
	}
	p.ClustersTotal = len(places)
	lo, hi, p.ClustersPager = paging(q, "page_lieux", clusterPage, len(places))
	if p.Clusters, err = s.reviewClusters(ctx, places[lo:hi]); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "doublons.html", p)
}

// reviewItems reads the records and scores of the pairs shown, by key,
// numbered from first+1. A pair whose record left meanwhile is skipped.
func (s *Server) reviewItems(ctx context.Context, shown []store.WaitingPair, first int) ([]reviewItemView, error) {
	if len(shown) == 0 {
		return nil, nil
	}
	keys := make([]store.PairKey, len(shown))
	var recKeys []store.RecordKey
	for i, wp := range shown {
		keys[i] = wp.PairKey
		recKeys = append(recKeys, wp.A, wp.B)
	}
	pairs, err := s.store.DuplicatePairs(ctx, store.PairFilter{Keys: keys})
	if err != nil {
		return nil, err
	}
	scores := make(map[store.PairKey]string, len(pairs))
	for _, p := range pairs {
		scores[p.PairKey] = p.Scores
	}
	recs, err := s.store.CurrentRecordsByKeys(ctx, recKeys)
	if err != nil {
		return nil, err
	}
	at := make(map[store.RecordKey]*store.CurrentRecord, len(recs))
	for i := range recs {
		at[store.RecordKey{Source: recs[i].Source, ID: recs[i].Lieu.ID}] = &recs[i]
	}
	var out []reviewItemView
	for i, wp := range shown {
		a, b := at[wp.A], at[wp.B]
		js, ok := scores[wp.PairKey]
		if a == nil || b == nil || !ok {
			continue
		}
		var sc dedup.Scores
		if err := json.Unmarshal([]byte(js), &sc); err != nil {
			return nil, err
		}
		v := reviewItemView{N: first + i + 1, SourceA: a.Source, IDA: a.Lieu.ID, SourceB: b.Source, IDB: b.Lieu.ID, RawA: a.Lieu.RawID(), RawB: b.Lieu.RawID(),
			NameA: a.Lieu.Nom, NameB: b.Lieu.Nom, PlaceA: a.Place, PlaceB: b.Place,
			Total: decimal(wp.Total, false), Rows: recordRows(&a.Lieu, &b.Lieu), Reason: sc.Reason}
		if wp.Weakened && a.Place == b.Place {
			v.Weakened = true
			if v.Split, err = s.weakenedSplit(ctx, a, b); err != nil {
				return nil, err
			}
		}
		for _, c := range sc.Components() {
			v.Components = append(v.Components, componentView{Label: c.Label, Points: dedup.Points(c.C.Points), Note: c.C.Note})
		}
		out = append(out, v)
	}
	return out, nil
}

// reviewClusters reads the records of the merged places shown, and the
// pairs that tie them, by key.
func (s *Server) reviewClusters(ctx context.Context, shown []store.MergedPlace) ([]dedup.Cluster, error) {
	if len(shown) == 0 {
		return nil, nil
	}
	var keys []store.RecordKey
	for _, mp := range shown {
		keys = append(keys, mp.Records...)
	}
	cur, err := s.store.CurrentRecordsByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	pairs, err := s.store.DuplicatePairs(ctx, store.PairFilter{Records: keys})
	if err != nil {
		return nil, err
	}
	return dedup.Clusters(placed(cur), pairs), nil
}

// placed makes the store's current records the dedup's.
func placed(cur []store.CurrentRecord) []dedup.PlacedRecord {
	out := make([]dedup.PlacedRecord, len(cur))
	for i := range cur {
		c := &cur[i]
		out[i] = dedup.PlacedRecord{Record: dedup.Record{Source: c.Source, Lieu: &c.Lieu}, Place: c.Place, PlaceName: c.PlaceName, PlaceCreated: c.PlaceCreated, PlaceOrder: c.PlaceOrder}
	}
	return out
}

// weakenedSplit is the record « Séparer » takes off the place of a
// weakened automatic merge: the one the place's id did not come from, so
// that the place keeps its id with the other.
func (s *Server) weakenedSplit(ctx context.Context, a, b *store.CurrentRecord) (sideView, error) {
	recs, err := s.store.SourceRecords(ctx, a.Place)
	if err != nil {
		return sideView{}, err
	}
	var current []store.SourceRecord
	for _, r := range recs {
		if r.WithdrawnAt.IsZero() {
			current = append(current, r)
		}
	}
	if store.PublishedFrom(b.Place, b.Source, b.Lieu.ID, current) {
		return recordSide(a), nil
	}
	return recordSide(b), nil
}
