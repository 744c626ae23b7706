package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"maillage/internal/account"
	"maillage/internal/evaluation"
	"maillage/internal/failure"
	"maillage/internal/orientation"
	"maillage/internal/standard"
	"maillage/internal/store"
)

type fluxPlace struct {
	orientation.PlaceFlow
	AnsweredPct, HonouredPct string
}

type fluxNeed struct {
	orientation.NeedFlow
	Reasons string
}

type fluxPage struct {
	pageMeta
	Territory                string
	From, To                 string // the form's values (YYYY-MM-DD)
	Period                   string
	Default                  bool // the period is the default one (no du, no au)
	Flows                    orientation.Flows
	AnsweredPct, HonouredPct string
	Places                   []fluxPlace
	Silent                   []fluxPlace
	Needs                    []fluxNeed
	Error                    string
	CSVURL                   string // the same flows as CSV
}

// orientationsFluxLimit bounds the orientations a flows page sums.
const orientationsFluxLimit = 100000

// orientationsFlux is the coordinators' page of the orientations of their
// territory (an administrator's: all): sent and answered per place, the
// shares answered and honoured, the re-orientations each place received
// from other places (those from outside the territory too: a place of the
// territory that only received re-orientations has its row), the places
// that never answer, the needs that found no place. Individual
// orientations are not shown. The period is by default that of the
// statistics pages (evaluation.LastTwelveMonths: the 12 full months
// before the current month), so that « the last year » of a territory's
// orientations is the same on both.
func (s *Server) orientationsFlux(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	def := evaluation.LastTwelveMonths(s.cfg.Now().In(parisTZ()))
	from, err := time.ParseInLocation("2006-01-02", def.From, parisTZ())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := time.ParseInLocation("2006-01-02", def.To, parisTZ())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := fluxPage{pageMeta: pageMeta{Title: "Orientations : les flux du territoire", Nav: "espace"}}
	q := r.URL.Query()
	p.Default = q.Get("du") == "" && q.Get("au") == ""
	var bad []string
	if v := q.Get("du"); v != "" {
		if d, err := time.ParseInLocation("2006-01-02", v, parisTZ()); err == nil {
			from = d
		} else {
			bad = append(bad, fmt.Sprintf("date de début « %s »", v))
		}
	}
	if v := q.Get("au"); v != "" {
		if d, err := time.ParseInLocation("2006-01-02", v, parisTZ()); err == nil {
			to = d
		} else {
			bad = append(bad, fmt.Sprintf("date de fin « %s »", v))
		}
	}
	if len(bad) > 0 {
		s.fail(w, r, failure.Errorf(failure.Invalid, "Période illisible (%s) : écrivez les dates AAAA-MM-JJ.", strings.Join(bad, ", ")))
		return
	}
	p.From, p.To = from.Format("2006-01-02"), to.Format("2006-01-02")
	p.Period = "du " + frenchDate(from) + " au " + frenchDate(to) + " inclus"
	f := store.OrientationFilter{Since: from, Until: to.AddDate(0, 0, 1), Limit: orientationsFluxLimit}
	if u.Role == account.Administrateur {
		f.All = true
		p.Territory = "tout le réseau"
	} else {
		f.Territories = u.Territories
		p.Territory = s.territoriesText(r, u.Territories)
	}
	os, err := s.store.ListOrientations(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirected, err := s.redirectedInto(r.Context(), u, f, os)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Flows = orientation.SumFlows(os, redirected)
	ix := s.indexOf(r.Context())
	for i, pf := range p.Flows.Places {
		if pf.LieuNom == "" { // a place that only received re-orientations
			p.Flows.Places[i].LieuNom = pf.LieuID
			if l, ok := ix.Lieu(pf.LieuID); ok {
				p.Flows.Places[i].LieuNom = l.Nom
			}
		}
	}
	p.AnsweredPct, p.HonouredPct = pct(p.Flows.AnsweredShare()), pct(p.Flows.HonouredShare())
	view := func(pf orientation.PlaceFlow) fluxPlace {
		return fluxPlace{PlaceFlow: pf, AnsweredPct: pct(pf.AnsweredShare()), HonouredPct: pct(pf.HonouredShare())}
	}
	for _, pf := range p.Flows.Places {
		p.Places = append(p.Places, view(pf))
	}
	for _, pf := range p.Flows.Silent {
		p.Silent = append(p.Silent, view(pf))
	}
	for _, n := range p.Flows.Needs {
		v := fluxNeed{NeedFlow: n}
		var rs []string
		for _, reason := range orientation.Reasons {
			if c := n.Reasons[reason]; c > 0 {
				rs = append(rs, fmt.Sprintf("%s : %d", reason.Label(), c))
			}
		}
		v.Reasons = strings.Join(rs, " ; ")
		p.Needs = append(p.Needs, v)
	}
	switch q.Get("format") {
	case "":
	case "csv":
		s.orientationsFluxCSV(w, p)
		return
	default:
		s.fail(w, r, failure.Errorf(failure.Invalid, "Format « %s » : csv (ou rien pour la page).", q.Get("format")))
		return
	}
	p.CSVURL = "/orientations/flux?" + url.Values{"du": {p.From}, "au": {p.To}, "format": {"csv"}}.Encode()
	s.render(w, r, http.StatusOK, "orientations_flux.html", p)
}

// redirectedInto lists the orientations of the period sent on to a place
// of u's territory, wherever they were first sent: an administrator's are
// all those of sent; a coordinator's are read among every re-orientation
// of the period, and kept when the place they were sent on to lies in
// one of its territories (the place as the registry has it now).
func (s *Server) redirectedInto(ctx context.Context, u *account.User, f store.OrientationFilter, sent []orientation.Orientation) ([]orientation.Orientation, error) {
	if f.All {
		return sent, nil
	}
	all, err := s.store.ListOrientations(ctx, store.OrientationFilter{All: true, Status: orientation.Reorientee, Since: f.Since, Until: f.Until, Limit: f.Limit})
	if err != nil {
		return nil, err
	}
	ix := s.indexOf(ctx)
	var out []orientation.Orientation
	for _, o := range all {
		if l, ok := ix.Lieu(o.RedirectedTo); ok && u.CoversScope(s.scope(ctx, l)) {
			out = append(out, o)
		}
	}
	return out, nil
}

// fluxCSVHeader are the columns of the flows' CSV: a line per place
// (ligne « lieu ») then a line per need that found no place (ligne
// « besoin_sans_lieu »: its besoin, envoyees, impossibles, expirees and
// raisons only). Shares are whole percents.
var fluxCSVHeader = []string{"ligne", "lieu_id", "lieu", "besoin", "envoyees", "recues", "avec_reponse", "honorees",
	"part_avec_reponse_pct", "part_honoree_pct", "reorientees", "recues_d_autres_lieux", "impossibles", "expirees", "en_attente",
	"ne_repond_jamais", "raisons"}

// orientationsFluxCSV writes the flows of a page as CSV (cells that would
// start a formula neutralised: places' names are contributors' text).
func (s *Server) orientationsFluxCSV(w http.ResponseWriter, p fluxPage) {
	itoa := strconv.Itoa
	pctOf := func(x float64) string { return fmt.Sprintf("%.0f", x*100) }
	var b strings.Builder
	cw := csv.NewWriter(&b)
	cw.Write(fluxCSVHeader)
	for _, pf := range p.Flows.Places {
		never := "non"
		if pf.NeverAnswers() {
			never = "oui"
		}
		cw.Write(standard.SpreadsheetRow([]string{"lieu", pf.LieuID, pf.LieuNom, "", itoa(pf.Sent), itoa(pf.Received), itoa(pf.Answered), itoa(pf.Honoured),
			pctOf(pf.AnsweredShare()), pctOf(pf.HonouredShare()), itoa(pf.Redirected), itoa(pf.RedirectedIn), itoa(pf.Impossible),
			itoa(pf.Expired), itoa(pf.Pending), never, ""}))
	}
	for _, n := range p.Needs {
		cw.Write(standard.SpreadsheetRow([]string{"besoin_sans_lieu", "", "", n.Need, itoa(n.Sent), "", "", "", "", "", "", "", itoa(n.Impossible),
			itoa(n.Expired), "", "", n.Reasons}))
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="flux-orientations-`+p.From+`-`+p.To+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(b.String()))
}

// pct writes a share as « 42 % ».
func pct(x float64) string { return fmt.Sprintf("%.0f %%", x*100) }

// territoriesText names a coordinator's territories.
func (s *Server) territoriesText(r *http.Request, ts []account.Territory) string {
	ref := s.indexOf(r.Context()).Referential()
	var names []string
	for _, t := range ts {
		name := t.Code
		switch t.Kind {
		case "departement":
			if d, ok := ref.DepartementOf(t.Code); ok {
				name = d.Nom + " (" + t.Code + ")"
			}
		case "epci":
			if e, ok := ref.EPCIOf(t.Code); ok {
				name = e.Nom
			}
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return "aucun territoire"
	}
	return strings.Join(names, ", ")
}
