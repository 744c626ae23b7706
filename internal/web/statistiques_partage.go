package web

import (
	"net/http"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/evaluation"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// Public links to a territory's statistics (issue 11 §3): whoever reads a
// territory's statistics (its coordinators, the administrators) publishes
// them as a link, opt-in, and revokes it; the link shows the figures with
// evaluation.Public applied (every count under 5 « < 5 », what would
// give one back by difference « masqué »). Revoking asks a confirmation
// (a checkbox: no script). The link's token is its only credential:
// only its hash is stored, it is shown once.

// shareView is a share as the territory's page lists it.
type shareView struct {
	ID              int64
	Period, Created string
	Revoked         string // "" while the link works
	RevokeURL       string
}

// sharePeriod is the period a share shows when read at today. Two
// readings of one link never differ by less than a whole year (review 11A
// minor 7: a window moved month by month gave each month's small counts
// back by difference): the last calendar year, a fixed period, or the 12
// full months before the link's month, moved on by whole years at each
// anniversary (rollingYear).
func sharePeriod(sh store.StatsShare, today time.Time) evaluation.Period {
	switch sh.Rule {
	case store.SharePreviousYear:
		return evaluation.Year(today.Year() - 1)
	case store.ShareFixed:
		return evaluation.Period{From: sh.From, To: sh.To}
	}
	return rollingYear(sh.Created.In(today.Location()), today)
}

// rollingYear is the 12 full months before the month of created, moved on
// by as many whole years as have passed on today: created on 2 December
// 2026, December 2025 → November 2026 until 30 November 2027, then
// December 2026 → November 2027.
func rollingYear(created, today time.Time) evaluation.Period {
	anchor := time.Date(created.Year(), created.Month(), 1, 0, 0, 0, 0, time.UTC)
	month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	years := month.Year() - anchor.Year()
	if month.Month() < anchor.Month() {
		years--
	}
	if years > 0 {
		anchor = anchor.AddDate(years, 0, 0)
	}
	return evaluation.LastTwelveMonths(anchor)
}

func shareRuleText(sh store.StatsShare) string {
	switch sh.Rule {
	case store.SharePreviousYear:
		return "la dernière année civile complète"
	case store.ShareFixed:
		return "du " + dayText(sh.From) + " au " + dayText(sh.To)
	}
	return "12 mois complets, avancés d'un an à chaque anniversaire du lien"
}

// territoryShares lists the shares of t, newest first.
func (s *Server) territoryShares(r *http.Request, t store.TerritoryRef) ([]shareView, error) {
	all, err := s.store.StatsShares(r.Context())
	if err != nil {
		return nil, err
	}
	var out []shareView
	for _, sh := range all {
		if sh.Territory != t {
			continue
		}
		v := shareView{ID: sh.ID, Period: shareRuleText(sh), Created: frenchDate(sh.Created.In(parisTZ()))}
		if sh.Revoked.IsZero() {
			v.RevokeURL = SitePath("statistiques", "partages", sh.ID, "revoquer")
		} else {
			v.Revoked = frenchDate(sh.Revoked.In(parisTZ()))
		}
		out = append(out, v)
	}
	return out, nil
}

type sharedPage struct {
	pageMeta
	Scope, URL, Back string
}

// statistiquesPartager publishes a territory's statistics as a public
// link and shows the link, once.
func (s *Server) statistiquesPartager(w http.ResponseWriter, r *http.Request) {
	t := store.TerritoryRef{Kind: r.PathValue("type"), Code: strings.ToUpper(r.PathValue("code"))}
	ref := s.indexOf(r.Context()).Referential()
	name, ok := territoryName(ref, t)
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	if !coversTerritory(u, ref, t) {
		s.fail(w, r, failure.Errorf(failure.Forbidden, "Seuls les coordinateurs de %s et les administrateurs en publient les statistiques.", name))
		return
	}
	if err := readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	sh := store.StatsShare{Territory: t, Rule: r.PostForm.Get("regle"), CreatedBy: u.ID}
	if sh.Rule == store.ShareFixed {
		sh.From, sh.To = strings.TrimSpace(r.PostForm.Get("du")), strings.TrimSpace(r.PostForm.Get("au"))
	}
	token, hash := account.NewToken()
	if _, err := s.store.CreateStatsShare(r.Context(), sh, hash, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	link, _ := s.absoluteURL(SitePath("statistiques", "public", token))
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "statistiques_partage.html", sharedPage{pageMeta: pageMeta{Title: "Lien public créé", Nav: "espace"},
		Scope: name, URL: link, Back: SitePath("statistiques", t.Kind, t.Code)})
}

// statistiquesPartageRevoquer revokes a share, for good.
func (s *Server) statistiquesPartageRevoquer(w http.ResponseWriter, r *http.Request) {
	id, err := formID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var sh store.StatsShare
	all, err := s.store.StatsShares(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, x := range all {
		if x.ID == id {
			sh = x
		}
	}
	if sh.ID == 0 {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	if !coversTerritory(u, s.indexOf(r.Context()).Referential(), sh.Territory) {
		s.fail(w, r, failure.Errorf(failure.Forbidden, "Seuls les coordinateurs du territoire partagé et les administrateurs révoquent ce lien."))
		return
	}
	if err := readForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostForm.Get("confirmer") != "oui" {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Révocation non faite : cochez « Je confirme » (la révocation est définitive : le lien cessera de fonctionner pour toujours)."))
		return
	}
	if _, err := s.store.RevokeStatsShare(r.Context(), id, u.ID, actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, SitePath("statistiques", sh.Territory.Kind, sh.Territory.Code)+"?message=partage-revoque#partage", http.StatusSeeOther)
}

// statistiquesPublic is the page of a public link: the territory's
// figures over the share's period, small counts withheld. A revoked link
// answers 410.
func (s *Server) statistiquesPublic(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
	sh, err := s.store.StatsShareByHash(r.Context(), account.HashToken(r.PathValue("jeton")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !sh.Revoked.IsZero() {
		s.fail(w, r, failure.Errorf(failure.Gone, "Ce lien public vers des statistiques a été révoqué le %s par qui l'avait publié : demandez-en un nouveau.", frenchDate(sh.Revoked.In(parisTZ()))))
		return
	}
	ref := s.indexOf(r.Context()).Referential()
	name, ok := territoryName(ref, sh.Territory)
	if !ok {
		name = sh.Territory.Kind + " " + sh.Territory.Code
	}
	p := sharePeriod(sh, s.cfg.Now().In(parisTZ()))
	cur, prev, err := evaluation.Load(r.Context(), s.store, evaluation.Scope{Territories: []store.TerritoryRef{sh.Territory}}, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := statsPage{pageMeta: pageMeta{Title: "Statistiques publiques : " + name}, Scope: name, From: p.From, To: p.To,
		Period: periodText(p), Previous: periodText(prev.Period), Public: true}
	page.Groups = publicFigures(cur, prev).groups(territoryScope(sh.Territory), s.statNames(r.Context(), true), page.Period)
	s.render(w, r, http.StatusOK, "statistiques.html", page)
}
