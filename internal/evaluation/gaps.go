package evaluation

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"maillage/internal/diagnostic"
	"maillage/internal/failure"
	"maillage/internal/french"
	"maillage/internal/territory"
)

// Diagnose computes the diagnostic partagé of a territory with the
// diagnostic's default options (a server passes its cache's, so that the
// report and the /diagnostic pages give the same figures).
type Diagnose func(ctx context.Context, t diagnostic.Territory) (*diagnostic.Report, error)

// MaxGaps bounds the communes the report lists one by one (the
// diagnostic's ranking: unserved people at risk first).
const MaxGaps = 50

// Gap is a commune of the territory that no place of the registry
// serves (none within the diagnostic's catchment): a « zone blanche ».
type Gap struct {
	Code, Name         string
	Population, AtRisk int
	Fragility          float64 // NaN when no index is loaded for it
	DistanceKm         float64 // to the nearest place; +Inf when none within diagnostic.MaxNearestKm
	Beyond20, Beyond30 bool    // the nearest place is more than 20 / 30 minutes away
}

// DistanceText is the distance to the nearest place, in French.
func (g Gap) DistanceText() string {
	if math.IsInf(g.DistanceKm, 1) || math.IsNaN(g.DistanceKm) {
		return fmt.Sprintf("aucun lieu à moins de %d km", int(diagnostic.MaxNearestKm))
	}
	return french.Decimal(g.DistanceKm, 1) + " km"
}

// FragilityText is the fragility score as published, « — » when unknown.
func (g Gap) FragilityText() string {
	if math.IsNaN(g.Fragility) {
		return "—"
	}
	return french.Decimal(g.Fragility, 1)
}

// TimeText says how far the nearest place is in time.
func (g Gap) TimeText() string {
	switch {
	case g.Beyond30:
		return "plus de 30 min"
	case g.Beyond20:
		return "20 à 30 min"
	}
	return "moins de 20 min"
}

// howToLoad says how to load what the diagnostic needs.
const howToLoad = "Chargez le référentiel des communes (maillage territoires import), puis, pour les personnes à risque et la fragilité, les données de demande (maillage demande import --indice … ou --indicateurs …)."

// gapsSection is the report's section of the diagnostic's gaps in the
// scope: the communes no place serves, with their population, people at
// risk, fragility and distance to the nearest place, and the sources and
// vintages of these figures; when the diagnostic cannot be computed (no
// referential, no commune with a centre), it says why and how to load.
func gapsSection(ctx context.Context, st ReportSource, diag Diagnose, ref *territory.Referential, sc Scope, today string) (Section, error) {
	sec := Section{Code: "diagnostic", Title: "Zones blanches / lacunes du diagnostic"}
	if ref.Empty() {
		sec.Note = "Absentes : le référentiel des territoires n'est pas chargé, le diagnostic ne peut pas être calculé. " + howToLoad
		return sec, nil
	}
	var ts []diagnostic.Territory
	if len(sc.Territories) == 0 {
		ts = append(ts, diagnostic.Territory{Kind: diagnostic.KindFrance, Name: "France"})
	}
	for _, t := range sc.Territories {
		dt, err := diagnostic.TerritoryOf(t.Kind, t.Code, ref)
		if err != nil {
			sec.Note = "Absentes : " + failure.MessageOf(err) + "."
			return sec, nil
		}
		ts = append(ts, dt)
	}
	if diag == nil {
		cache := diagnostic.NewCache(st, ref)
		diag = func(ctx context.Context, t diagnostic.Territory) (*diagnostic.Report, error) {
			return cache.Report(ctx, t, diagnostic.Options{})
		}
	}
	var first *diagnostic.Report
	seen := map[string]bool{}
	var rows []diagnostic.Row
	for _, t := range ts {
		rep, err := diag(ctx, t)
		if failure.CodeOf(err) == failure.Unavailable {
			sec.Note = "Absentes : " + failure.MessageOf(err) + ". " + howToLoad
			return sec, nil
		}
		if err != nil {
			return sec, err
		}
		if first == nil {
			first = rep
		}
		for _, r := range rep.Rows {
			if !seen[r.Code] {
				seen[r.Code] = true
				rows = append(rows, r)
			}
		}
	}
	if len(rows) == 0 {
		sec.Note = "Absentes : aucune commune du territoire n'a de centre connu dans le référentiel, le diagnostic ne peut pas situer ses habitants. " + howToLoad
		return sec, nil
	}
	var gaps []diagnostic.Row
	var people, atRisk float64
	for _, r := range rows {
		if !r.Served {
			gaps = append(gaps, r)
			people += r.Population
			atRisk += r.AtRisk
		}
	}
	// The diagnostic's ranking: unserved people at risk, people at risk
	// (most first), then code.
	slices.SortStableFunc(gaps, func(a, b diagnostic.Row) int {
		if c := cmp.Compare(b.UnservedAtRisk, a.UnservedAtRisk); c != 0 {
			return c
		}
		if c := cmp.Compare(b.AtRisk, a.AtRisk); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})

	o := first.Options
	seuil := french.Decimal(o.Catchment(), 1)
	if c := o.Catchment(); c == math.Trunc(c) {
		seuil = french.Number(int(c))
	}
	if o.Unit() == "km" {
		seuil += " km"
	} else {
		seuil += " minutes"
	}
	source := "Diagnostic territorial de maillage (lieux publiés du registre, seuil de desserte " + seuil + ")"
	vintage := "lieux au " + today
	for _, v := range first.Vintages {
		if v.Layer == "communes" {
			vintage += " ; " + v.PopulationWords()
		}
	}
	info := first.Info
	if info.IndexVintage != "" {
		vintage += " ; indice de fragilité " + info.IndexVintage
	}
	if info.IndicatorsVintage != "" {
		vintage += " ; indicateurs de personnes à risque " + info.IndicatorsVintage
	}
	fig := func(ind, label string, v float64) Figure {
		return Figure{Indicator: ind, Label: label, Value: int(math.Round(v)), Source: source, Vintage: vintage}
	}
	sec.Figures = append(sec.Figures,
		fig("diagnostic:communes", "Communes du territoire comptées par le diagnostic", float64(len(rows))),
		fig("diagnostic:communes_non_desservies", "Communes sans lieu à moins de "+seuil+" (zones blanches)", float64(len(gaps))),
		fig("diagnostic:population_non_desservie", "Habitants de ces communes", people),
		fig("diagnostic:personnes_a_risque_non_desservies", "Personnes à risque de ces communes", atRisk))
	for i, r := range gaps {
		if i == MaxGaps {
			break
		}
		g := Gap{Code: r.Code, Name: r.Name, Population: int(math.Round(r.Population)), AtRisk: int(math.Round(r.AtRisk)),
			Fragility: r.Fragility, DistanceKm: r.DistanceKm, Beyond20: r.Beyond20, Beyond30: r.Beyond30}
		sec.Gaps = append(sec.Gaps, g)
		label := fmt.Sprintf("Zone blanche, personnes à risque : %s (%s) ; %s ; fragilité %s ; lieu le plus proche : %s (%s)",
			g.Name, g.Code, french.Count(g.Population, "habitant", "habitants"), g.FragilityText(), g.DistanceText(), g.TimeText())
		sec.Figures = append(sec.Figures, fig("zone_blanche:"+g.Code, label, r.AtRisk))
	}

	var notes []string
	notes = append(notes, "Une zone blanche est une commune dont le centre est à plus de "+seuil+" de tout lieu publié du registre (à vol d'oiseau ; un lieu situé dans la commune la dessert toujours), comme dans le diagnostic partagé (page Diagnostic territorial, maillage diagnostic).")
	if len(gaps) > MaxGaps {
		notes = append(notes, fmt.Sprintf("Les %d premières sur %d, classées par personnes à risque ; toutes : maillage diagnostic --territoire … --format csv.", MaxGaps, len(gaps)))
	}
	if info.AtRiskIsPopulation {
		notes = append(notes, "Aucun indicateur de personnes à risque n'est chargé : chaque habitant compte comme une personne à risque (maillage demande import --indicateurs …).")
	}
	if info.IndexVintage == "" && info.IndicatorsVintage == "" {
		notes = append(notes, "Aucun indice de fragilité n'est chargé : la fragilité n'est pas donnée (maillage demande import --indice …).")
	}
	if first.Stale != nil {
		notes = append(notes, "Le diagnostic est en cours de recalcul : ces chiffres sont ceux de l'état précédent du registre.")
	}
	sec.Note = strings.Join(notes, " ")
	return sec, nil
}
