package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/store"
)

type proposalView struct {
	store.Proposal
	Nom string
	// Author is the account that proposed (zero when deleted since).
	Author account.User
	Diff   []place.Change
}

type reportView struct {
	place.Correction
	Nom, FieldLabel string
	// Sources are where the place's information comes from: a report
	// about a harvested place is forwarded to them.
	Sources []sourceLink
	// Withdrawn: the place is no longer published; MergedInto: it was
	// absorbed by that place (moderation_retires.go).
	Withdrawn  bool
	MergedInto string
}

type queueView struct {
	Claims    []claimView
	Proposals []proposalView
	// ProposalsTotal are all the proposals the moderator may decide;
	// Proposals is page ProposalsPage of ProposalsPages of them.
	ProposalsTotal, ProposalsPage, ProposalsPages int
	// ProposalsPrev and ProposalsNext link the pages around ("" for none).
	ProposalsPrev, ProposalsNext string
	Reports                      []reportView
	// Stale are the places of the territory not confirmed for 6 months.
	Stale      []staleView
	StaleTotal int
	// News are what sources say now about fields set by hand of the
	// territory's places (lieu_reprendre.go).
	News []newsView
	// Orphans are the territory's places every source withdrew, kept by
	// hand edits (orphans.go).
	Orphans []orphanView
}

type staleView struct {
	ID, Nom, Since string
	Claimed        bool
}

type moderationPage struct {
	pageMeta
	queueView
}

// scope is where a place lies, for the territory rules.
func (s *Server) scope(ctx context.Context, l *place.Lieu) account.Scope {
	return account.ScopeOf(l, s.indexOf(ctx).Referential().CommuneEPCI(l.CodeINSEE))
}

// lieuScopes is the scope of a published place, none when it is unknown
// (then only an administrator decides).
func (s *Server) lieuScopes(ctx context.Context, id string) []account.Scope {
	if l, ok := s.indexOf(ctx).Lieu(id); ok {
		return []account.Scope{s.scope(ctx, l)}
	}
	return nil
}

func (s *Server) claimRequest(ctx context.Context, c store.Claim) account.Request {
	return account.Request{Author: c.UserID, Scopes: s.contributionTarget(ctx, c.LieuID).Scopes}
}

// proposalRequest: a proposal touches its place as it is and as it would
// become (a new place only the latter).
func (s *Server) proposalRequest(ctx context.Context, p store.Proposal) account.Request {
	req := account.Request{Author: p.UserID, Scopes: s.lieuScopes(ctx, p.LieuID)}
	if p.LieuID != "" && len(req.Scopes) == 0 {
		return req // the place is gone: an administrator's
	}
	if l, err := s.proposedLieu(ctx, p); err == nil {
		req.Scopes = append(req.Scopes, s.scope(ctx, &l))
	}
	return req
}

func (s *Server) reportRequest(ctx context.Context, rep place.Correction) account.Request {
	return account.Request{Scopes: s.contributionTarget(ctx, rep.LieuID).Scopes}
}

// queue is what waits for the signed-in moderator: claims, proposals and
// public reports about the places of their territory.
func (s *Server) queue(r *http.Request) (queueView, error) {
	u := currentUser(r)
	var q queueView
	ix := s.indexOf(r.Context())
	name := func(id string) string {
		if l, ok := ix.Lieu(id); ok {
			return l.Nom
		}
		return id
	}
	claims, err := s.store.Claims(r.Context(), store.StatusPending, 0)
	if err != nil {
		return q, err
	}
	for _, c := range claims {
		if account.MayDecide(u, s.claimRequest(r.Context(), c)) == nil {
			tg := s.contributionTarget(r.Context(), c.LieuID)
			v := claimView{Claim: c, Nom: tg.Name, Withdrawn: tg.Withdrawn, MergedInto: tg.MergedInto}
			a, err := s.store.User(r.Context(), c.UserID)
			switch {
			case errors.Is(err, failure.ErrNotFound):
				v.Gone = true
			case err != nil:
				return q, err
			default:
				v.Claimant = a
			}
			q.Claims = append(q.Claims, v)
		}
	}
	props, err := s.store.Proposals(r.Context(), store.StatusPending)
	if err != nil {
		return q, err
	}
	var mine []store.Proposal
	for _, p := range props {
		if account.MayDecide(u, s.proposalRequest(r.Context(), p)) == nil {
			mine = append(mine, p)
		}
	}
	q.ProposalsTotal = len(mine)
	q.ProposalsPages = max(1, (len(mine)+proposalsPerPage-1)/proposalsPerPage)
	q.ProposalsPage = 1
	if n, err := strconv.Atoi(r.URL.Query().Get("propositions")); err == nil && n >= 1 {
		q.ProposalsPage = min(n, q.ProposalsPages)
	}
	from := (q.ProposalsPage - 1) * proposalsPerPage
	pageURL := func(n int) string { return "/moderation?propositions=" + strconv.Itoa(n) + "#propositions" }
	if q.ProposalsPage > 1 {
		q.ProposalsPrev = pageURL(q.ProposalsPage - 1)
	}
	if q.ProposalsPage < q.ProposalsPages {
		q.ProposalsNext = pageURL(q.ProposalsPage + 1)
	}
	for _, p := range mine[min(from, len(mine)):min(from+proposalsPerPage, len(mine))] {
		v := proposalView{Proposal: p, Nom: name(p.LieuID)}
		if p.LieuID == "" {
			v.Nom = "Nouveau lieu : " + p.Values["nom"]
		}
		if a, err := s.store.User(r.Context(), p.UserID); err == nil {
			v.Author = a
		}
		var before, after [place.NumFields]string
		if l, ok := ix.Lieu(p.LieuID); ok {
			before = l.Values()
		}
		if l, err := s.proposedLieu(r.Context(), p); err == nil {
			after = l.Values()
		}
		v.Diff = place.Diff(before, after)
		q.Proposals = append(q.Proposals, v)
	}
	reports, err := s.store.Corrections(r.Context(), "")
	if err != nil {
		return q, err
	}
	labels := map[string]string{}
	for _, f := range place.CorrectionFields {
		labels[f.Value] = f.Label
	}
	for _, rep := range reports {
		if rep.Status == place.CorrectionStatusNew && account.MayDecide(u, s.reportRequest(r.Context(), rep)) == nil {
			tg := s.contributionTarget(r.Context(), rep.LieuID)
			q.Reports = append(q.Reports, reportView{Correction: rep, Nom: tg.Name, FieldLabel: labels[rep.Field], Sources: s.sourceLinks(r.Context(), rep.LieuID),
				Withdrawn: tg.Withdrawn, MergedInto: tg.MergedInto})
		}
	}
	sort.Slice(q.Reports, func(i, j int) bool { return q.Reports[i].ID < q.Reports[j].ID })
	approved, err := s.store.Claims(r.Context(), store.StatusApproved, 0)
	if err != nil {
		return q, err
	}
	claimedIDs := map[string]bool{}
	for _, c := range approved {
		claimedIDs[c.LieuID] = true
	}
	now := s.cfg.Now()
	var stale []*place.Lieu
	ix.Each(func(l *place.Lieu) {
		if l.NeedsConfirmation(now) && u.CoversScope(s.scope(r.Context(), l)) {
			stale = append(stale, l)
		}
	})
	sort.SliceStable(stale, func(i, j int) bool { return stale[i].DateMaj.Before(stale[j].DateMaj) })
	q.StaleTotal = len(stale)
	for _, l := range stale[:min(len(stale), 50)] {
		q.Stale = append(q.Stale, staleView{ID: l.ID, Nom: l.Nom, Since: frenchDate(l.DateMaj), Claimed: claimedIDs[l.ID]})
	}
	if q.News, err = s.territoryNews(r.Context(), u); err != nil {
		return q, err
	}
	if q.Orphans, err = s.orphans(r.Context(), u, ""); err != nil {
		return q, err
	}
	return q, nil
}

// moderation is the coordinators' queue.
func (s *Server) moderation(w http.ResponseWriter, r *http.Request) {
	q, err := s.queue(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "moderation.html", moderationPage{pageMeta: pageMeta{Title: "Modération", Nav: "espace", Flash: flash(r)}, queueView: q})
}

func pathNumber(r *http.Request) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue("n"), 10, 64)
	return n, err == nil
}

func decision(r *http.Request) (string, bool) {
	r.ParseForm()
	switch r.PostForm.Get("decision") {
	case "accepter":
		return store.StatusApproved, true
	case "refuser":
		return store.StatusRefused, true
	}
	return "", false
}

// moderated finds item n of a list of requests and checks that the
// moderator may decide it (account.MayDecide); otherwise it answers the
// request itself (404, 403, 500) and returns false.
//
// items are all the requests of a kind, decided or not: one that is no
// longer pending (done) is answered 409 "déjà décidé", the same answer as
// when two moderators race inside the store.
func moderated[T any](s *Server, w http.ResponseWriter, r *http.Request, items []T, err error, n int64, id func(T) int64, request func(T) account.Request, done func(T) bool) (T, bool) {
	var zero T
	if err != nil {
		s.fail(w, r, err)
		return zero, false
	}
	i := slices.IndexFunc(items, func(it T) bool { return id(it) == n })
	if i < 0 {
		s.notFound(w, r)
		return zero, false
	}
	if err := account.MayDecide(currentUser(r), request(items[i])); err != nil {
		s.error(w, r, err)
		return zero, false
	}
	if done != nil && done(items[i]) {
		s.decided(w, r, failure.Errorf(failure.Conflict, "déjà décidé"))
		return zero, false
	}
	return items[i], true
}

// decided ends a moderation action: back to the queue, or, when another
// moderator decided first, a page that says so.
func (s *Server) decided(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, failure.ErrConflict):
		back, label := "/moderation", "Revenir à la modération"
		if strings.HasPrefix(r.URL.Path, "/moderation/doublons") {
			back, label = "/moderation/doublons", "Revenir aux doublons à vérifier"
		}
		s.render(w, r, http.StatusConflict, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Déjà décidé"},
			Message: "Un autre modérateur a déjà traité cet élément.", Back: back, BackLabel: label})
	case err != nil:
		s.fail(w, r, err)
	default:
		http.Redirect(w, r, "/moderation?message=decide", http.StatusSeeOther)
	}
}

// moderationRevendication approves or refuses a claim.
func (s *Server) moderationRevendication(w http.ResponseWriter, r *http.Request) {
	n, ok := pathNumber(r)
	status, ok2 := decision(r)
	if !ok || !ok2 {
		http.Error(w, "Décision illisible.", http.StatusBadRequest)
		return
	}
	claims, err := s.store.Claims(r.Context(), "", 0)
	if _, ok := moderated(s, w, r, claims, err, n, func(c store.Claim) int64 { return c.ID },
		func(c store.Claim) account.Request { return s.claimRequest(r.Context(), c) },
		func(c store.Claim) bool { return c.Status != store.StatusPending }); ok {
		s.decided(w, r, s.store.DecideClaim(r.Context(), n, status, actor(r)))
	}
}

// moderationProposition publishes or refuses a proposal. The decision is
// recorded first, so that two moderators cannot both publish it.
func (s *Server) moderationProposition(w http.ResponseWriter, r *http.Request) {
	n, ok := pathNumber(r)
	status, ok2 := decision(r)
	if !ok || !ok2 {
		http.Error(w, "Décision illisible.", http.StatusBadRequest)
		return
	}
	props, err := s.store.Proposals(r.Context(), "")
	p, ok := moderated(s, w, r, props, err, n, func(p store.Proposal) int64 { return p.ID },
		func(p store.Proposal) account.Request { return s.proposalRequest(r.Context(), p) },
		func(p store.Proposal) bool { return p.Status != store.StatusPending })
	if !ok {
		return
	}
	if status != store.StatusApproved {
		s.decided(w, r, s.store.DecideProposal(r.Context(), n, status, actor(r)))
		return
	}
	// Accepted and published in one transaction: only the proposal's own
	// changes, checked against the values it was made from.
	published, err := s.store.AcceptProposal(r.Context(), p.ID, actor(r))
	if c := store.ConflictsOf(err); len(c) > 0 {
		s.render(w, r, http.StatusConflict, "erreur.html", errorPage{pageMeta: pageMeta{Title: "Proposition en conflit"},
			Message: conflictMessage(c)})
		return
	}
	if err != nil {
		s.decided(w, r, err)
		return
	}
	s.decided(w, r, s.syncOwn(r.Context(), published.ID))
}

// conflictMessage tells a moderator which fields of a proposal changed
// since it was made.
func conflictMessage(c store.Conflicts) string {
	var b strings.Builder
	b.WriteString("La fiche a changé depuis cette proposition : elle reste en attente. ")
	for i, f := range c {
		if i > 0 {
			b.WriteString(" ; ")
		}
		fmt.Fprintf(&b, "« %s » valait « %s » quand elle a été faite, vaut maintenant « %s », la proposition dit « %s »", f.Field, f.From, f.Now, f.Set)
	}
	b.WriteString(". Refusez-la, ou modifiez la fiche vous-même.")
	return b.String()
}

// moderationSignalement closes a public report.
func (s *Server) moderationSignalement(w http.ResponseWriter, r *http.Request) {
	n, ok := pathNumber(r)
	if !ok {
		http.Error(w, "Numéro illisible.", http.StatusBadRequest)
		return
	}
	reports, err := s.store.Corrections(r.Context(), "")
	if _, ok := moderated(s, w, r, reports, err, n, func(p place.Correction) int64 { return p.ID },
		func(p place.Correction) account.Request { return s.reportRequest(r.Context(), p) }, nil); ok {
		s.decided(w, r, s.store.SetCorrectionStatus(r.Context(), n, store.StatusHandled, actor(r)))
	}
}
