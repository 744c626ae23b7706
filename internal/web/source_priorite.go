package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maillage/internal/harvest"
	"maillage/internal/store"
)

// The administrators change a source's priority on its page, as
// « maillage sources modifier NOM --priorite N » does: within the same
// bounds (harvest.MaxPriority), in one transaction that computes again
// the places its records feed with another source's, journaled under
// their account (store.ChangeSource).

// priorityEdit is the priority form as typed, and its problem.
type priorityEdit struct {
	Value   string
	Problem *formProblem
}

// sourcePriority changes a source's priority.
func (s *Server) sourcePriority(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("nom")
	typed := strings.TrimSpace(r.PostFormValue("priorite"))
	refuse := func(msg string) {
		s.renderSource(w, r, http.StatusUnprocessableEntity, priorityEdit{Value: typed,
			Problem: &formProblem{ID: "erreur-source-priorite", Field: "source-priorite", Label: "Priorité", Message: msg}})
	}
	prio, err := strconv.Atoi(typed)
	if err != nil {
		refuse(fmt.Sprintf("un nombre entier entre -%d et %d est attendu (la plus haute l'emporte quand les sources se contredisent).", harvest.MaxPriority, harvest.MaxPriority))
		return
	}
	if prio < -harvest.MaxPriority || prio > harvest.MaxPriority {
		refuse(fmt.Sprintf("priorité %d hors limites : un entier entre -%d et %d est attendu.", prio, harvest.MaxPriority, harvest.MaxPriority))
		return
	}
	before, err := s.store.Source(r.Context(), name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, n, err := s.store.ChangeSource(r.Context(), name, store.SourceChange{Priority: &prio}, actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := url.Values{"message": {"priorite-modifiee"}, "avant": {strconv.Itoa(before.Priority)}, "apres": {strconv.Itoa(after.Priority)},
		"recalcules": {strconv.Itoa(n)}}
	http.Redirect(w, r, SitePath("sources", after.Name)+"?"+q.Encode(), http.StatusSeeOther)
}

// priorityFlash says what a change of priority did; the numbers of the
// address are read as numbers only.
func priorityFlash(q url.Values) string {
	before, err1 := strconv.Atoi(q.Get("avant"))
	after, err2 := strconv.Atoi(q.Get("apres"))
	n, err3 := strconv.Atoi(q.Get("recalcules"))
	if err1 != nil || err2 != nil || err3 != nil || n < 0 {
		return "Priorité modifiée."
	}
	places := fmt.Sprintf("%d lieu alimenté aussi par une autre source recalculé", n)
	if n > 1 {
		places = fmt.Sprintf("%d lieux alimentés aussi par une autre source recalculés", n)
	}
	return fmt.Sprintf("Priorité modifiée : %d → %d ; %s.", before, after, places)
}

// Max is the bound of a priority, either way.
func (priorityEdit) Max() int { return harvest.MaxPriority }
