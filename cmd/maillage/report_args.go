package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"maillage/internal/evaluation"
	"maillage/internal/openinghours"
	"maillage/internal/printable"
	"maillage/internal/store"
)

// perimetre is the value of --territoire that names the hub's perimeter.
const perimetre = "perimetre"

// territoryHelp ends the help of --territoire of the report commands.
const territoryHelp = "ou perimetre (le périmètre du hub : --hub-perimetre) ; par défaut le périmètre du hub quand il est configuré"

// hubPerimeterFlag is --hub-perimetre of a command that reports on the
// hub's perimeter (« --territoire perimetre »), as serve reads it.
func hubPerimeterFlag(fs *flag.FlagSet, e *env) *string {
	return fs.String("hub-perimetre", e.getenv("MAILLAGE_HUB_PERIMETRE"),
		"territoires du hub, lus par --territoire perimetre : departement:81,departement:12, epci:SIREN, commune:INSEE (MAILLAGE_HUB_PERIMETRE)")
}

// reportTerritory reads --territoire of command cmd: « perimetre » is the
// hub's perimeter (hub), and so is no --territoire when a perimeter is
// configured. It returns the territories as ParseScope reads them
// (« france » for everywhere) and whether they are the hub's perimeter.
func reportTerritory(cmd, terr, hub string) (string, bool, error) {
	terr = strings.TrimSpace(terr)
	hub = strings.TrimSpace(hub)
	if terr == "" && hub == "" {
		return "", false, usageError{cmd + " : --territoire est obligatoire (france pour tout, perimetre pour le périmètre du hub)"}
	}
	if terr != "" && !strings.EqualFold(terr, perimetre) {
		return terr, false, nil
	}
	if hub == "" {
		return "", false, usageError{cmd + " : --territoire perimetre : aucun périmètre de hub n'est configuré (--hub-perimetre ou MAILLAGE_HUB_PERIMETRE, par exemple departement:81,departement:12)"}
	}
	if refs, ok := store.ParseTerritoryRefs(hub); !ok || len(refs) == 0 {
		return "", false, usageError{cmd + " : --hub-perimetre « " + printable.String(hub) + " » : s'écrit departement:CODE, epci:SIREN ou commune:INSEE, séparés par des virgules"}
	}
	return hub, true, nil
}

// reportPeriod reads --du and --au of command cmd: both, or neither for
// the last 12 full months before now (Paris), as the statistics pages.
func reportPeriod(cmd, from, to string, now time.Time) (evaluation.Period, error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	switch {
	case from == "" && to == "":
		return evaluation.LastTwelveMonths(now.In(openinghours.Paris)), nil
	case from == "":
		return evaluation.Period{}, usageError{cmd + " : --du est obligatoire avec --au (ou aucun des deux : les 12 derniers mois complets)"}
	case to == "":
		return evaluation.Period{}, usageError{cmd + " : --au est obligatoire avec --du (ou aucun des deux : les 12 derniers mois complets)"}
	}
	for _, d := range []struct{ flag, v string }{{"--du", from}, {"--au", to}} {
		if _, err := time.Parse("2006-01-02", d.v); err != nil {
			return evaluation.Period{}, usageError{fmt.Sprintf("%s : %s « %s » : une date s'écrit AAAA-MM-JJ", cmd, d.flag, printable.String(d.v))}
		}
	}
	p, err := evaluation.ParsePeriod(from, to)
	if err != nil {
		return p, usageError{cmd + " : " + printable.String(err.Error())}
	}
	return p, nil
}
