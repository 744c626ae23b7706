package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/diagnostic"
	"maillage/internal/evaluation"
	"maillage/internal/failure"
	"maillage/internal/store"
	"maillage/internal/territory"
)

type evaluationChoice struct {
	Value, Label string
}

type evaluationPage struct {
	pageMeta
	Admin     bool
	Territory string // the form's value (« departement:81 »)
	Year      int
	Years     []int
	Choices   []evaluationChoice // the coordinator's territories, suggested
	Head      template.HTML      // the report's heading and introduction
	Sections  template.HTML      // its sections
	CSVURL    string
	XLSXURL   string
}

// evaluation is the annual evaluation report of a territory for
// administrators (any territory; the whole network by default) and
// coordinators (within their territories; all of them by default), as a
// page of the site printable on A4, or downloaded (format=csv|xlsx).
func (s *Server) evaluation(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	now := s.cfg.Now().In(parisTZ())
	q := r.URL.Query()
	p := evaluationPage{pageMeta: pageMeta{Title: "Rapport d'évaluation annuel", Nav: "espace"}, Year: now.Year(), Admin: u.Role == account.Administrateur}
	for y := now.Year(); y >= 2020; y-- {
		p.Years = append(p.Years, y)
	}
	p.Territory = strings.TrimSpace(q.Get("territoire"))
	if p.Territory == "" {
		switch {
		case u.Role != account.Administrateur:
			p.Territory = account.FormatTerritories(u.Territories, ",")
		case len(s.cfg.HubPerimetre) > 0:
			p.Territory = "perimetre"
		default:
			p.Territory = "france"
		}
	}
	isHub := strings.EqualFold(p.Territory, "perimetre")
	if isHub {
		p.Territory = "perimetre"
	}
	ref, err := s.store.Territories(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hubScope := evaluation.Scope{Territories: s.cfg.HubPerimetre}
	if len(s.cfg.HubPerimetre) > 0 && mayReport(u, ref, hubScope) == nil {
		p.Choices = append(p.Choices, evaluationChoice{"perimetre", "Périmètre du hub : " + evaluation.TerritoryNames(ref, s.cfg.HubPerimetre)})
	}
	if u.Role != account.Administrateur && len(u.Territories) > 1 {
		p.Choices = append(p.Choices, evaluationChoice{account.FormatTerritories(u.Territories, ","), "Tout votre territoire"})
	}
	if u.Role != account.Administrateur {
		for _, t := range u.Territories {
			p.Choices = append(p.Choices, evaluationChoice{t.Kind + ":" + t.Code, s.territoriesText(r, []account.Territory{t})})
		}
	}
	if v := q.Get("annee"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || len(v) != 4 || y < 2020 || y > now.Year() {
			s.fail(w, r, failure.Errorf(failure.Invalid, "Année « %s » : une année de 2020 à %d.", v, now.Year()))
			return
		}
		p.Year = y
	}
	format := q.Get("format")
	switch format {
	case "", "html", "csv", "xlsx":
	default:
		s.fail(w, r, failure.Errorf(failure.Invalid, "Format « %s » : csv ou xlsx (ou rien pour la page).", format))
		return
	}
	sc, err := evaluation.ParseScope(p.Territory)
	if isHub {
		// The hub's perimeter (everywhere when none is configured).
		sc, err = hubScope, nil
	}
	if err == nil && sc.Lieu != "" {
		err = fmt.Errorf("territoire « %s » : le rapport est celui d'un territoire, pas d'un lieu", p.Territory)
	}
	if err != nil {
		s.fail(w, r, failure.Errorf(failure.Invalid, "%s (ou perimetre, le périmètre du hub).", strings.TrimSuffix(err.Error(), ".")))
		return
	}
	if err := mayReport(u, ref, sc); err != nil {
		s.fail(w, r, err)
		return
	}
	diag := func(ctx context.Context, t diagnostic.Territory) (*diagnostic.Report, error) {
		return s.diagnostics.Report(ctx, t, s.diagnosticOptions(diagnostic.Options{}))
	}
	rep, err := evaluation.BuildReport(r.Context(), s.store, diag, p.Territory, sc, p.Year, s.cfg.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format == "csv" || format == "xlsx" {
		var b bytes.Buffer
		ctype := "text/csv; charset=utf-8"
		if format == "csv" {
			err = rep.WriteCSV(&b)
		} else {
			err = rep.WriteXLSX(&b)
			ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		name := "rapport-evaluation-" + strconv.Itoa(p.Year) + "-" + strings.NewReplacer(":", "-", ",", "_").Replace(strings.ToLower(p.Territory)) + "." + format
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b.Bytes())
		return
	}
	p.Title = fmt.Sprintf("Rapport d'évaluation %d — %s", p.Year, rep.Name)
	if p.Head, p.Sections, err = rep.HTMLParts(); err != nil {
		s.fail(w, r, err)
		return
	}
	base := "/evaluation?" + url.Values{"territoire": {p.Territory}, "annee": {strconv.Itoa(p.Year)}}.Encode()
	p.CSVURL, p.XLSXURL = base+"&format=csv", base+"&format=xlsx"
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "evaluation.html", p)
}

// mayReport says whether u may read the report of sc: an administrator
// any; a coordinator one whose every territory is theirs as the
// statistics pages judge it (coversTerritory), or a région whose communes
// all are theirs; never the whole country.
func mayReport(u *account.User, ref *territory.Referential, sc evaluation.Scope) error {
	if u.Role == account.Administrateur {
		return nil
	}
	out := failure.Errorf(failure.Forbidden, "Ce rapport porte sur un territoire hors du vôtre : un coordinateur lit celui de ses départements et EPCI (ou d'une partie).")
	if u.Role != account.Coordinateur || len(sc.Territories) == 0 {
		return out
	}
	for _, t := range sc.Territories {
		ok := coversTerritory(u, ref, t)
		if t.Kind == "region" {
			ok = allCovered(ref, t, func(c *territory.Commune) bool {
				return u.CoversScope(account.Scope{Departement: c.Departement, EPCI: c.EPCI})
			})
		}
		if !ok {
			return out
		}
	}
	return nil
}

// allCovered: the EPCI or région t has communes in the referential and
// every one of them is covered.
func allCovered(ref *territory.Referential, t store.TerritoryRef, covers func(*territory.Commune) bool) bool {
	n := 0
	for i := range ref.Communes {
		c := &ref.Communes[i]
		if t.Kind == "epci" && c.EPCI != t.Code || t.Kind == "region" && c.Region != t.Code {
			continue
		}
		if !covers(c) {
			return false
		}
		n++
	}
	return n > 0
}
