package web

import (
	"net/http"
	"strings"

	"maillage/internal/account"
	"maillage/internal/evaluation"
	"maillage/internal/failure"
	"maillage/internal/store"
)

// The statistics' API (issue 11 §3): GET /api/v1/statistiques, for the
// account of an API token, with the pages' access rules (statistiques.go);
// GET /api/v1/statistiques/public/{jeton}, a public link's figures, with
// every withheld count null, "masque": true and its "motif".

// statLineJSON is one indicator of the API.
type statLineJSON struct {
	Indicateur        string `json:"indicateur"`
	Libelle           string `json:"libelle"`
	Valeur            int    `json:"valeur"`
	PeriodePrecedente int    `json:"periode_precedente"`
}

// publicStatLineJSON is one indicator of a public link: a withheld count
// is null, with masque true and its motif (evaluation.ReasonSmall « < 5 »,
// ReasonSecondary, ReasonBreakdown « masqué »).
type publicStatLineJSON struct {
	Indicateur        string `json:"indicateur"`
	Libelle           string `json:"libelle"`
	Valeur            *int   `json:"valeur"`
	Masque            bool   `json:"masque"`
	Motif             string `json:"motif,omitempty"`
	PeriodePrecedente *int   `json:"periode_precedente"`
	PrecedentMasque   bool   `json:"precedent_masque"`
	PrecedentMotif    string `json:"precedent_motif,omitempty"`
}

type statsJSON[L any] struct {
	Territoire  string `json:"territoire"`
	Nom         string `json:"nom"`
	Du          string `json:"du"`
	Au          string `json:"au"`
	PrecedentDu string `json:"precedent_du"`
	PrecedentAu string `json:"precedent_au"`
	Seuil       int    `json:"seuil,omitempty"`
	Indicateurs []L    `json:"indicateurs"`
}

// apiStatsScope reads territoire (lieu:ID, commune:INSEE, epci:SIREN,
// departement:CODE or perimetre) and checks that u reads it as the pages
// do. It returns the scope, its name, and whether it is a place.
func (s *Server) apiStatsScope(r *http.Request, u *account.User, terr string) (evaluation.Scope, string, bool, error) {
	terr = strings.TrimSpace(terr)
	if terr == "perimetre" {
		if !s.coversPerimeter(r.Context(), u) {
			return evaluation.Scope{}, "", false, errPerimeter
		}
		return evaluation.Scope{Territories: s.cfg.HubPerimetre}, "le périmètre du hub (" + s.cfg.Hub.Territoire + ")", false, nil
	}
	sc, err := evaluation.ParseScope(terr)
	if err != nil || sc.Lieu == "" && (len(sc.Territories) != 1 || sc.Territories[0].Kind == "region") {
		return sc, "", false, &ParamError{Param: "territoire", Value: terr, Message: "lieu:IDENTIFIANT, commune:INSEE, epci:SIREN, departement:CODE ou perimetre (un seul)"}
	}
	if sc.Lieu != "" {
		l, ok := s.indexOf(r.Context()).Lieu(sc.Lieu)
		if !ok {
			return sc, "", true, failure.Errorf(failure.NotFound, "Lieu introuvable.")
		}
		if !s.mayReadPlaceStats(r.Context(), u, l) {
			return sc, "", true, failure.Errorf(failure.Forbidden, "Les statistiques d'un lieu sont celles de la structure qui le gère, des coordinateurs de son territoire et des administrateurs.")
		}
		return sc, l.Nom + " (" + l.Commune + ")", true, nil
	}
	t := sc.Territories[0]
	ref := s.indexOf(r.Context()).Referential()
	name, ok := territoryName(ref, t)
	if !ok {
		return sc, "", false, failure.Errorf(failure.NotFound, "Territoire %s:%s inconnu du référentiel.", t.Kind, t.Code)
	}
	if !coversTerritory(u, ref, t) {
		return sc, "", false, failure.Errorf(failure.Forbidden, "Les statistiques de %s sont celles des coordinateurs de ce territoire et des administrateurs.", name)
	}
	return sc, name, false, nil
}

// apiStatistiques answers a territory's (or a place's) figures and the
// previous period's.
func (s *Server) apiStatistiques(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sc, name, forPlace, err := s.apiStatsScope(r, currentUser(r), q.Get("territoire"))
	if pe, ok := err.(*ParamError); ok {
		badParam(w, pe)
		return
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, _, err := statsPeriod(r, s.cfg.Now().In(parisTZ()))
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur, prev, err := evaluation.Load(r.Context(), s.store, sc, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := statsJSON[statLineJSON]{Territoire: strings.TrimSpace(q.Get("territoire")), Nom: name, Du: p.From, Au: p.To,
		PrecedentDu: prev.Period.From, PrecedentAu: prev.Period.To, Indicateurs: []statLineJSON{}}
	names := s.statNames(r.Context(), false)
	for _, c := range evaluation.Compare(cur, prev) {
		if forPlace && (strings.HasPrefix(c.Indicator, "lieu:") || c.Indicator == "hors_lieu_du_registre") {
			continue
		}
		out.Indicateurs = append(out.Indicateurs, statLineJSON{Indicateur: c.Indicator, Libelle: statLabel(c.Indicator, names), Valeur: c.Value, PeriodePrecedente: c.Previous})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiStatistiquesPublic answers a public link's figures, small counts
// withheld (null, masque true); a revoked link is 410.
func (s *Server) apiStatistiquesPublic(w http.ResponseWriter, r *http.Request) {
	cors(w)
	sh, err := s.store.StatsShareByHash(r.Context(), account.HashToken(r.PathValue("jeton")))
	if err == nil && !sh.Revoked.IsZero() {
		err = failure.Errorf(failure.Gone, "Ce lien public vers des statistiques a été révoqué le %s.", frenchDate(sh.Revoked.In(parisTZ())))
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	name, ok := territoryName(s.indexOf(r.Context()).Referential(), sh.Territory)
	if !ok {
		name = sh.Territory.Kind + " " + sh.Territory.Code
	}
	p := sharePeriod(sh, s.cfg.Now().In(parisTZ()))
	cur, prev, err := evaluation.Load(r.Context(), s.store, evaluation.Scope{Territories: []store.TerritoryRef{sh.Territory}}, p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := publicFigures(cur, prev)
	out := statsJSON[publicStatLineJSON]{Territoire: sh.Territory.Kind + ":" + sh.Territory.Code, Nom: name, Du: p.From, Au: p.To,
		PrecedentDu: prev.Period.From, PrecedentAu: prev.Period.To, Seuil: evaluation.Threshold, Indicateurs: []publicStatLineJSON{}}
	names := s.statNames(r.Context(), true)
	value := func(c statCell) *int {
		if c.Hidden {
			return nil
		}
		n := c.N
		return &n
	}
	for _, ind := range f.order {
		c, pc := f.cur[ind], f.prev[ind]
		if _, seen := f.prev[ind]; !seen {
			pc = statCell{Hidden: true, Reason: evaluation.ReasonSmall} // 0
		}
		out.Indicateurs = append(out.Indicateurs, publicStatLineJSON{Indicateur: ind, Libelle: statLabel(ind, names), Valeur: value(c), Masque: c.Hidden, Motif: c.Reason,
			PeriodePrecedente: value(pc), PrecedentMasque: pc.Hidden, PrecedentMotif: pc.Reason})
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	writeJSON(w, http.StatusOK, out)
}
