package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"maillage/internal/account"
	"maillage/internal/failure"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

// The coordinators' pages of the declared sources: each with its last
// harvest, and a page per source with its reports and past harvests.
// Administrators declare and remove sources there too.

// harvestStatusLabels say a harvest's status in French.
var harvestStatusLabels = map[string]string{
	store.HarvestRunning: "en cours", store.HarvestDone: "réussie", store.HarvestUnchanged: "inchangée",
	store.HarvestFailed: "échouée", store.HarvestInterrupted: "interrompue",
}

// sourceTypeLabels describe the types of sources.
var sourceTypeLabels = []struct{ Type, Label string }{
	{store.SourceStandard, "Fichier ou URL au standard"},
	{store.SourceDataGouv, "Jeu de données data.gouv.fr"},
	{store.SourceDataInclusion, "API data·inclusion"},
	{store.SourceCoop, "API de la Coop de la médiation numérique"},
	{store.SourceTableur, "Tableur avec une correspondance"},
}

func sourceTypeLabel(t string) string {
	for _, l := range sourceTypeLabels {
		if l.Type == t {
			return l.Label
		}
	}
	return t
}

type harvestView struct {
	store.HarvestRun
	When, Ended, StatusLabel string
	Failed                   bool
	// Link shows this harvest's report on its source's page.
	Link string
}

func viewOfRun(r store.HarvestRun) harvestView {
	v := harvestView{HarvestRun: r, When: frenchDateTime(r.Started), Ended: frenchDateTime(r.Ended),
		StatusLabel: harvestStatusLabels[r.Status], Failed: r.Status == store.HarvestFailed || r.Status == store.HarvestInterrupted,
		Link: SitePath("sources", r.Source) + "?" + url.Values{"moisson": {strconv.FormatInt(r.ID, 10)}}.Encode()}
	if harvest.MergeFailed(r) {
		// Imported, but duplicates may stay published: shown as a failure.
		v.StatusLabel, v.Failed = harvest.MergeFailedWords(r), true
	}
	return v
}

type sourceView struct {
	store.Source
	TypeLabel, Every string
	// MaxLossText is the share of its records a harvest may withdraw.
	MaxLossText string
	Last        *harvestView
}

func viewOfSource(src store.Source) sourceView {
	src.URL = withoutSecrets(src.URL)
	return sourceView{Source: src, TypeLabel: sourceTypeLabel(src.Type), Every: harvest.FormatInterval(src.Interval), MaxLossText: harvest.FormatShare(src.MaxLoss)}
}

// withoutSecrets is a source's address as pages show it: a password and
// the values of the query (where keys and tokens travel) are hidden.
func withoutSecrets(addr string) string { return store.WithoutSecrets(addr) }

// sourceForm is what an administrator typed to declare a source.
type sourceForm struct {
	Name, Type, URL, Correspondence, Every, Priority, MaxLoss string
}

type sourcesPage struct {
	pageMeta
	Sources []sourceView
	Admin   bool
	Types   any
	Builtin []string
	Form    sourceForm
	// Problems are why the form was refused, by input and in order.
	Problems *sourceProblems
}

type sourcePage struct {
	pageMeta
	Source sourceView
	Runs   []harvestView
	// Shown is the harvest whose report is shown (the last by default).
	Shown *harvestView
	Admin bool
	// CanHarvest: the button "Moissonner maintenant" (an administrator,
	// a source declared, a server that harvests); Running is the harvest
	// under way.
	CanHarvest bool
	Running    *harvestView
	// Next says when the schedule harvests the source next ("" : on
	// demand only).
	Next string
	// Priority is the administrators' form to change the priority.
	Priority priorityEdit
}

func sourcesFlash(r *http.Request) string {
	switch r.URL.Query().Get("message") {
	case "source-declaree":
		return "La source est déclarée. Elle sera moissonnée à son rythme, ou par « maillage moissonner »."
	case "source-supprimee":
		return "La source est supprimée : ses enregistrements sont retirés, ses moissons passées restent."
	}
	return ""
}

// sources lists the declared sources and their last harvest.
func (s *Server) sources(w http.ResponseWriter, r *http.Request) {
	s.renderSources(w, r, http.StatusOK, sourceForm{Every: "24h", Priority: "0"}, &sourceProblems{})
}

func (s *Server) renderSources(w http.ResponseWriter, r *http.Request, status int, form sourceForm, problems *sourceProblems) {
	ctx := r.Context()
	list, err := s.store.DeclaredSources(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	last, err := s.store.LastHarvests(ctx)
	if err == nil {
		err = harvest.SettleLast(ctx, s.store, last) // killed: interrupted
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := sourcesPage{pageMeta: pageMeta{Title: "Sources moissonnées", Nav: "espace", Flash: sourcesFlash(r)},
		Admin: account.Admins.Allows(currentUser(r)), Types: sourceTypeLabels, Builtin: harvest.BuiltinCorrespondences(), Form: form, Problems: problems}
	for _, src := range list {
		v := viewOfSource(src)
		if run, ok := last[src.Name]; ok {
			hv := viewOfRun(run)
			v.Last = &hv
		}
		p.Sources = append(p.Sources, v)
	}
	s.render(w, r, status, "sources.html", p)
}

// source shows one source: its last report and past harvests.
func (s *Server) source(w http.ResponseWriter, r *http.Request) {
	s.renderSource(w, r, http.StatusOK, priorityEdit{})
}

// renderSource shows a source's page; edit is the priority form as
// typed (empty: the source's priority).
func (s *Server) renderSource(w http.ResponseWriter, r *http.Request, status int, edit priorityEdit) {
	ctx := r.Context()
	src, err := s.store.Source(ctx, r.PathValue("nom"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	runs, err := s.store.HarvestRuns(ctx, src.Name, 50)
	if err == nil {
		err = harvest.Settle(ctx, s.store, runs) // killed: interrupted
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var opt harvest.Options
	if s.cfg.Harvest != nil {
		opt = *s.cfg.Harvest
	}
	shown := src // the API a Coop or data·inclusion source reads, the account by its name
	shown.URL, shown.DeclaredBy = harvest.Address(src, opt), s.accountWords(ctx, currentUser(r), src.DeclaredBy)
	p := sourcePage{pageMeta: pageMeta{Title: "Source « " + src.Name + " »", Nav: "espace", Flash: sourceFlash(r)}, Source: viewOfSource(shown),
		Admin: account.Admins.Allows(currentUser(r)), Priority: edit}
	p.CanHarvest = p.Admin && s.cfg.Harvest != nil && src.RemovedAt.IsZero()
	if edit.Problem == nil {
		p.Priority.Value = strconv.Itoa(src.Priority)
	}
	for _, run := range runs {
		p.Runs = append(p.Runs, viewOfRun(run))
	}
	if len(p.Runs) > 0 && runs[0].Status == store.HarvestRunning {
		p.Running = &p.Runs[0]
	}
	if at, ok := harvest.NextHarvest(src, runs); ok && src.RemovedAt.IsZero() {
		p.Next = "dès que possible"
		if !at.IsZero() && at.After(s.cfg.Now()) {
			p.Next = "le " + frenchDateTime(at)
		}
	}
	if len(p.Runs) > 0 {
		p.Shown = &p.Runs[0]
		p.Source.Last = &p.Runs[0]
	}
	if q := r.URL.Query().Get("moisson"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil {
			s.fail(w, r, failure.Errorf(failure.Invalid, "Numéro de moisson illisible : « %s ».", q))
			return
		}
		run, err := s.store.HarvestRun(ctx, id)
		if err == nil {
			one := []store.HarvestRun{run}
			err = harvest.Settle(ctx, s.store, one)
			run = one[0]
		}
		if err == nil && run.Source != src.Name {
			err = failure.Errorf(failure.NotFound, "Moisson n° %d introuvable pour cette source.", id)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v := viewOfRun(run)
		p.Shown = &v
	}
	s.render(w, r, status, "source.html", p)
}

// sourcesDeclare declares a source from the administrators' form.
func (s *Server) sourcesDeclare(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	form := sourceForm{Name: strings.TrimSpace(f.Get("nom")), Type: f.Get("type"), URL: f.Get("url"),
		Correspondence: f.Get("correspondance"), Every: f.Get("tous_les"), Priority: strings.TrimSpace(f.Get("priorite")), MaxLoss: f.Get("perte_max")}
	src, problems := s.checkSourceForm(form)
	if !problems.empty() {
		s.renderSources(w, r, http.StatusUnprocessableEntity, form, problems)
		return
	}
	src.DeclaredBy = actor(r)
	if err := s.store.DeclareSource(r.Context(), src); err != nil {
		if errors.Is(err, failure.ErrConflict) {
			problems.add(harvest.SettingName, failure.MessageOf(err))
			problems.sorted()
			s.renderSources(w, r, http.StatusConflict, form, problems)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/sources?"+url.Values{"message": {"source-declaree"}}.Encode(), http.StatusSeeOther)
}

// sourceRemove removes a source: its records are withdrawn.
func (s *Server) sourceRemove(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("confirmer") != "oui" {
		s.sourceRemoveConfirm(w, r)
		return
	}
	if _, err := harvest.Remove(r.Context(), s.store, r.PathValue("nom"), harvest.Options{Actor: actor(r)}); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/sources?message=source-supprimee", http.StatusSeeOther)
}
