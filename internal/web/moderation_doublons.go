package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/dedup"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

// The coordinators' review of duplicates: the pairs of source records the
// merge run could not decide, side by side with each signal explained, to
// confirm (the places are merged) or reject (never merged); and the merged
// places of their territory, whose wrong records they can split off.

// maxReviewShown bounds the pairs and merged places shown on one page.
const maxReviewShown = 50

type fieldRow struct{ Label, A, B string }

type reviewItemView struct {
	N                          int
	SourceA, IDA, SourceB, IDB string
	NameA, NameB, PlaceA       string
	PlaceB                     string
	Total                      string
	Rows                       []fieldRow
	Components                 []componentView
	Reason                     string
}

type componentView struct {
	Label, Points, Note string
}

type doublonsPage struct {
	pageMeta
	Items         []reviewItemView
	Total         int
	Clusters      []dedup.Cluster
	ClustersTotal int
}

// dedupData brings the index up to date (the places of the records are
// looked up in it for the territory rules; imports and merges may have
// just changed them), then reads the records and the pairs. The request
// reads the index as it now is.
func (s *Server) dedupData(r *http.Request) (*http.Request, []dedup.PlacedRecord, []store.DuplicatePair, error) {
	r, err := s.freshSnapshot(r)
	if err != nil {
		return r, nil, nil, err
	}
	cur, err := s.store.CurrentRecords(r.Context())
	if err != nil {
		return r, nil, nil, err
	}
	recs := make([]dedup.PlacedRecord, len(cur))
	for i := range cur {
		c := &cur[i]
		recs[i] = dedup.PlacedRecord{Record: dedup.Record{Source: c.Source, Lieu: &c.Lieu}, Place: c.Place, PlaceName: c.PlaceName, PlaceCreated: c.PlaceCreated}
	}
	pairs, err := s.store.DuplicatePairs(r.Context(), store.PairFilter{})
	return r, recs, pairs, err
}

// placesRequest is the decision on places: every one must lie in the
// moderator's territory.
func (s *Server) placesRequest(ctx context.Context, ids ...string) account.Request {
	var req account.Request
	for _, id := range ids {
		sc := s.lieuScopes(ctx, id)
		if len(sc) == 0 {
			return account.Request{} // unknown place: an administrator's
		}
		req.Scopes = append(req.Scopes, sc...)
	}
	return req
}

// decimal writes v with one decimal, French style ("7,5", "−3,0"); signed
// adds "+" to positive values.
func decimal(v float64, signed bool) string {
	t := strings.Replace(strconv.FormatFloat(v, 'f', 1, 64), ".", ",", 1)
	t = strings.Replace(t, "-", "−", 1)
	if signed && v >= 0 {
		t = "+" + t
	}
	return t
}

func recordRows(a, b *place.Lieu) []fieldRow {
	coord := func(l *place.Lieu) string {
		if l.Coordinates == nil {
			return ""
		}
		return formatCoord(l.Coordinates.Lat) + ", " + formatCoord(l.Coordinates.Lon)
	}
	j := func(v []string) string { return strings.Join(v, ", ") }
	return []fieldRow{
		{"Nom", a.Nom, b.Nom},
		{"Adresse", a.Adresse, b.Adresse},
		{"Commune", a.CodePostal + " " + a.Commune + " (" + a.CodeINSEE + ")", b.CodePostal + " " + b.Commune + " (" + b.CodeINSEE + ")"},
		{"Coordonnées", coord(a), coord(b)},
		{"SIRET / RNA", a.Pivot, b.Pivot},
		{"Téléphone", j(a.Telephone), j(b.Telephone)},
		{"Courriel", j(a.Courriels), j(b.Courriels)},
		{"Site web", j(a.SiteWeb), j(b.SiteWeb)},
		{"Typologie", j(a.Typologie), j(b.Typologie)},
		{"Horaires", a.Horaires, b.Horaires},
		{"Itinérance", j(a.Itinerance), j(b.Itinerance)},
		{"Mise à jour", frenchDate(a.DateMaj), frenchDate(b.DateMaj)},
	}
}

func formatCoord(v float64) string {
	return strings.Replace(strings.Replace(strconv.FormatFloat(v, 'f', 5, 64), ".", ",", 1), "-", "−", 1)
}

// moderationDoublons lists the pairs to review and the merged places of
// the moderator's territory.
func (s *Server) moderationDoublons(w http.ResponseWriter, r *http.Request) {
	r, recs, pairs, err := s.dedupData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	queue, err := dedup.ReviewQueue(recs, pairs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	page := doublonsPage{pageMeta: pageMeta{Title: "Doublons à vérifier", Nav: "espace", Flash: flash(r)}}
	for _, it := range queue {
		if account.MayDecide(u, s.placesRequest(r.Context(), it.A.Place, it.B.Place)) != nil {
			continue
		}
		page.Total++
		if len(page.Items) >= maxReviewShown {
			continue
		}
		v := reviewItemView{N: len(page.Items) + 1, SourceA: it.A.Source, IDA: it.A.Lieu.ID, SourceB: it.B.Source, IDB: it.B.Lieu.ID,
			NameA: it.A.Lieu.Nom, NameB: it.B.Lieu.Nom, PlaceA: it.A.Place, PlaceB: it.B.Place,
			Total: decimal(it.Total, false), Rows: recordRows(it.A.Lieu, it.B.Lieu), Reason: it.Scores.Reason}
		for _, c := range it.Scores.Components() {
			v.Components = append(v.Components, componentView{Label: c.Label, Points: decimal(c.C.Points, true), Note: c.C.Note})
		}
		page.Items = append(page.Items, v)
	}
	for _, c := range dedup.Clusters(recs, pairs) {
		if account.MayDecide(u, s.placesRequest(r.Context(), c.Place)) != nil {
			continue
		}
		page.ClustersTotal++
		if len(page.Clusters) < maxReviewShown {
			page.Clusters = append(page.Clusters, c)
		}
	}
	s.render(w, r, http.StatusOK, "doublons.html", page)
}

// moderationDoublonsDecision confirms or rejects a pair to review.
func (s *Server) moderationDoublonsDecision(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	key := store.NewPairKey(store.RecordKey{Source: f.Get("source_a"), ID: f.Get("id_a")}, store.RecordKey{Source: f.Get("source_b"), ID: f.Get("id_b")})
	var decision string
	switch f.Get("decision") {
	case "confirmer":
		decision = store.DecisionConfirmed
	case "rejeter":
		decision = store.DecisionRejected
	default:
		s.error(w, r, failure.Errorf(failure.Invalid, "Décision illisible : confirmer ou rejeter."))
		return
	}
	r, recs, pairs, err := s.dedupData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var pair *store.DuplicatePair
	for i := range pairs {
		if pairs[i].PairKey == key {
			pair = &pairs[i]
		}
	}
	if pair == nil {
		s.notFound(w, r)
		return
	}
	var a, b *dedup.PlacedRecord
	for i := range recs {
		switch recs[i].Key() {
		case key.A:
			a = &recs[i]
		case key.B:
			b = &recs[i]
		}
	}
	if a == nil || b == nil {
		s.notFound(w, r)
		return
	}
	if err := account.MayDecide(currentUser(r), s.placesRequest(r.Context(), a.Place, b.Place)); err != nil {
		s.error(w, r, err)
		return
	}
	if pair.Decision != "" || a.Place == b.Place {
		s.decided(w, r, failure.Errorf(failure.Conflict, "déjà décidé"))
		return
	}
	if err := s.store.DecidePair(r.Context(), key, decision, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if decision == store.DecisionConfirmed {
		survivor, absorbed := a.Place, b.Place
		if b.PlaceCreated.Before(a.PlaceCreated) || b.PlaceCreated.Equal(a.PlaceCreated) && b.Place < a.Place {
			survivor, absorbed = absorbed, survivor
		}
		if err := s.store.MergePlaces(r.Context(), survivor, absorbed, store.MergeInfo{Actor: actor(r),
			Reason: "Même lieu, confirmé par un coordinateur", Score: pair.Total}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.syncAfterWrite(r)
	http.Redirect(w, r, "/moderation/doublons?message=decide", http.StatusSeeOther)
}

// moderationDoublonsSeparer splits a record off its merged place; the
// pairs between it and the place's other records are marked split, so that
// no harvest merges them again.
func (s *Server) moderationDoublonsSeparer(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	key := store.RecordKey{Source: r.PostForm.Get("source"), ID: r.PostForm.Get("id")}
	r, recs, pairs, err := s.dedupData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rec *dedup.PlacedRecord
	for i := range recs {
		if recs[i].Key() == key {
			rec = &recs[i]
		}
	}
	if rec == nil {
		s.notFound(w, r)
		return
	}
	if err := account.MayDecide(currentUser(r), s.placesRequest(r.Context(), rec.Place)); err != nil {
		s.error(w, r, err)
		return
	}
	var others []store.RecordKey
	for _, o := range recs {
		if o.Place == rec.Place && o.Key() != key {
			others = append(others, o.Key())
		}
	}
	if len(others) == 0 {
		s.decided(w, r, failure.Errorf(failure.Conflict, "déjà séparé"))
		return
	}
	if _, err := s.store.SplitRecord(r.Context(), key.Source, key.ID, store.MergeInfo{Actor: actor(r), Reason: "Fusion erronée, séparée par un coordinateur"}); err != nil {
		s.fail(w, r, err)
		return
	}
	known := map[store.PairKey]bool{}
	for _, p := range pairs {
		known[p.PairKey] = true
	}
	var missing []store.DuplicatePair
	for _, o := range others {
		if k := store.NewPairKey(key, o); !known[k] {
			missing = append(missing, store.DuplicatePair{PairKey: k, Scores: "{}", Band: dedup.Same.Code()})
		}
	}
	if err := s.store.SavePairs(r.Context(), missing); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range others {
		if err := s.store.DecidePair(r.Context(), store.NewPairKey(key, o), store.DecisionSplit, actor(r)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.syncAfterWrite(r)
	http.Redirect(w, r, "/moderation/doublons?message=separe", http.StatusSeeOther)
}

// syncAfterWrite shows a merge or a split at once (the watch would catch
// up within a second).
func (s *Server) syncAfterWrite(r *http.Request) {
	if err := s.syncNoWait(r.Context()); err != nil {
		s.log.Warn("index non mis à jour après une décision sur des doublons", "erreur", err)
	}
}
