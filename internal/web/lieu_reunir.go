package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/place"
	"maillage/internal/search"
	"maillage/internal/store"
)

// GET and POST /lieux/{id}/reunir: a coordinator of the place's territory
// (or an administrator) merges it by hand with another place, chosen by
// its public id or the address of its page as pasted (placeRef), or among
// the nearby ones (same commune, or within 500 m; never one a decision
// keeps apart). An absorbed id leads to the place it redirects to, and
// the confirmation says so. The POST without confirmer=oui shows both
// places side by side, which id survives (the merge rule: the older; the
// other answers 301 to it) and, beyond farMetres, how far apart they are,
// and changes nothing; with it, the places merge as a person's decision
// (store.Undos.MergeByHand), which later harvests keep. Two places a
// « lieux distincts » or a split keeps apart are refused (409), the
// message naming that decision, who took it and when.

// nearbyMetres is how far a nearby place may be.
const nearbyMetres = 500

// nearbyLimit bounds the nearby places offered.
const nearbyLimit = 30

// farMetres is the distance beyond which the confirmation warns that the
// two places are far apart.
const farMetres = 1000

type nearbyView struct {
	ID, Nom, Adresse, Commune string
	Distance                  string // "" when unknown (same commune, no position)
}

type reunirPage struct {
	pageMeta
	Lieu   *place.Lieu
	Nearby []nearbyView
	Autre  string
	Error  string
}

type reunirConfirmPage struct {
	pageMeta
	Lieu, Autre        *place.Lieu
	Rows               []fieldRow
	Survivor, Absorbed string
	// Asked is the id as given when it was absorbed by Autre (a
	// redirection followed); Far how far apart the places are, when more
	// than farMetres.
	Asked, Far string
}

// mergeablePlace is the published place of the path, if u may decide on
// it.
func (s *Server) mergeablePlace(w http.ResponseWriter, r *http.Request) (*place.Lieu, bool) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return nil, false
	}
	if err := account.MayDecide(currentUser(r), s.placesRequest(r.Context(), l.ID)); err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return l, true
}

func (s *Server) lieuReunir(w http.ResponseWriter, r *http.Request) {
	l, ok := s.mergeablePlace(w, r)
	if !ok {
		return
	}
	s.renderReunir(w, r, http.StatusOK, l, "", "")
}

func (s *Server) renderReunir(w http.ResponseWriter, r *http.Request, status int, l *place.Lieu, autre, problem string) {
	apart, err := s.store.SeparatedFrom(r.Context(), l.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := reunirPage{pageMeta: pageMeta{Title: "Réunir « " + l.Nom + " » avec un autre lieu", Nav: "espace"}, Lieu: l, Autre: autre, Error: problem,
		Nearby: nearby(s.indexOf(r.Context()), l, apart)}
	s.render(w, r, status, "lieu_reunir.html", p)
}

// nearby are the other places of l's commune or within nearbyMetres of
// it, the nearest first, but those a person said are distinct from l
// (apart).
func nearby(ix *search.Index, l *place.Lieu, apart []string) []nearbyView {
	type cand struct {
		l *place.Lieu
		m float64 // -1: unknown
	}
	var out []cand
	ix.Each(func(o *place.Lieu) {
		if o.ID == l.ID || slices.Contains(apart, o.ID) {
			return
		}
		m := -1.0
		if l.Coordinates != nil && o.Coordinates != nil {
			m = search.DistanceKm(l.Coordinates.Lat, l.Coordinates.Lon, o.Coordinates.Lat, o.Coordinates.Lon) * 1000
		}
		if m >= 0 && m <= nearbyMetres || l.CodeINSEE != "" && o.CodeINSEE == l.CodeINSEE {
			out = append(out, cand{o, m})
		}
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.m < 0) != (b.m < 0) {
			return b.m < 0
		}
		if a.m != b.m {
			return a.m < b.m
		}
		return a.l.ID < b.l.ID
	})
	out = out[:min(len(out), nearbyLimit)]
	views := make([]nearbyView, len(out))
	for i, c := range out {
		views[i] = nearbyView{ID: c.l.ID, Nom: c.l.Nom, Adresse: c.l.Adresse, Commune: c.l.Commune}
		if c.m >= 0 {
			views[i].Distance = distanceText(c.m / 1000)
		}
	}
	return views
}

func (s *Server) lieuReunirEnvoi(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	r, err := s.freshSnapshot(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, ok := s.mergeablePlace(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	typed := strings.TrimSpace(r.PostForm.Get("autre"))
	autre, problem := placeRef(typed, s.cfg.BaseURL)
	if problem != "" {
		s.renderReunir(w, r, http.StatusUnprocessableEntity, l, typed, problem)
		return
	}
	if autre == "" {
		s.renderReunir(w, r, http.StatusUnprocessableEntity, l, typed, "Indiquez l'identifiant de l'autre lieu, ou choisissez-le parmi les lieux proches.")
		return
	}
	// An absorbed place's id leads to the place it was merged into.
	asked := ""
	if to, moved, err := s.store.Redirect(ctx, autre); err == nil && moved {
		asked, autre = autre, to
	}
	o, ok := s.indexOf(ctx).Lieu(autre)
	if !ok {
		s.renderReunir(w, r, http.StatusNotFound, l, typed, "Aucun lieu n'est publié sous l'identifiant « "+autre+" ».")
		return
	}
	if o.ID == l.ID {
		msg := "« " + autre + " » est ce lieu-ci : choisissez un autre lieu."
		if asked != "" {
			msg = "« " + asked + " » a déjà été fusionné dans ce lieu-ci (son adresse y renvoie) : choisissez un autre lieu."
		}
		s.renderReunir(w, r, http.StatusUnprocessableEntity, l, typed, msg)
		return
	}
	if err := account.MayDecide(currentUser(r), s.placesRequest(ctx, l.ID, o.ID)); err != nil {
		s.error(w, r, err)
		return
	}
	survivor, err := s.store.MergeSurvivor(ctx, l.ID, o.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if r.PostForm.Get("confirmer") != "oui" {
		p := reunirConfirmPage{pageMeta: pageMeta{Title: "Réunir deux lieux : confirmer", Nav: "espace"}, Lieu: l, Autre: o,
			Rows: recordRows(l, o), Survivor: survivor, Absorbed: o.ID, Asked: asked}
		if l.Coordinates != nil && o.Coordinates != nil {
			if km := search.DistanceKm(l.Coordinates.Lat, l.Coordinates.Lon, o.Coordinates.Lat, o.Coordinates.Lon); km*1000 > farMetres {
				p.Far = distanceText(km)
			}
		}
		if survivor == o.ID {
			p.Absorbed = l.ID
		}
		s.render(w, r, http.StatusOK, "lieu_reunir_confirmer.html", p)
		return
	}
	chosen := r.PostForm.Get("survivant")
	if chosen == "" {
		s.error(w, r, failure.Errorf(failure.Invalid, "Lieu qui garde son identifiant manquant : recommencez depuis la page du lieu."))
		return
	}
	if err := s.store.MergeByHand(ctx, l.ID, o.ID, chosen, store.MergeInfo{Actor: actor(r), Reason: "Même lieu, réunis à la main par un coordinateur"}); err != nil {
		s.error(w, r, err)
		return
	}
	s.syncAfterWrite(r)
	http.Redirect(w, r, SitePath("lieux", chosen)+"?message=reunis", http.StatusSeeOther)
}

// placeRef reads the other place as a person typed or pasted it: an id,
// or the address of its page (/lieux/ID, relative or under the site's
// configured address (never the request's Host), with its query, fragment, trailing
// slash or further path, percent-encoded). It returns the id, or a
// problem to tell the person.
func placeRef(typed, base string) (id, problem string) {
	if !strings.Contains(typed, "/lieux/") && !strings.HasPrefix(typed, "lieux/") && !strings.Contains(typed, "://") {
		return typed, ""
	}
	raw := typed
	if !strings.HasPrefix(raw, "/") && !strings.Contains(raw, "://") {
		if strings.HasPrefix(raw, "lieux/") {
			raw = "/" + raw
		} else {
			raw = "https://" + raw // an address typed without its scheme
		}
	}
	u, err := url.Parse(raw)
	notOurs := "« " + typed + " » n'est pas l'adresse d'un lieu de ce site : collez l'adresse de sa page (…/lieux/identifiant) ou son identifiant."
	if err != nil {
		return "", notOurs
	}
	if u.Host != "" {
		b, _ := url.Parse(base)
		if b == nil || !strings.EqualFold(u.Host, b.Host) {
			return "", notOurs
		}
	}
	rest, ok := strings.CutPrefix(u.EscapedPath(), "/lieux/")
	if !ok {
		return "", notOurs
	}
	id, err = url.PathUnescape(strings.SplitN(rest, "/", 2)[0])
	if err != nil || id == "" {
		return "", notOurs
	}
	return id, ""
}
