package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"maillage/internal/activity"
	"maillage/internal/coopapi"
	"maillage/internal/french"
	"maillage/internal/openinghours"
	"maillage/internal/printable"
	"maillage/internal/store"
)

var departementCodeRE = regexp.MustCompile(`^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-8]|98[4-9])$`)

// activitesImporterAPI reads the Coop's API statistics of the hub's
// départements, month by month, and stores them in one transaction: all
// of them, or nothing when one request fails.
func activitesImporterAPI(ctx context.Context, e *env, dbURL, depsFlag, from, to string) error {
	const name = "activites importer --coop-api"
	key := strings.TrimSpace(e.getenv("MAILLAGE_COOP_API_CLE"))
	if id, secret, ok := strings.Cut(key, ":"); !ok || id == "" || secret == "" {
		return usageError{name + " : la clé du client API de la Coop est attendue dans MAILLAGE_COOP_API_CLE, « identifiant:secret » (portée Statistiques)"}
	}
	base := strings.TrimSpace(e.getenv("MAILLAGE_COOP_API_URL"))
	if base == "" {
		base = coopapi.DefaultURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" {
		return usageError{name + " : MAILLAGE_COOP_API_URL : une adresse http(s), sans identifiants ni paramètres (par exemple " + coopapi.DefaultURL + ")"}
	}
	deps, err := apiDepartements(depsFlag, e.getenv("MAILLAGE_HUB_PERIMETRE"))
	if err != nil {
		return usageError{name + " : " + err.Error()}
	}
	months, from, to, err := apiMonths(from, to, e.now())
	if err != nil {
		return usageError{name + " : " + err.Error()}
	}
	client := &coopapi.Client{BaseURL: base, Key: key, HTTP: &http.Client{Timeout: time.Minute}, Retries: 3, MaxWait: 2 * time.Minute, Now: e.now}
	var aggs []activity.APIAggregate
	for _, d := range deps {
		for _, m := range months {
			g, err := client.Month(ctx, d, m)
			if err != nil {
				return err
			}
			aggs = append(aggs, g)
		}
	}
	st, err := openStore(ctx, e, dbURL, store.WithClock(e.now))
	if err != nil {
		return err
	}
	defer st.Close()
	what := fmt.Sprintf("API de la Coop (%s), départements %s, du %s au %s", u.Host, strings.Join(deps, ", "), from, to)
	run, err := st.ImportCoopAPI(ctx, activity.ImportRun{File: what}, aggs, cliActor)
	if err != nil {
		return err
	}
	if err := checkpoint(ctx, e, st, dbURL); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s : %s, %s, %s, %s\n", printable.String(what), french.Count(run.Lines, "département-mois", "départements-mois"),
		french.Count(run.Created, "ajouté", "ajoutés"), french.Count(run.Replaced, "remplacé", "remplacés"), french.Count(run.Unchanged, "inchangé", "inchangés"))
	return nil
}

// apiDepartements reads --departements, or the départements of the hub's
// perimeter (departement:CODE entries of MAILLAGE_HUB_PERIMETRE).
func apiDepartements(flagValue, perimeter string) ([]string, error) {
	var deps []string
	seen := map[string]bool{}
	add := func(d string) error {
		d = strings.ToUpper(strings.TrimSpace(d))
		if !departementCodeRE.MatchString(d) {
			return fmt.Errorf("--departements : « %s » n'est pas un code de département (81, 2A, 974…)", printable.String(d))
		}
		if !seen[d] {
			seen[d] = true
			deps = append(deps, d)
		}
		return nil
	}
	if strings.TrimSpace(flagValue) != "" {
		for _, d := range strings.FieldsFunc(flagValue, func(r rune) bool { return r == ',' || r == ' ' }) {
			if err := add(d); err != nil {
				return nil, err
			}
		}
		return deps, nil
	}
	refs, ok := store.ParseTerritoryRefs(perimeter)
	if ok {
		for _, r := range refs {
			if r.Kind == "departement" {
				if err := add(r.Code); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(deps) == 0 {
		return nil, fmt.Errorf("quels départements ? --departements 81,12, ou MAILLAGE_HUB_PERIMETRE avec des departement:CODE")
	}
	return deps, nil
}

// apiMonths reads the period: whole months (--du a first day, --au a
// last day), by default the last 12 months over before now (Paris).
func apiMonths(from, to string, now time.Time) (months []string, f, t string, err error) {
	today := now.In(openinghours.Paris)
	thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	if from == "" && to == "" {
		from = thisMonth.AddDate(0, -12, 0).Format("2006-01-02")
		to = thisMonth.AddDate(0, 0, -1).Format("2006-01-02")
	}
	first, err1 := time.Parse("2006-01-02", from)
	last, err2 := time.Parse("2006-01-02", to)
	switch {
	case err1 != nil || first.Day() != 1:
		return nil, "", "", fmt.Errorf("--du « %s » : le premier jour d'un mois, AAAA-MM-01 (les statistiques s'importent par mois entiers)", printable.String(from))
	case err2 != nil || last.AddDate(0, 0, 1).Day() != 1:
		return nil, "", "", fmt.Errorf("--au « %s » : le dernier jour d'un mois, AAAA-MM-JJ (les statistiques s'importent par mois entiers)", printable.String(to))
	case last.Before(first):
		return nil, "", "", fmt.Errorf("--au (%s) précède --du (%s)", to, from)
	case !last.Before(thisMonth.AddDate(0, 1, 0)):
		return nil, "", "", fmt.Errorf("--au « %s » : un mois passé ou en cours", to)
	case first.Year() < activity.MinYear:
		return nil, "", "", fmt.Errorf("--du « %s » : %d ou après", from, activity.MinYear)
	}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
		if len(months) > 120 {
			return nil, "", "", fmt.Errorf("--du et --au : 120 mois au plus")
		}
	}
	return months, from, to, nil
}
