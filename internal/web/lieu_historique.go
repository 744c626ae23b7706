package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/audit"
	"maillage/internal/place"
)

type historyRow struct {
	audit.Entry
	Label  string
	When   string
	Who    string
	Diff   []place.Change
	Detail string
}

type historiquePage struct {
	pageMeta
	LieuID, Nom string
	Rows        []historyRow
	// Merges are the pairs of records that made the place, explained.
	Merges []mergePair
}

// who names an actor of the journal as the viewer may see it: an
// account's address for an administrator, its role and a pseudonym for
// others, the pseudonym of a deleted account.
func (s *Server) who(r *http.Request, viewer *account.User, actor string) string {
	id, ok := strings.CutPrefix(actor, "compte:")
	if !ok {
		return actor
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return actor
	}
	if u, err := s.store.User(r.Context(), n); err == nil {
		return account.DisplayName(viewer, &u)
	}
	return account.Pseudonym(n)
}

// lieuHistorique shows the journal of a place, for the coordinators of
// its territory and the administrators.
func (s *Server) lieuHistorique(w http.ResponseWriter, r *http.Request) {
	l, ok := s.indexOf(r.Context()).Lieu(r.PathValue("id"))
	if !ok {
		s.notFound(w, r)
		return
	}
	u := currentUser(r)
	if err := account.MayReadHistory(u, s.scope(r.Context(), l)); err != nil {
		s.error(w, r, err)
		return
	}
	entries, err := s.store.Audit(r.Context(), "lieu", l.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := historiquePage{pageMeta: pageMeta{Title: "Historique de « " + l.Nom + " »", Nav: "espace"}, LieuID: l.ID, Nom: l.Nom,
		Merges: s.mergePairs(r.Context(), l.ID)}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		row := historyRow{Entry: e, Label: actionLabel(e.Action), When: frenchDate(e.At) + " " + e.At.In(parisTZ()).Format("15:04"), Who: s.who(r, u, e.Actor)}
		var before, after map[string]any
		json.Unmarshal(e.Before, &before)
		afterErr := json.Unmarshal(e.After, &after)
		if e.Action == "lieu.modifie" || e.Action == "lieu.confirme" {
			var fields []string
			for f := range after {
				fields = append(fields, f)
			}
			sort.Strings(fields)
			for _, f := range fields {
				b, a := toString(before[f]), toString(after[f])
				// Entries written before lists compared as sets may
				// record a mere reordering.
				if !place.SameFieldValue(f, b, a) {
					row.Diff = append(row.Diff, place.Change{Field: f, Before: b, After: a})
				}
			}
		} else if len(after) > 0 {
			row.Detail = s.detail(r, u, after)
		} else if afterErr != nil && len(e.After) > 0 {
			row.Detail = string(e.After) // not an object: shown as written
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "historique.html", p)
}

func toString(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// detail writes an entry's other data as "clé : valeur · …", the account
// it names ("compte": 3) as the viewer may see it.
func (s *Server) detail(r *http.Request, viewer *account.User, data map[string]any) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := toString(data[k])
		n, isNumber := data[k].(float64)
		switch {
		case isNumber && k == "compte":
			v = s.who(r, viewer, "compte:"+strconv.FormatInt(int64(n), 10))
		case strings.HasPrefix(v, "compte:"): // who decided (rejetee_par…)
			v = s.who(r, viewer, v)
		case isNumber && numbered[k]:
			v = "n° " + v
		case k == "statut" && statusLabels[v] != "":
			v = statusLabels[v]
		case isNumber && k == "score":
			v = decimal(n, false)
		case data[k] == true:
			v = "oui"
		}
		parts[i] = detailKey(k) + " : " + v
	}
	return strings.Join(parts, " · ")
}
