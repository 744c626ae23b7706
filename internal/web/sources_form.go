package web

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"maillage/internal/failure"
	"maillage/internal/harvest"
	"maillage/internal/store"
)

// The administrators' form to declare a source shows every problem at
// once: a summary at the top (linking to each field) and each message next
// to its field, which is marked aria-invalid and described by it.

// sourceInputs are the form's inputs, by the setting they give, in the
// form's order, with the label the summary names them by.
var sourceInputs = []struct{ Setting, Input, Label string }{
	{harvest.SettingName, "source-nom", "Nom de la source"},
	{harvest.SettingType, "source-types", "Type"},
	{harvest.SettingURL, "source-url", "Adresse"},
	{harvest.SettingCorrespondence, "source-correspondance", "Correspondance d'un tableur"},
	{harvest.SettingInterval, "source-frequence", "Moissonner tous les"},
	{harvest.SettingPriority, "source-priorite", "Priorité"},
	{harvest.SettingMaxLoss, "source-perte-max", "Perte maximale acceptée"},
}

// sourceProblems are a source form's problems: in the form's order, and
// by input.
type sourceProblems struct {
	List    []*formProblem
	ByInput map[string]*formProblem
	// Other are the problems of no input of the form.
	Other []string
}

func (ps *sourceProblems) empty() bool {
	return ps == nil || len(ps.ByInput) == 0 && len(ps.Other) == 0
}

// add records the problem of a setting, unless it has one already (the
// first said is the most precise: the site's own rules come first).
func (ps *sourceProblems) add(setting, msg string) {
	if ps.ByInput == nil {
		ps.ByInput = map[string]*formProblem{}
	}
	for _, in := range sourceInputs {
		if in.Setting != setting {
			continue
		}
		if ps.ByInput[in.Input] != nil {
			return
		}
		ps.ByInput[in.Input] = &formProblem{ID: "erreur-" + in.Input, Field: in.Input, Label: in.Label, Message: msg}
		return
	}
	ps.Other = append(ps.Other, capitalised(msg))
}

// sorted puts the problems in the form's order.
func (ps *sourceProblems) sorted() {
	ps.List = ps.List[:0]
	for _, in := range sourceInputs {
		if p := ps.ByInput[in.Input]; p != nil {
			ps.List = append(ps.List, p)
		}
	}
}

func capitalised(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// checkSourceForm reads a declaration from the form and tells every
// problem it has; the source is declared only without any.
func (s *Server) checkSourceForm(form sourceForm) (store.Source, *sourceProblems) {
	ps := &sourceProblems{}
	src := store.Source{Name: form.Name, Type: form.Type, URL: strings.TrimSpace(form.URL), Correspondence: strings.TrimSpace(form.Correspondence)}
	var err error
	if src.Interval, err = harvest.ParseInterval(form.Every); err != nil {
		ps.add(harvest.SettingInterval, err.Error()+".")
	}
	if form.Priority != "" {
		if src.Priority, err = strconv.Atoi(form.Priority); err != nil {
			ps.add(harvest.SettingPriority, "un nombre entier est attendu (0 par défaut).")
		}
	}
	if strings.TrimSpace(form.MaxLoss) != "" {
		if src.MaxLoss, err = harvest.ParseShare(form.MaxLoss); err != nil {
			ps.add(harvest.SettingMaxLoss, err.Error()+".")
		}
	}
	// From the web, no file of the server: its content would show in the
	// report to every coordinator. Files are declared on the command line.
	if src.URL != "" && (src.Type == store.SourceStandard || src.Type == store.SourceTableur) &&
		!strings.HasPrefix(src.URL, "https://") && !strings.HasPrefix(src.URL, "http://") {
		ps.add(harvest.SettingURL, "une URL (https://…) est attendue ; un fichier du serveur se déclare en ligne de commande (maillage sources ajouter).")
	}
	// The Coop's key and data·inclusion's token go where the address
	// says: from the site, only to the configured API.
	if err := harvest.CheckServiceURL(src, s.serviceOptions()); err != nil {
		ps.add(harvest.SettingURL, strings.TrimPrefix(failure.MessageOf(err), "Adresse : "))
	}
	if c := src.Correspondence; c != "" && !harvest.IsBuiltinCorrespondence(c) {
		ps.add(harvest.SettingCorrespondence, "choisissez une correspondance intégrée ("+strings.Join(harvest.BuiltinCorrespondences(), ", ")+") ; un fichier de correspondance se déclare en ligne de commande.")
	}
	for _, p := range harvest.Problems(src) {
		ps.add(p.Setting, failure.MessageOf(p.Err))
	}
	ps.sorted()
	return src, ps
}

// Input is the problem of an input, nil when it has none.
func (ps *sourceProblems) Input(id string) *formProblem {
	if ps == nil {
		return nil
	}
	return ps.ByInput[id]
}

// Sentence is the problem's message as a sentence of its own, shown next
// to its field.
func (p *formProblem) Sentence() string { return capitalised(p.Message) }

// Anchor is the link to the problem's field on its page.
func (p *formProblem) Anchor() string { return "#" + p.Field }
